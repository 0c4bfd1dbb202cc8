/** The benches' bulk loading: rows in multi-row inserts, each under SQLite's bound-parameter limit. */
import type { Database, Db, NewRow } from '../../server/storage/database.js';

export async function insertInBatches<T extends keyof Database>(db: Db, table: T, rows: NewRow<T>[]): Promise<void> {
  const size = Math.floor(30_000 / Object.keys(rows[0] ?? { x: 1 }).length);
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table).values(rows.slice(i, i + size) as never).execute();
}

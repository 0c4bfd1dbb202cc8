/**
 * Many rows into one table, a few statements, without Kysely's query builder: the scheduler's tick
 * inserts tens of thousands of rows (issue 25), and building, compiling and collecting a query tree
 * with a node per value cost more CPU than SQLite's own work. The statement is the one Kysely would
 * compile (quoted identifiers, one placeholder a value, `?` on SQLite and `$n` on PostgreSQL),
 * made as text once per chunk and run through the same executor (the caller's transaction).
 */
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Database, Db, NewRow } from './database.js';

/** Rows a statement: a few hundred keep each statement's text and parameter array small (SQLite prepares it anew each time) and stay far under SQLite's and PostgreSQL's limits of bound parameters. */
const ROWS_PER_STATEMENT = 250;

/**
 * Inserts `rows` (all with the same columns: a row without one of the first row's columns is a
 * mistake, not a default, and throws) in statements of ROWS_PER_STATEMENT rows each.
 * `onConflictDoNothing`: a row whose value in that unique column is stored already is left out.
 */
export async function insertRows<T extends keyof Database & string>(db: Db, table: T, rows: readonly NewRow<T>[], options: { onConflictDoNothing?: keyof Database[T] & string } = {}): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  const tail = options.onConflictDoNothing ? ` on conflict (${quote(options.onConflictDoNothing)}) do nothing` : '';
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const parameters: unknown[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const values: Record<string, unknown> = row;
      if (Object.keys(values).length !== columns.length) throw new Error(`insertRows(${table}): every row needs the same columns`);
      const marks: string[] = [];
      for (const column of columns) {
        const value = values[column];
        if (value === undefined) throw new Error(`insertRows(${table}): a row without "${column}"`);
        parameters.push(value);
        marks.push(postgres ? `$${parameters.length}` : '?');
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    await db.executeQuery(CompiledQuery.raw(head + tuples.join(', ') + tail, parameters));
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

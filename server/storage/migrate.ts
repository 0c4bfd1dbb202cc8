import { Migrator, SqliteAdapter, sql, type MigrationResultSet } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { isStorageUnavailable, type Db } from './database.js';

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String((error as { message?: unknown } | null)?.message ?? error);
    const hint = isStorageUnavailable(error) ? ' (the database cannot be written: check that its file and folder are writable by this user, and the disk has room)' : '';
    throw new Error(`Migration ${failed ?? ''} failed: ${reason}${hint}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.migrationName}`);
}

/** Applies every pending migration; returns what it did, one line per migration. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const done = unwrap(await migrator(db).migrateToLatest());
  // A migration that removed something (0018: the links of older reminders) leaves the page images
  // from before it in the WAL, which SQLite reuses but does not shorten: empty the WAL after it.
  if (done.length > 0 && db.getExecutor().adapter instanceof SqliteAdapter) await sql`pragma wal_checkpoint(truncate)`.execute(db);
  return done;
}

/** Reverts the latest migration. */
export async function migrateDown(db: Db): Promise<string[]> {
  return unwrap(await migrator(db).migrateDown());
}

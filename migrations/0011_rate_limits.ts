/**
 * Rate limits in the database (issue 12), so they hold across server processes: one row per key
 * (e.g. failed sign-ins from one address). A fixed window is `hits` until `reset_at`; a token bucket
 * (GCRA) keeps its theoretical arrival time in `reset_at`. Either way a row whose `reset_at` has
 * passed means nothing any more, and the scheduler deletes it. Times are epoch milliseconds, so the
 * one UPSERT that counts a hit can do its arithmetic on both SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_reset_at').on('rate_limits').column('reset_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}

/**
 * One index less on the outbox (issue 25): `outbox_messages_status` (status) is the first column of
 * `outbox_messages_finished` (status, created_at, migration 0018), which serves every query that
 * filters on the status alone (the count of failed messages for the Overview) as well as the purge.
 * Each message written or moved from pending to sent updated both; a scheduler tick writes
 * thousands (docs/benchmarks.md, "Programmes: the scheduler tick").
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_messages_status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('outbox_messages_status').on('outbox_messages').column('status').execute();
}

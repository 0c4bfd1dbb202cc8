/**
 * A response gets a server-made, time-ordered id; the client's UUID becomes `client_id`, the
 * idempotency key of the submission. Time-ordered keys append to the end of the indexes that
 * reference a response (scale_scores, flags, audit) instead of touching a random page each,
 * which is most of the cost of a durable (fsync'd) submission. Rows stored before keep their id.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('client_id', 'text').execute();
  await sql`update responses set client_id = id`.execute(db);
  await db.schema.createIndex('responses_client_id').unique().on('responses').column('client_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('responses_client_id').execute();
  await db.schema.alterTable('responses').dropColumn('client_id').execute();
}

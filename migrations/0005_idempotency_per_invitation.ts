/**
 * A submission's client-made id is its idempotency key within its invitation: a retry comes
 * through the same link, and an invitation holds one response at most (responses.invitation_id is
 * unique), so the retry is found through the invitation. A second, global unique index on the
 * client id cost every submission a write to a random page of it, for no lookup.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('responses_client_id').execute();
}

/** Fails if two responses (to different invitations) came with the same client id meanwhile. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('responses_client_id').unique().on('responses').column('client_id').execute();
}

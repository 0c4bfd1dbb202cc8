/**
 * The palliative team's optional note when it accepts a referral (issue 15), beside the reason it
 * gives when it returns one (decision_reason): the nurse reads it on the response.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('referrals').addColumn('decision_note', 'text').execute();
  // The team's history tabs list decided referrals by status, newest decision first.
  await db.schema.createIndex('referrals_status_decided').on('referrals').columns(['status', 'decided_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('referrals_status_decided').execute();
  await db.schema.alterTable('referrals').dropColumn('decision_note').execute();
}

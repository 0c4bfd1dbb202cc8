/**
 * No usable link at rest (issue 21): a reminder's link is made when it is delivered (a new token,
 * stored only as its hash), so the outbox keeps the invitation it opens and a text with `{link}`
 * where the link goes, never the link. Messages written before this migration get their invitation
 * from their dedupe key ("reminder:<invitation id>:..."), and their links (sent or not) are taken
 * out of the text and the link column: a pending one gets a fresh link when it goes out.
 * `sent_at`'s index serves the purge of messages past the retention setting.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox_messages').addColumn('invitation_id', 'text').execute();
  await sql`update outbox_messages set invitation_id = (
    select invitations.id from invitations where outbox_messages.dedupe_key like 'reminder:' || invitations.id || ':%'
  ) where kind = 'reminder'`.execute(db);
  await sql`update outbox_messages set text = replace(text, link, '{link}'), link = null where kind = 'reminder' and link is not null`.execute(db);
  await db.schema.createIndex('outbox_messages_finished').on('outbox_messages').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_messages_finished').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('invitation_id').execute();
}

/**
 * When a patient dies or leaves the service, nothing more goes out (clinical rules v2, part 6):
 * the patient's status (active, deceased, discharged); the time an open invitation was withdrawn
 * because of it (its link then answers 410 invitation_withdrawn); and the patient a queued message
 * is for, so that their unsent reminders can be cancelled. Reminders written before this migration
 * get their patient from the invitation their dedupe key names ("reminder:<invitation id>:...").
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('patients').addColumn('status', 'text', (c) => c.notNull().defaultTo('active')).execute();
  await db.schema.alterTable('invitations').addColumn('withdrawn_at', 'text').execute();
  await db.schema.alterTable('outbox_messages').addColumn('patient_id', 'text').execute();
  await sql`update outbox_messages set patient_id = (
    select invitations.patient_id from invitations where outbox_messages.dedupe_key like 'reminder:' || invitations.id || ':%'
  ) where kind = 'reminder'`.execute(db);
  // Cancelling asks for a patient's pending messages: few rows per patient.
  await db.schema.createIndex('outbox_messages_patient_id').on('outbox_messages').column('patient_id').where(sql.ref('status'), '=', 'pending').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_messages_patient_id').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('patient_id').execute();
  await db.schema.alterTable('invitations').dropColumn('withdrawn_at').execute();
  await db.schema.alterTable('patients').dropColumn('status').execute();
}

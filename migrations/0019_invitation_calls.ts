/**
 * The call list (issue 23): a nurse who phones a patient (or relative) who has not answered
 * records the outcome: no answer, agreed, or does not want to. One row per call, so the patient
 * page shows every try; the list and the patient page read them by invitation.
 * Portable between SQLite and PostgreSQL: text timestamps (ISO-8601 UTC).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitation_calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('called_by', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('called_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invitation_calls_invitation_id').on('invitation_calls').columns(['invitation_id', 'called_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitation_calls').execute();
}

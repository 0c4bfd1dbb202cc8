/**
 * Emergency access, "break the glass" (issue 24): a staff user opens a patient outside her units by
 * giving a reason, for a limited time (the site's `security.emergencyAccessHours`). One row per
 * access: services/access.ts lets the user read the patient while `expires_at` is ahead, and the
 * admins of the patient's units list them. The reason is staff's text about why, kept here and in
 * the audit log.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('emergency_accesses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  // The check on every read of a patient: this user's access to this patient, still running.
  await db.schema.createIndex('emergency_accesses_user_patient').on('emergency_accesses').columns(['user_id', 'patient_id', 'expires_at']).execute();
  // The admins' list and the Overview's count, newest first.
  await db.schema.createIndex('emergency_accesses_created_at').on('emergency_accesses').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('emergency_accesses').execute();
}

/** Emergency accesses ("break the glass", migration 0023). */
import type { Db, NewRow } from './database.js';

export async function insertEmergencyAccess(db: Db, row: NewRow<'emergency_accesses'>): Promise<void> {
  await db.insertInto('emergency_accesses').values(row).execute();
}

/** Whether the user has an emergency access to the patient that runs past `now`. */
export async function runningEmergencyAccess(db: Db, userId: string, patientId: string, now: string): Promise<boolean> {
  const row = await db.selectFrom('emergency_accesses').select('id').where('user_id', '=', userId).where('patient_id', '=', patientId).where('expires_at', '>', now).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The user's emergency access to the patient that runs longest past `now`, if any (the patient page's banner). */
export async function findRunningEmergencyAccess(db: Db, userId: string, patientId: string, now: string) {
  return db.selectFrom('emergency_accesses').select(['expires_at', 'reason']).where('user_id', '=', userId).where('patient_id', '=', patientId).where('expires_at', '>', now)
    .orderBy('expires_at', 'desc').limit(1).executeTakeFirst();
}

/**
 * Emergency accesses, newest first, with who opened which patient; `unitIds`: only to patients
 * with a care relationship to one of these units (null: every patient).
 */
export async function listEmergencyAccesses(db: Db, filter: { unitIds: readonly string[] | null; limit: number }) {
  let q = db
    .selectFrom('emergency_accesses')
    .innerJoin('staff_users', 'staff_users.id', 'emergency_accesses.user_id')
    .innerJoin('patients', 'patients.id', 'emergency_accesses.patient_id')
    .select([
      'emergency_accesses.id', 'emergency_accesses.reason', 'emergency_accesses.created_at', 'emergency_accesses.expires_at',
      'staff_users.id as user_id', 'staff_users.username', 'patients.id as patient_id', 'patients.name as patient_name', 'patients.external_id as patient_external_id',
    ]);
  const { unitIds } = filter;
  if (unitIds) q = q.where('emergency_accesses.patient_id', 'in', (eb) => eb.selectFrom('patient_units').select('patient_units.patient_id').where('patient_units.unit_id', 'in', unitIds.length ? unitIds : ['']));
  return q.orderBy('emergency_accesses.created_at', 'desc').orderBy('emergency_accesses.id').limit(filter.limit).execute();
}

/** How many emergency accesses were opened since `since` (the Overview), to patients of `unitIds` (null: every patient). */
export async function countEmergencyAccessesSince(db: Db, since: string, unitIds: readonly string[] | null = null): Promise<number> {
  let q = db.selectFrom('emergency_accesses').select((eb) => eb.fn.countAll().as('n')).where('created_at', '>=', since);
  if (unitIds) q = q.where('patient_id', 'in', (eb) => eb.selectFrom('patient_units').select('patient_units.patient_id').where('patient_units.unit_id', 'in', unitIds.length ? unitIds : ['']));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

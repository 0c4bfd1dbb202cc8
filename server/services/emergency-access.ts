/**
 * Emergency access, "break the glass" (issue 24): a nurse opens a patient outside her units by
 * giving a reason, for the site's `security.emergencyAccessHours` (4 by default). It is audited as
 * its own action with the reason; while it runs the patient's routes answer her as for her own
 * unit (services/access.ts); the admins of the patient's units list every one.
 */
import type { EmergencyAccess, EmergencyAccessOpened, RunningEmergencyAccess } from '../contract/responses.js';
import { findPatient, findPatientByExternalId, type PatientRow } from '../storage/patients.js';
import { findRunningEmergencyAccess, insertEmergencyAccess, listEmergencyAccesses as listRows } from '../storage/emergency-access.js';
import { transaction } from '../storage/transaction.js';
import { mayReadPatient, scopeOf, visibleUnits } from './access.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';

const HOUR_MS = 3_600_000;
const EMERGENCY_LIST_LIMIT = 500;

/** POST /api/patients/:id/emergency-access. */
export async function openEmergencyAccess(ctx: ServiceContext, by: StaffActor, patientId: string, reason: string): Promise<EmergencyAccessOpened> {
  return breakTheGlass(ctx, by, await findPatient(ctx.db, patientId), reason);
}

/** POST /api/emergency-access: the patient by her exact external id (the staff app's form, for a patient the nurse cannot search for). */
export async function openEmergencyAccessByExternalId(ctx: ServiceContext, by: StaffActor, externalId: string, reason: string): Promise<EmergencyAccessOpened> {
  return breakTheGlass(ctx, by, await findPatientByExternalId(ctx.db, externalId), reason);
}

/**
 * The one home of breaking the glass. A patient she may already see without it (a care relationship
 * with one of her units, a referral to one of them; a site admin: any) needs none: nothing is opened
 * and `expiresAt` is null. Otherwise a new access for the site's hours, audited with its reason
 * (a running one is not extended: each opening is its own entry).
 */
async function breakTheGlass(ctx: ServiceContext, by: StaffActor, patient: PatientRow | undefined, reason: string): Promise<EmergencyAccessOpened> {
  if (!patient) throw new ServiceError('not_found', 'patient_not_found', 'No such patient');
  const now = ctx.now();
  // Without `now` in the scope, a running emergency access does not count: she may open a new one.
  if (await mayReadPatient(ctx.db, await scopeOf(ctx.db, by), patient.id)) return { patientId: patient.id, expiresAt: null };
  const { security } = await ctx.siteSettings();
  const expiresAt = new Date(now.getTime() + security.emergencyAccessHours * HOUR_MS).toISOString();
  const id = ctx.newId();
  await transaction(ctx.db, async (tx) => {
    await insertEmergencyAccess(tx, { id, user_id: by.id, patient_id: patient.id, reason, created_at: now.toISOString(), expires_at: expiresAt });
    // The reason is staff's text about why: kept with the entry, which staff only read.
    await recordAudit(tx, by, now, { action: 'emergency_access.opened', entityType: 'patient', entityId: patient.id, patientId: patient.id, details: { reason, expiresAt } });
  });
  return { patientId: patient.id, expiresAt };
}

/**
 * The caller's running emergency access to a patient she reads only through it (the patient page's
 * banner); null when she sees the patient without one.
 */
export async function runningEmergencyAccessOf(ctx: ServiceContext, by: StaffActor, patientId: string): Promise<RunningEmergencyAccess | null> {
  if (await mayReadPatient(ctx.db, await scopeOf(ctx.db, by), patientId)) return null;
  const row = await findRunningEmergencyAccess(ctx.db, by.id, patientId, ctx.now().toISOString());
  return row ? { expiresAt: row.expires_at, reason: row.reason } : null;
}

/** GET /api/emergency-accesses: those to patients of the admin's units (a site admin: all), newest first; audited as a read. */
export async function listEmergencyAccesses(ctx: ServiceContext, by: StaffActor): Promise<EmergencyAccess[]> {
  const now = ctx.now();
  const rows = await listRows(ctx.db, { unitIds: visibleUnits(await scopeOf(ctx.db, by, now)), limit: EMERGENCY_LIST_LIMIT });
  await recordAudit(ctx.db, by, now, { action: 'emergency_accesses.listed', entityType: 'patient', details: { count: rows.length, patientIds: [...new Set(rows.map((r) => r.patient_id))] } });
  return rows.map((r) => ({
    id: r.id, reason: r.reason, createdAt: r.created_at, expiresAt: r.expires_at, active: r.expires_at > now.toISOString(),
    user: { id: r.user_id, username: r.username }, patient: { id: r.patient_id, name: r.patient_name, externalId: r.patient_external_id },
  }));
}

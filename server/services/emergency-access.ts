/**
 * Emergency access, "break the glass" (issue 24): a nurse opens a patient outside her units by
 * giving a reason, for the site's `security.emergencyAccessHours` (4 by default). It is audited as
 * its own action with the reason; while it runs the patient's routes answer her as for her own
 * unit (services/access.ts); the admins of the patient's units list every one.
 */
import type { EmergencyAccess, EmergencyAccessOpened } from '../contract/responses.js';
import { findPatient } from '../storage/patients.js';
import { insertEmergencyAccess, listEmergencyAccesses as listRows } from '../storage/emergency-access.js';
import { transaction } from '../storage/transaction.js';
import { scopeOf, visibleUnits } from './access.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';

const HOUR_MS = 3_600_000;
const EMERGENCY_LIST_LIMIT = 500;

export async function openEmergencyAccess(ctx: ServiceContext, by: StaffActor, patientId: string, reason: string): Promise<EmergencyAccessOpened> {
  if (!(await findPatient(ctx.db, patientId))) throw new ServiceError('not_found', 'patient_not_found', 'No such patient');
  const now = ctx.now();
  const { security } = await ctx.siteSettings();
  const expiresAt = new Date(now.getTime() + security.emergencyAccessHours * HOUR_MS).toISOString();
  const id = ctx.newId();
  await transaction(ctx.db, async (tx) => {
    await insertEmergencyAccess(tx, { id, user_id: by.id, patient_id: patientId, reason, created_at: now.toISOString(), expires_at: expiresAt });
    // The reason is staff's text about why: kept with the entry, which staff only read.
    await recordAudit(tx, by, now, { action: 'emergency_access.opened', entityType: 'patient', entityId: patientId, patientId, details: { reason, expiresAt } });
  });
  return { expiresAt };
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

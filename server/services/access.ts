/**
 * Need-to-know access (issue 24), in one place: which units a staff user works in, and whether she
 * may see a patient. A nurse (or a unit admin) sees the patients with a care relationship to one of
 * her units; a member of a receiving unit (a palliative team, a rehabilitation service) sees a
 * patient while a referral to her unit is open or accepted; a site admin sees every patient. Every
 * route that shows health data asks here, and anything she may not see answers 404 (not 403), so
 * an id reveals nothing.
 */
import type { Role } from '../contract/codes.js';
import type { Db } from '../storage/database.js';
import { findFlag, type FlagRow } from '../storage/flags.js';
import { findInvitationById, type InvitationRow } from '../storage/invitations.js';
import { findPatient, type PatientRow } from '../storage/patients.js';
import { findResponse, type ResponseRow } from '../storage/responses.js';
import { runningEmergencyAccess } from '../storage/emergency-access.js';
import { isSiteAdmin, unitIdsOfPatient, unitIdsOfUser } from '../storage/units.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';

export interface StaffScope {
  userId: string;
  role: Role;
  /** An admin of every unit: sees every patient and manages every unit. */
  siteAdmin: boolean;
  unitIds: readonly string[];
  /** The instant (ISO) an emergency access must still be running at; without it none counts. */
  now?: string;
}

/** `now`: the request's instant, so the user's running emergency accesses count (issue 24, "break the glass"). */
export async function scopeOf(db: Db, by: StaffActor, now?: Date): Promise<StaffScope> {
  const [siteAdmin, unitIds] = await Promise.all([isSiteAdmin(db, by.id), unitIdsOfUser(db, by.id)]);
  return { userId: by.id, role: by.role, siteAdmin: by.role === 'admin' && siteAdmin, unitIds, ...(now ? { now: now.toISOString() } : {}) };
}

/** The units whose rows a list shows the user; null: every unit (a site admin). */
export const visibleUnits = (scope: StaffScope): readonly string[] | null => (scope.siteAdmin ? null : scope.unitIds);

/** May the user manage (users, settings) this unit: a site admin, or an admin of the unit. */
export const managesUnit = (scope: StaffScope, unitId: string): boolean => scope.siteAdmin || (scope.role === 'admin' && scope.unitIds.includes(unitId));

/**
 * The units whose figures (quality indicators, no patient named) the user sees: her own, and for a
 * receiving unit (a palliative team, a rehabilitation service) also the units whose flags were
 * referred to it, so an install's one team sees what it saw before units; null: every unit (a site admin).
 */
export async function figureUnits(db: Db, scope: StaffScope): Promise<readonly string[] | null> {
  if (scope.siteAdmin) return null;
  if (scope.unitIds.length === 0) return [];
  const referring = await db
    .selectFrom('referrals').innerJoin('flags', 'flags.id', 'referrals.flag_id').select('flags.unit_id').distinct()
    .where('referrals.unit_id', 'in', scope.unitIds).execute();
  return [...new Set([...scope.unitIds, ...referring.map((r) => r.unit_id)])].sort();
}

/**
 * A care relationship with one of the user's units, an open or accepted referral to one of them,
 * or the user's own emergency access to the patient that has not expired.
 */
export async function mayReadPatient(db: Db, scope: StaffScope, patientId: string): Promise<boolean> {
  if (scope.siteAdmin) return true;
  if (scope.now !== undefined && (await runningEmergencyAccess(db, scope.userId, patientId, scope.now))) return true;
  if (scope.unitIds.length === 0) return false;
  const care = await db.selectFrom('patient_units').select('unit_id').where('patient_id', '=', patientId).where('unit_id', 'in', scope.unitIds).limit(1).executeTakeFirst();
  if (care) return true;
  return (await openReferral(db, scope, { patientId })) !== undefined;
}

function openReferral(db: Db, scope: StaffScope, where: { patientId?: string; flagId?: string }) {
  let q = db.selectFrom('referrals').select('id').where('unit_id', 'in', scope.unitIds).where('status', 'in', ['pending', 'accepted']);
  if (where.patientId) q = q.where('patient_id', '=', where.patientId);
  if (where.flagId) q = q.where('flag_id', '=', where.flagId);
  return q.limit(1).executeTakeFirst();
}

const patientNotFound = () => new ServiceError('not_found', 'patient_not_found', 'No such patient');

/** The patient, when the user may see her; 404 otherwise, as for an unknown id. */
export async function requirePatientAccess(ctx: ServiceContext, by: StaffActor, patientId: string, scope?: StaffScope): Promise<PatientRow> {
  const patient = await findPatient(ctx.db, patientId);
  if (!patient || !(await mayReadPatient(ctx.db, scope ?? (await scopeOf(ctx.db, by, ctx.now())), patientId))) throw patientNotFound();
  return patient;
}

/**
 * The flag, when the user may see it: its patient's, and for the palliative team (which reads
 * referrals only, as before units) a flag referred to one of her units, the referral open or accepted.
 */
export async function requireFlagAccess(ctx: ServiceContext, by: StaffActor, flagId: string): Promise<FlagRow> {
  const flag = await findFlag(ctx.db, flagId);
  const notFound = () => new ServiceError('not_found', 'flag_not_found', 'No such flag');
  if (!flag) throw notFound();
  const scope = await scopeOf(ctx.db, by, ctx.now());
  if (scope.siteAdmin) return flag;
  if (scope.now !== undefined && (await runningEmergencyAccess(ctx.db, scope.userId, flag.patient_id, scope.now))) return flag;
  const allowed = by.role === 'palliative_team'
    ? scope.unitIds.length > 0 && (await openReferral(ctx.db, scope, { flagId })) !== undefined
    : await mayReadPatient(ctx.db, scope, flag.patient_id);
  if (!allowed) throw notFound();
  return flag;
}

export async function requireResponseAccess(ctx: ServiceContext, by: StaffActor, responseId: string): Promise<ResponseRow> {
  const response = await findResponse(ctx.db, responseId);
  if (!response || !(await mayReadPatient(ctx.db, await scopeOf(ctx.db, by, ctx.now()), response.patient_id))) {
    throw new ServiceError('not_found', 'response_not_found', 'No such response');
  }
  return response;
}

export async function requireInvitationAccess(ctx: ServiceContext, by: StaffActor, invitationId: string): Promise<InvitationRow> {
  const invitation = await findInvitationById(ctx.db, invitationId);
  if (!invitation || !(await mayReadPatient(ctx.db, await scopeOf(ctx.db, by, ctx.now()), invitation.patient_id))) {
    throw new ServiceError('not_found', 'invitation_not_found', 'No such invitation');
  }
  return invitation;
}

/**
 * The unit a new link or staff entry belongs to: one the user and the patient share (a site admin:
 * any of the patient's). `given` must be one of them (422 unit_not_allowed); without it there must
 * be exactly one (422 unit_required naming `unitId`).
 */
export async function unitForEntry(db: Db, scope: StaffScope, patientId: string, given: string | undefined): Promise<string> {
  const patientUnits = await unitIdsOfPatient(db, patientId);
  const candidates = scope.siteAdmin ? patientUnits : patientUnits.filter((u) => scope.unitIds.includes(u));
  if (given !== undefined) {
    if (!candidates.includes(given)) {
      throw new ServiceError('invalid', 'unit_not_allowed', 'Choose one of your units that the patient is in', [{ path: 'unitId', message: 'must be one of your units with a care relationship to the patient' }]);
    }
    return given;
  }
  if (candidates.length === 1) return candidates[0]!;
  throw new ServiceError('invalid', 'unit_required', 'Say which unit this belongs to', [{ path: 'unitId', message: `required: one of ${candidates.join(', ') || 'your units (the patient is in none of them)'}` }]);
}

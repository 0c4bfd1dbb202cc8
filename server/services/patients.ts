import type { PatientStatus } from '../contract/codes.js';
import type { NewPatient, PatientUpdate } from '../contract/requests.js';
import type { Created, Patient, PatientSummary } from '../contract/responses.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import { withdrawOpenInvitations } from '../storage/invitations.js';
import { cancelPendingMessagesTo } from '../storage/outbox.js';
import { findPatient, findPatientByExternalId, insertPatient, searchPatients, updatePatient as updatePatientRow, type PatientRow } from '../storage/patients.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { transaction } from '../storage/transaction.js';
import { setPatientUnits, unitIdsOfPatient } from '../storage/units.js';
import { mayReadPatient, requirePatientAccess, scopeOf, type StaffScope, visibleUnits } from './access.js';
import { assertOwnUnitsChanged, assertUnitsExist } from './units.js';

export function patientSummary(p: Pick<PatientRow, 'id' | 'name' | 'external_id'>): PatientSummary {
  return { id: p.id, name: p.name, externalId: p.external_id };
}

/**
 * A new patient with care relationships to `unitIds`, by default the nurse's own units; a nurse
 * (or unit admin) may name only her own units, a site admin any (issue 24).
 */
export async function createPatient(ctx: ServiceContext, by: StaffActor, input: NewPatient): Promise<Created> {
  const scope = await scopeOf(ctx.db, by, ctx.now());
  const unitIds = input.unitIds ?? [...scope.unitIds];
  if (unitIds.length === 0) throw new ServiceError('invalid', 'unit_required', 'Say which units care for the patient', [{ path: 'unitIds', message: 'required: you belong to no unit' }]);
  await assertUnitsExist(ctx.db, unitIds, 'unitIds');
  assertOwnUnitsChanged(scope, [], unitIds, 'unitIds');
  const id = ctx.newId();
  const now = ctx.now();
  try {
    await transaction(ctx.db, async (tx) => {
      await insertPatient(tx, {
        id, external_id: input.externalId, name: input.name, email: input.email ?? null, mobile: input.mobile ?? null, created_at: now.toISOString(), created_by: by.id,
      });
      await setPatientUnits(tx, id, unitIds);
      await recordAudit(tx, by, now, { action: 'patient.created', entityType: 'patient', entityId: id, patientId: id, details: { unitIds } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await patientExists(ctx, by, scope, input.externalId);
    throw error;
  }
  return { id };
}

/**
 * 409 `patient_exists`. When she may not see that patient (in no unit of hers), the answer says no
 * more than that the patient exists and points to emergency access, and the attempt is audited
 * (`patient.exists_elsewhere`, without the external id or name), so the patient's units see it.
 */
async function patientExists(ctx: ServiceContext, by: StaffActor, scope: StaffScope, externalId: string): Promise<ServiceError> {
  const existing = await findPatientByExternalId(ctx.db, externalId);
  if (!existing || (await mayReadPatient(ctx.db, scope, existing.id))) return new ServiceError('conflict', 'patient_exists', 'A patient with this external id exists');
  await recordAudit(ctx.db, by, ctx.now(), { action: 'patient.exists_elsewhere', entityType: 'patient', entityId: existing.id, patientId: existing.id, details: {} });
  return new ServiceError('conflict', 'patient_exists', 'A patient with this external id exists in units you do not work in: if her treatment needs it, open her with emergency access (POST /api/emergency-access {externalId, reason})');
}

const PATIENT_SEARCH_LIMIT = 100;

export async function findPatients(ctx: ServiceContext, by: StaffActor, query: string): Promise<Patient[]> {
  // Need-to-know (issue 24): the patients of her units; a site admin's, every patient.
  const rows = await searchPatients(ctx.db, query, PATIENT_SEARCH_LIMIT, visibleUnits(await scopeOf(ctx.db, by, ctx.now())));
  // Which patients were shown (ids, never the search text or names).
  await recordAudit(ctx.db, by, ctx.now(), { action: 'patients.searched', entityType: 'patient', details: { results: rows.length, patientIds: rows.map((r) => r.id) } });
  // Contact details: this route is for nurses and admins only (patientSummary, used elsewhere, has none).
  return Promise.all(rows.map((r) => patientWithContact(ctx.db, r)));
}

/** The patient as nurses and admins see it, contact details and care relationships included. */
async function patientWithContact(db: Db, p: PatientRow): Promise<Patient> {
  return { ...patientSummary(p), email: p.email, mobile: p.mobile, createdAt: p.created_at, status: p.status, unitIds: await unitIdsOfPatient(db, p.id) };
}

/**
 * Sets or removes (null) a patient's e-mail and mobile number, and sets the status; a field left
 * out stays as it is. Contact and status changes are audited separately.
 */
export async function updatePatient(ctx: ServiceContext, by: StaffActor, id: string, input: PatientUpdate): Promise<Patient> {
  const scope = await scopeOf(ctx.db, by, ctx.now());
  const before = await requirePatientAccess(ctx, by, id, scope);
  const { status, unitIds, ...contact } = input;
  const changes = Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as { email?: string | null; mobile?: string | null };
  const unitsBefore = await unitIdsOfPatient(ctx.db, id);
  if (unitIds !== undefined) {
    await assertUnitsExist(ctx.db, unitIds, 'unitIds');
    assertOwnUnitsChanged(scope, unitsBefore, unitIds, 'unitIds');
  }
  const now = ctx.now();
  await transaction(ctx.db, async (tx) => {
    if (unitIds !== undefined && JSON.stringify([...unitIds].sort()) !== JSON.stringify(unitsBefore)) {
      await setPatientUnits(tx, id, unitIds);
      await recordAudit(tx, by, now, { action: 'patient.units_changed', entityType: 'patient', entityId: id, patientId: id, details: { from: unitsBefore, to: [...unitIds].sort() } });
    }
    if (Object.keys(changes).length > 0 || (status === undefined && unitIds === undefined)) {
      if (Object.keys(changes).length > 0) await updatePatientRow(tx, id, changes);
      // Which fields changed, never their values.
      await recordAudit(tx, by, now, { action: 'patient.contact_updated', entityType: 'patient', entityId: id, patientId: id, details: { fields: Object.keys(changes) } });
    }
    if (status !== undefined) await setPatientStatus(tx, by, now, before, status, 'patch');
  });
  return patientWithContact(ctx.db, await requirePatient(ctx, id));
}

/**
 * Sets the patient's status inside the caller's transaction and audits it. A patient who is no
 * longer active gets nothing more (clinical rules v2, part 6): every open link is withdrawn (410
 * invitation_withdrawn) and every queued message to them is cancelled, never sent. Back to active
 * withdraws nothing and revives nothing: a nurse makes a new link.
 */
export async function setPatientStatus(tx: Db, by: StaffActor, now: Date, patient: Pick<PatientRow, 'id' | 'status'>, status: PatientStatus, via: 'patch' | 'flag_closed'): Promise<void> {
  if (patient.status === status) return;
  await updatePatientRow(tx, patient.id, { status });
  const at = now.toISOString();
  const withdrawn = status === 'active' ? 0 : await withdrawOpenInvitations(tx, patient.id, at);
  const cancelled = status === 'active' ? 0 : await cancelPendingMessagesTo(tx, patient.id);
  await recordAudit(tx, by, now, {
    action: 'patient.status_changed', entityType: 'patient', entityId: patient.id, patientId: patient.id,
    details: { from: patient.status, to: status, via, invitationsWithdrawn: withdrawn, messagesCancelled: cancelled },
  });
}

export async function requirePatient(ctx: ServiceContext, id: string): Promise<PatientRow> {
  const patient = await findPatient(ctx.db, id);
  if (!patient) throw new ServiceError('not_found', 'patient_not_found', 'No such patient');
  return patient;
}

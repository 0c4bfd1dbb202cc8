import type { PatientStatus } from '../contract/codes.js';
import type { NewPatient, PatientUpdate } from '../contract/requests.js';
import type { Created, Patient, PatientSummary } from '../contract/responses.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import { withdrawOpenInvitations } from '../storage/invitations.js';
import { cancelPendingMessagesTo } from '../storage/outbox.js';
import { findPatient, insertPatient, searchPatients, updatePatient as updatePatientRow, type PatientRow } from '../storage/patients.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { transaction } from '../storage/transaction.js';

export function patientSummary(p: Pick<PatientRow, 'id' | 'name' | 'external_id'>): PatientSummary {
  return { id: p.id, name: p.name, externalId: p.external_id };
}

export async function createPatient(ctx: ServiceContext, by: StaffActor, input: NewPatient): Promise<Created> {
  const id = ctx.newId();
  const now = ctx.now();
  try {
    await transaction(ctx.db, async (tx) => {
      await insertPatient(tx, {
        id, external_id: input.externalId, name: input.name, email: input.email ?? null, mobile: input.mobile ?? null, created_at: now.toISOString(), created_by: by.id,
      });
      await recordAudit(tx, by, now, { action: 'patient.created', entityType: 'patient', entityId: id, patientId: id });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError('conflict', 'patient_exists', 'A patient with this external id exists');
    throw error;
  }
  return { id };
}

const PATIENT_SEARCH_LIMIT = 100;

export async function findPatients(ctx: ServiceContext, by: StaffActor, query: string): Promise<Patient[]> {
  const rows = await searchPatients(ctx.db, query, PATIENT_SEARCH_LIMIT);
  // Which patients were shown (ids, never the search text or names).
  await recordAudit(ctx.db, by, ctx.now(), { action: 'patients.searched', entityType: 'patient', details: { results: rows.length, patientIds: rows.map((r) => r.id) } });
  // Contact details: this route is for nurses and admins only (patientSummary, used elsewhere, has none).
  return rows.map(patientWithContact);
}

/** The patient as nurses and admins see it, contact details included. */
function patientWithContact(p: PatientRow): Patient {
  return { ...patientSummary(p), email: p.email, mobile: p.mobile, createdAt: p.created_at, status: p.status };
}

/**
 * Sets or removes (null) a patient's e-mail and mobile number, and sets the status; a field left
 * out stays as it is. Contact and status changes are audited separately.
 */
export async function updatePatient(ctx: ServiceContext, by: StaffActor, id: string, input: PatientUpdate): Promise<Patient> {
  const before = await requirePatient(ctx, id);
  const { status, ...contact } = input;
  const changes = Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as { email?: string | null; mobile?: string | null };
  const now = ctx.now();
  await transaction(ctx.db, async (tx) => {
    if (Object.keys(changes).length > 0 || status === undefined) {
      if (Object.keys(changes).length > 0) await updatePatientRow(tx, id, changes);
      // Which fields changed, never their values.
      await recordAudit(tx, by, now, { action: 'patient.contact_updated', entityType: 'patient', entityId: id, patientId: id, details: { fields: Object.keys(changes) } });
    }
    if (status !== undefined) await setPatientStatus(tx, by, now, before, status, 'patch');
  });
  return patientWithContact(await requirePatient(ctx, id));
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

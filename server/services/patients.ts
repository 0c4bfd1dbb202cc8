import type { NewPatient, PatientContactUpdate } from '../contract/requests.js';
import type { Created, Patient, PatientSummary } from '../contract/responses.js';
import { isUniqueViolation } from '../storage/database.js';
import { findPatient, insertPatient, searchPatients, updatePatient, type PatientRow } from '../storage/patients.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';

export function patientSummary(p: Pick<PatientRow, 'id' | 'name' | 'external_id'>): PatientSummary {
  return { id: p.id, name: p.name, externalId: p.external_id };
}

export async function createPatient(ctx: ServiceContext, by: StaffActor, input: NewPatient): Promise<Created> {
  const id = ctx.newId();
  const now = ctx.now();
  try {
    await ctx.db.transaction().execute(async (tx) => {
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
  await recordAudit(ctx.db, by, ctx.now(), { action: 'patients.searched', entityType: 'patient', details: { results: rows.length } });
  // Contact details: this route is for nurses and admins only (patientSummary, used elsewhere, has none).
  return rows.map((p) => ({ ...patientSummary(p), email: p.email, mobile: p.mobile, createdAt: p.created_at }));
}

/** Sets or removes (null) a patient's e-mail and mobile number; a field left out stays as it is. */
export async function updatePatientContact(ctx: ServiceContext, by: StaffActor, id: string, input: PatientContactUpdate) {
  await requirePatient(ctx, id);
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as { email?: string | null; mobile?: string | null };
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    if (Object.keys(changes).length > 0) await updatePatient(tx, id, changes);
    // Which fields changed, never their values.
    await recordAudit(tx, by, now, { action: 'patient.contact_updated', entityType: 'patient', entityId: id, patientId: id, details: { fields: Object.keys(changes) } });
  });
  const patient = await requirePatient(ctx, id);
  return { ...patientSummary(patient), email: patient.email, mobile: patient.mobile, createdAt: patient.created_at };
}

export async function requirePatient(ctx: ServiceContext, id: string): Promise<PatientRow> {
  const patient = await findPatient(ctx.db, id);
  if (!patient) throw new ServiceError('not_found', 'patient_not_found', 'No such patient');
  return patient;
}

import { z } from 'zod';
import { isUniqueViolation } from '../storage/database.js';
import { findPatient, insertPatient, searchPatients, type PatientRow } from '../storage/patients.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';

export const newPatientSchema = z.object({
  externalId: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
});

export function patientSummary(p: Pick<PatientRow, 'id' | 'name' | 'external_id'>) {
  return { id: p.id, name: p.name, externalId: p.external_id };
}

export async function createPatient(ctx: ServiceContext, by: StaffActor, input: z.infer<typeof newPatientSchema>): Promise<{ id: string }> {
  const id = ctx.newId();
  const now = ctx.now();
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await insertPatient(tx, { id, external_id: input.externalId, name: input.name, created_at: now.toISOString(), created_by: by.id });
      await recordAudit(tx, by, now, { action: 'patient.created', entityType: 'patient', entityId: id, patientId: id });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError('conflict', 'patient_exists', 'A patient with this external id exists');
    throw error;
  }
  return { id };
}

const PATIENT_SEARCH_LIMIT = 100;

export async function findPatients(ctx: ServiceContext, by: StaffActor, query: string) {
  const rows = await searchPatients(ctx.db, query, PATIENT_SEARCH_LIMIT);
  await recordAudit(ctx.db, by, ctx.now(), { action: 'patients.searched', entityType: 'patient', details: { results: rows.length } });
  return rows.map((p) => ({ ...patientSummary(p), createdAt: p.created_at }));
}

export async function requirePatient(ctx: ServiceContext, id: string): Promise<PatientRow> {
  const patient = await findPatient(ctx.db, id);
  if (!patient) throw new ServiceError('not_found', 'patient_not_found', 'No such patient');
  return patient;
}

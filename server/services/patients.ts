import { z } from 'zod';
import { isUniqueViolation } from '../storage/database.js';
import { findPatient, insertPatient, searchPatients, updatePatient, type PatientRow } from '../storage/patients.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';

/** A mobile number in E.164 (+4520304050); eight digits are a Danish number (+45). Spaces are ignored. */
export const mobileSchema = z
  .string()
  .transform((v) => v.replace(/[\s-]/g, ''))
  .transform((v) => (/^\d{8}$/.test(v) ? `+45${v}` : v))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'A mobile number in international form (+4520304050) or eight Danish digits'));

const emailSchema = z.string().trim().max(254).pipe(z.email('An e-mail address'));

/** Contact details for reminders: optional; null (in an update) removes one. */
const contactFields = { email: emailSchema.nullable().optional(), mobile: mobileSchema.nullable().optional() };

export const newPatientSchema = z.object({
  externalId: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  ...contactFields,
});

export const patientContactSchema = z.object(contactFields);

export function patientSummary(p: Pick<PatientRow, 'id' | 'name' | 'external_id'>) {
  return { id: p.id, name: p.name, externalId: p.external_id };
}

export async function createPatient(ctx: ServiceContext, by: StaffActor, input: z.infer<typeof newPatientSchema>): Promise<{ id: string }> {
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

export const PATIENT_SEARCH_LIMIT = 100;

export async function findPatients(ctx: ServiceContext, by: StaffActor, query: string) {
  const rows = await searchPatients(ctx.db, query, PATIENT_SEARCH_LIMIT);
  await recordAudit(ctx.db, by, ctx.now(), { action: 'patients.searched', entityType: 'patient', details: { results: rows.length } });
  // Contact details: this route is for nurses and admins only (patientSummary, used elsewhere, has none).
  return rows.map((p) => ({ ...patientSummary(p), email: p.email, mobile: p.mobile, createdAt: p.created_at }));
}

/** Sets or removes (null) a patient's e-mail and mobile number; a field left out stays as it is. */
export async function updatePatientContact(ctx: ServiceContext, by: StaffActor, id: string, input: z.infer<typeof patientContactSchema>) {
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

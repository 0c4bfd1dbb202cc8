import { sql, type Updateable } from 'kysely';
import type { Database, Db, NewRow, Row } from './database.js';

export type PatientRow = Row<'patients'>;

export async function insertPatient(db: Db, patient: NewRow<'patients'>): Promise<void> {
  await db.insertInto('patients').values(patient).execute();
}

export async function updatePatient(db: Db, id: string, changes: Pick<Updateable<Database['patients']>, 'email' | 'mobile' | 'status'>): Promise<void> {
  await db.updateTable('patients').set(changes).where('id', '=', id).execute();
}

export async function findPatient(db: Db, id: string): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The patient with exactly this external id (unique), whatever her units: emergency access and a duplicate's check. */
export async function findPatientByExternalId(db: Db, externalId: string): Promise<PatientRow | undefined> {
  return db.selectFrom('patients').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%". */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Patients whose name or external id contains `query` (case-insensitive), by name; all when the
 * query is empty. `unitIds`: only patients with a care relationship to one of them (null: every patient).
 */
export async function searchPatients(db: Db, query: string, limit: number, unitIds: readonly string[] | null = null): Promise<PatientRow[]> {
  let q = db.selectFrom('patients').selectAll();
  if (unitIds) q = q.where('id', 'in', (eb) => eb.selectFrom('patient_units').select('patient_id').where('unit_id', 'in', unitIds.length ? unitIds : ['']));
  const text = query.trim();
  if (text) {
    const pattern = likePattern(text);
    // ESCAPE is explicit: SQLite has no default escape character, PostgreSQL's is backslash.
    q = q.where(sql<boolean>`(lower(name) like ${pattern} escape '\\' or lower(external_id) like ${pattern} escape '\\')`);
  }
  return q.orderBy('name').orderBy('id').limit(limit).execute();
}

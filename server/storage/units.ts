/** Units, staff users' units, patients' care relationships and units' own settings (migration 0022). */
import type { UnitKind } from '../contract/codes.js';
import type { Db, NewRow, Row } from './database.js';

export type UnitRow = Row<'units'>;

/** The units migration 0022 made: every older row is in one of them. */
export const DEFAULT_UNIT_ID = 'unit-default';
export const DEFAULT_PALLIATIVE_UNIT_ID = 'unit-palliative';

export async function listUnitRows(db: Db): Promise<UnitRow[]> {
  return db.selectFrom('units').selectAll().orderBy('name').orderBy('id').execute();
}

export async function findUnit(db: Db, id: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function unitsByKind(db: Db, kinds: readonly UnitKind[]): Promise<UnitRow[]> {
  return db.selectFrom('units').selectAll().where('kind', 'in', kinds).orderBy('id').execute();
}

export async function insertUnit(db: Db, unit: NewRow<'units'>): Promise<void> {
  await db.insertInto('units').values(unit).execute();
}

/** Of `ids`, those that are units. */
export async function existingUnitIds(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('units').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

export async function unitIdsOfUser(db: Db, userId: string): Promise<string[]> {
  return (await db.selectFrom('staff_units').select('unit_id').where('user_id', '=', userId).orderBy('unit_id').execute()).map((r) => r.unit_id);
}

/** Every user's units, by user id. */
export async function unitIdsOfUsers(db: Db): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('staff_units').select(['user_id', 'unit_id']).orderBy('unit_id').execute();
  const result = new Map<string, string[]>();
  for (const r of rows) result.set(r.user_id, [...(result.get(r.user_id) ?? []), r.unit_id]);
  return result;
}

export async function unitRefsOfUser(db: Db, userId: string): Promise<UnitRow[]> {
  return db.selectFrom('staff_units').innerJoin('units', 'units.id', 'staff_units.unit_id').selectAll('units').where('staff_units.user_id', '=', userId).orderBy('units.name').execute();
}

/** Replaces a user's units (inside the caller's transaction). */
export async function setUserUnits(db: Db, userId: string, unitIds: readonly string[]): Promise<void> {
  await db.deleteFrom('staff_units').where('user_id', '=', userId).execute();
  if (unitIds.length) await db.insertInto('staff_units').values(unitIds.map((unit_id) => ({ user_id: userId, unit_id }))).execute();
}

export async function unitIdsOfPatient(db: Db, patientId: string): Promise<string[]> {
  return (await db.selectFrom('patient_units').select('unit_id').where('patient_id', '=', patientId).orderBy('unit_id').execute()).map((r) => r.unit_id);
}

/** Replaces a patient's care relationships (inside the caller's transaction). */
export async function setPatientUnits(db: Db, patientId: string, unitIds: readonly string[]): Promise<void> {
  await db.deleteFrom('patient_units').where('patient_id', '=', patientId).execute();
  if (unitIds.length) await db.insertInto('patient_units').values(unitIds.map((unit_id) => ({ patient_id: patientId, unit_id }))).execute();
}

export async function isSiteAdmin(db: Db, userId: string): Promise<boolean> {
  const row = await db.selectFrom('staff_users').select('site_admin').where('id', '=', userId).executeTakeFirst();
  return Number(row?.site_admin ?? 0) === 1;
}

export async function setSiteAdmin(db: Db, userId: string, siteAdmin: 0 | 1): Promise<void> {
  await db.updateTable('staff_users').set({ site_admin: siteAdmin }).where('id', '=', userId).execute();
}

/** A unit's own settings (parsed JSON), or none. */
export async function readUnitOverrides(db: Db, unitId: string): Promise<unknown> {
  const row = await db.selectFrom('unit_settings').select('settings').where('unit_id', '=', unitId).executeTakeFirst();
  return row ? (JSON.parse(row.settings) as unknown) : {};
}

export async function writeUnitOverrides(db: Db, unitId: string, settings: object, by: string | null, at: string): Promise<void> {
  const row = { unit_id: unitId, settings: JSON.stringify(settings), updated_at: at, updated_by: by };
  await db.insertInto('unit_settings').values(row).onConflict((oc) => oc.column('unit_id').doUpdateSet({ settings: row.settings, updated_at: at, updated_by: by })).execute();
}

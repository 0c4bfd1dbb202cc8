/**
 * Units (issue 24): listing and making them, a unit's own settings (falling back to the site's
 * field by field), and which units a staff user belongs to. A site admin manages every unit; a
 * unit admin the users and settings of her own units.
 */
import { REFERRAL_UNIT_KINDS, type Role, type UnitKind } from '../contract/codes.js';
import { settingLeaves, type SiteSettings } from '../contract/settings.js';
import { applyUnitPatch, type UnitRef, unitSettingsOf, type NewUnit, type Unit, type UnitOverrides, type UnitSettings, type UnitSettingsPatch } from '../contract/units.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import { transaction } from '../storage/transaction.js';
import {
  existingUnitIds, findUnit, isSiteAdmin, setSiteAdmin, unitRefsOfUser, insertUnit, listUnitRows, readUnitOverrides, setUserUnits, unitIdsOfUser, unitsByKind, writeUnitOverrides, type UnitRow,
} from '../storage/units.js';
import { scopeOf, managesUnit, type StaffScope } from './access.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';

export const unitView = (u: UnitRow): Unit => ({ id: u.id, name: u.name, code: u.code, kind: u.kind, createdAt: u.created_at });

/** Every unit: names and kinds are no patient data, and every staff user picks units from them. */
export async function listUnits(ctx: ServiceContext): Promise<Unit[]> {
  return (await listUnitRows(ctx.db)).map(unitView);
}

export function requireSiteAdmin(scope: StaffScope): void {
  if (!scope.siteAdmin) throw new ServiceError('forbidden', 'site_admin_required', 'Only a site admin may do this');
}

export async function createUnit(ctx: ServiceContext, by: StaffActor, input: NewUnit): Promise<{ id: string }> {
  requireSiteAdmin(await scopeOf(ctx.db, by, ctx.now()));
  const id = ctx.newId();
  const now = ctx.now();
  try {
    await transaction(ctx.db, async (tx) => {
      await insertUnit(tx, { id, name: input.name, code: input.code, kind: input.kind, created_at: now.toISOString() });
      await recordAudit(tx, by, now, { action: 'unit.created', entityType: 'unit', entityId: id, details: { name: input.name, code: input.code, kind: input.kind } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError('conflict', 'unit_code_taken', `The unit code "${input.code}" is taken`, [{ path: 'code', message: 'taken by another unit' }]);
    throw error;
  }
  return { id };
}

const unitNotFound = () => new ServiceError('not_found', 'unit_not_found', 'No such unit');

/** The settings in force for a unit: its own values, the site's for the rest. */
export async function settingsForUnit(ctx: ServiceContext, db: Db, unitId: string | null): Promise<SiteSettings> {
  const site = await ctx.siteSettings();
  return unitId === null ? site : unitSettingsOf(site, (await readUnitOverrides(db, unitId)) as UnitOverrides);
}

async function managedUnit(ctx: ServiceContext, by: StaffActor, unitId: string): Promise<UnitRow> {
  const unit = await findUnit(ctx.db, unitId);
  if (!unit || !managesUnit(await scopeOf(ctx.db, by, ctx.now()), unitId)) throw unitNotFound();
  return unit;
}

export async function getUnitSettings(ctx: ServiceContext, by: StaffActor, unitId: string): Promise<UnitSettings> {
  await managedUnit(ctx, by, unitId);
  const overrides = (await readUnitOverrides(ctx.db, unitId)) as UnitOverrides;
  return { unitId, overrides, settings: unitSettingsOf(await ctx.siteSettings(), overrides) };
}

/** Sets and clears a unit's own values (already validated), audited with every changed path and its values (settings hold no patient data). */
export async function updateUnitSettings(ctx: ServiceContext, by: StaffActor, unitId: string, patch: UnitSettingsPatch): Promise<UnitSettings> {
  await managedUnit(ctx, by, unitId);
  const now = ctx.now();
  const site = await ctx.siteSettings();
  return transaction(ctx.db, async (tx) => {
    const before = (await readUnitOverrides(tx, unitId)) as UnitOverrides;
    const after = applyUnitPatch(before, patch);
    const from = new Map(settingLeaves(before));
    const to = new Map(settingLeaves(after));
    const changed = [...new Set([...from.keys(), ...to.keys()])].filter((path) => JSON.stringify(from.get(path)) !== JSON.stringify(to.get(path)));
    if (changed.length > 0) {
      await writeUnitOverrides(tx, unitId, after, by.id, now.toISOString());
      await recordAudit(tx, by, now, {
        action: 'unit.settings_changed', entityType: 'unit', entityId: unitId,
        details: { changed, changes: changed.map((path) => ({ path, from: from.get(path) ?? null, to: to.get(path) ?? null })) },
      });
    }
    return { unitId, overrides: after, settings: unitSettingsOf(site, after) };
  });
}

/**
 * The units a new user gets when none are named: the install's only palliative team for the team,
 * the only ward or clinic for the others; null when there is not exactly one (the admin must choose).
 */
export async function defaultUnitsFor(db: Db, role: Role): Promise<string[] | null> {
  const kinds: UnitKind[] = role === 'palliative_team' ? ['palliative_team'] : ['ward', 'clinic'];
  const units = await unitsByKind(db, kinds);
  return units.length === 1 ? [units[0]!.id] : null;
}

/** 422 unit_not_found naming `path` when one of `ids` is not a unit. */
export async function assertUnitsExist(db: Db, ids: readonly string[], path: string): Promise<void> {
  const found = new Set(await existingUnitIds(db, ids));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new ServiceError('invalid', 'unit_not_found', `No unit ${missing.join(', ')}`, [{ path, message: `no such unit: ${missing.join(', ')}` }]);
}

/**
 * A change of a set of units by someone who is not a site admin may add or remove only her own
 * units (422 unit_not_allowed naming `path`).
 */
export function assertOwnUnitsChanged(scope: StaffScope, before: readonly string[], after: readonly string[], path: string): void {
  if (scope.siteAdmin) return;
  const touched = [...after.filter((u) => !before.includes(u)), ...before.filter((u) => !after.includes(u))];
  const foreign = touched.filter((u) => !scope.unitIds.includes(u));
  if (foreign.length) throw new ServiceError('invalid', 'unit_not_allowed', 'You may add or remove only your own units', [{ path, message: `not one of your units: ${foreign.join(', ')}` }]);
}

/**
 * Sets a staff user's units inside the caller's transaction and audits the change (`by` null: the
 * command line, or a sign-in through the identity provider mapping the user's groups to units).
 */
export async function setStaffUserUnits(tx: Db, by: StaffActor | null, now: Date, userId: string, unitIds: readonly string[]): Promise<void> {
  const before = await unitIdsOfUser(tx, userId);
  const after = [...new Set(unitIds)].sort();
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  await assertUnitsExist(tx, after, 'unitIds');
  await setUserUnits(tx, userId, after);
  await recordAudit(tx, by, now, { action: 'staff_user.units_changed', entityType: 'staff_user', entityId: userId, details: { from: before, to: after } });
}

/**
 * A user's units and whether a site admin, from outside the staff app (issue 24: the sign-in
 * through the hospital's identity provider maps the user's groups to these at every sign-in):
 * inside the caller's transaction, each change audited (`by` null: the sign-in itself).
 */
export async function setStaffUserAccess(tx: Db, by: StaffActor | null, now: Date, userId: string, access: { unitIds: readonly string[]; siteAdmin: boolean }): Promise<void> {
  await setStaffUserUnits(tx, by, now, userId, access.unitIds);
  const siteAdmin = access.siteAdmin ? 1 : 0;
  const before = await tx.selectFrom('staff_users').select(['site_admin', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (Number(before.site_admin) === siteAdmin) return;
  if (siteAdmin === 1 && before.role !== 'admin') throw new ServiceError('invalid', 'invalid_request', 'Only an admin can be a site admin', [{ path: 'siteAdmin', message: 'only with role admin' }]);
  await setSiteAdmin(tx, userId, siteAdmin);
  await recordAudit(tx, by, now, { action: 'staff_user.units_changed', entityType: 'staff_user', entityId: userId, details: { siteAdmin: access.siteAdmin } });
}

/** Receiving units (palliative teams, rehabilitation services) of a kind. */
export const receivingUnits = (db: Db, kinds: readonly UnitKind[] = REFERRAL_UNIT_KINDS) => unitsByKind(db, kinds);

/** GET /api/auth/me: the user's units, and whether an admin of every unit. */
export async function unitsOfUser(ctx: ServiceContext, userId: string, role: Role): Promise<{ units: UnitRef[]; siteAdmin: boolean }> {
  const units = (await unitRefsOfUser(ctx.db, userId)).map(({ id, name, code, kind }) => ({ id, name, code, kind }));
  return { units, siteAdmin: role === 'admin' && (await isSiteAdmin(ctx.db, userId)) };
}

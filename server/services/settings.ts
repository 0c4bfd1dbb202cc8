/** The site settings (contract/settings.ts): defaults in the code, an admin's changes in the database, every change audited. */
import { DEFAULT_SITE_SETTINGS, settingLeaves, withLeaves, type SettingsPatch, type SettingValue, type SiteInfo, type SiteSettings } from '../contract/settings.js';
import type { Db } from '../storage/database.js';
import { listStoredSettings, upsertSettings } from '../storage/site-settings.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { transaction } from '../storage/transaction.js';
import { scopeOf } from './access.js';
import { ServiceError } from './errors.js';

/** The settings in force: what an admin set, the defaults for the rest. Other services call this (pass a transaction to read inside it). */
export async function readSiteSettings(db: Db): Promise<SiteSettings> {
  const stored = await listStoredSettings(db);
  return withLeaves(DEFAULT_SITE_SETTINGS, stored.map(({ key, value }) => [key, value as SettingValue]));
}

export function getSiteSettings(ctx: ServiceContext): Promise<SiteSettings> {
  return readSiteSettings(ctx.db);
}

/**
 * The site's name, phone and hours: public, what the patient page shows on a link it cannot open
 * (spent, expired, unknown) so the patient still has a number to call. No patient data, no token.
 */
export async function getSiteContact(ctx: ServiceContext): Promise<SiteInfo> {
  return (await readSiteSettings(ctx.db)).site;
}

export interface SettingChange {
  path: string;
  from: SettingValue;
  to: SettingValue;
}

/**
 * Applies a partial update (already validated against settingsPatchSchema): stores only the
 * settings whose value changes, and audits them, in one transaction. Returns the settings in force.
 */
export async function updateSiteSettings(ctx: ServiceContext, by: StaffActor, patch: SettingsPatch): Promise<SiteSettings> {
  // Every unit's fallback (issue 24): a unit admin sets her units' own values instead (PUT /api/units/:id/settings).
  if (!(await scopeOf(ctx.db, by)).siteAdmin) throw new ServiceError('forbidden', 'site_admin_required', 'Only a site admin changes the site settings');
  const now = ctx.now();
  return transaction(ctx.db, async (tx) => {
    const before = await readSiteSettings(tx);
    const current = new Map(settingLeaves(before));
    const changes: SettingChange[] = settingLeaves(patch)
      .filter(([path, to]) => JSON.stringify(current.get(path)) !== JSON.stringify(to))
      .map(([path, to]) => ({ path, from: current.get(path) ?? null, to }));
    if (changes.length === 0) return before;
    await upsertSettings(tx, changes.map((c) => ({ key: c.path, value: c.to })), by.id, now.toISOString());
    // Settings hold no patient data, so the old and new values are kept with the paths.
    await recordAudit(tx, by, now, { action: 'settings.changed', entityType: 'settings', details: { changed: changes.map((c) => c.path), changes } });
    return withLeaves(before, changes.map((c) => [c.path, c.to]));
  });
}

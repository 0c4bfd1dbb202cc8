/** A unit's own settings over the site's (issue 24): field by field, and cleared paths fall back again. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../../server/contract/settings.js';
import { applyUnitPatch, unitSettingsOf, unitSettingsPatchSchema } from '../../server/contract/units.js';

const site: SiteSettings = {
  ...DEFAULT_SITE_SETTINGS,
  site: { name: 'Lindring', phone: '70 10 10 10', hours: { da: 'hverdage 8-15', en: 'weekdays 8-15' }, afterHours: { da: 'ring 1813', en: 'call 1813' } },
  escalationContact: 'lead@example.org',
};

describe('unitSettingsOf', () => {
  it('is the site settings for a unit with none of its own', () => {
    expect(unitSettingsOf(site, {})).toEqual(site);
  });

  it('takes each field the unit sets and the site value for every other, field by field', () => {
    const merged = unitSettingsOf(site, { site: { phone: '70 20 20 20', hours: { da: 'alle dage 8-22' } }, deadlines: { basic: 'P3D' }, reminders: ['P2D'] });
    expect(merged.site).toEqual({ name: 'Lindring', phone: '70 20 20 20', hours: { da: 'alle dage 8-22', en: 'weekdays 8-15' }, afterHours: site.site.afterHours });
    expect(merged.deadlines).toEqual({ ...site.deadlines, basic: 'P3D' });
    expect(merged.reminders).toEqual(['P2D']);
    expect(merged.escalationContact).toBe('lead@example.org');
    expect(merged.security).toEqual(site.security);
  });

  it('keeps a unit value of null (no phone, no escalation contact) rather than the site value', () => {
    expect(unitSettingsOf(site, { site: { phone: null }, escalationContact: null })).toMatchObject({ site: { phone: null }, escalationContact: null });
  });

  it('does not change the site settings it is given', () => {
    const before = structuredClone(site);
    unitSettingsOf(site, { site: { hours: { en: 'x' } } });
    expect(site).toEqual(before);
  });
});

describe('applyUnitPatch', () => {
  it('sets what the patch sets and removes the cleared paths, so the site value applies again', () => {
    const overrides = applyUnitPatch({ site: { phone: '1234', hours: { da: 'a', en: 'b' } }, deadlines: { basic: 'P3D' } }, { site: { hours: { en: 'c' } }, clear: ['site.phone', 'deadlines'] });
    expect(overrides).toEqual({ site: { hours: { da: 'a', en: 'c' } } });
    expect(unitSettingsOf(site, overrides).site.phone).toBe('70 10 10 10');
  });
});

describe('unitSettingsPatchSchema', () => {
  it('takes only the settings a unit may have of its own', () => {
    expect(unitSettingsPatchSchema.safeParse({ security: { requireSecondFactor: true } }).success).toBe(false);
    expect(unitSettingsPatchSchema.safeParse({ site: { name: 'Other' } }).success).toBe(false);
    expect(unitSettingsPatchSchema.safeParse({ clear: ['security.requireSecondFactor'] }).success).toBe(false);
    expect(unitSettingsPatchSchema.safeParse({ site: { phone: '70 20 20 20' }, deadlines: { urgent: 'PT12H' }, reminders: ['P1D'], escalationContact: 'x', clear: ['site.hours.da'] }).success).toBe(true);
  });
});

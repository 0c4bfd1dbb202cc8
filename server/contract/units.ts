/**
 * Units (issue 24), declared once for the server and the staff app: a ward, clinic, palliative team
 * or rehabilitation service; the request that makes one; and a unit's own settings, which override
 * the site's field by field (unitSettingsOf).
 */
import { z } from 'zod';
import { UNIT_KINDS, type UnitKind } from './codes.js';
import { hasControlOrBidi, hasLoneSurrogate } from './requests.js';
import { settingsPatchSchema, type SiteSettings } from './settings.js';

export interface UnitRef {
  id: string;
  name: string;
  code: string;
  kind: UnitKind;
}

export interface Unit extends UnitRef {
  createdAt: string;
}

const unitText = (max: number) =>
  z.string().trim().min(1).max(max)
    .refine((v) => !hasLoneSurrogate(v), 'must be well-formed Unicode text')
    .refine((v) => !hasControlOrBidi(v), 'must not contain control or text-direction characters');

/** POST /api/units. */
export const newUnitSchema = z.strictObject({
  name: unitText(100),
  /** Short: capital letters, digits and hyphens, e.g. "ONK-A". */
  code: z.string().trim().regex(/^[A-Z0-9][A-Z0-9-]{0,19}$/, 'Expected 1-20 capital letters (A-Z), digits or hyphens'),
  kind: z.enum(UNIT_KINDS, { error: `must be one of ${UNIT_KINDS.join(', ')}` }),
});
export type NewUnit = z.infer<typeof newUnitSchema>;

/**
 * PUT /api/units/:id/settings: the settings a unit may have of its own (the patient's phone and
 * hours, deadlines, reminders, the escalation contact), as a deep partial like PUT /api/settings.
 * `clear` lists dotted paths ("site.phone", "deadlines") whose unit value is removed: the site's applies again.
 */
export const unitSettingsPatchSchema = z.strictObject({
  site: settingsPatchSchema.shape.site.unwrap().pick({ phone: true, hours: true, afterHours: true }).optional(),
  deadlines: settingsPatchSchema.shape.deadlines,
  reminders: settingsPatchSchema.shape.reminders,
  escalationContact: settingsPatchSchema.shape.escalationContact,
  clear: z.array(z.string().regex(/^(site(\.(phone|hours|afterHours)(\.(da|en))?)?|deadlines(\.[a-zA-Z]+)?|reminders|escalationContact)$/, 'a unit setting\'s path, e.g. "site.phone"')).max(50).optional(),
});
export type UnitSettingsPatch = z.infer<typeof unitSettingsPatchSchema>;
/** What a unit stores: the patch's values without `clear`. */
export type UnitOverrides = Omit<UnitSettingsPatch, 'clear'>;

/** GET and PUT /api/units/:id/settings: the unit's own values, and the settings in force for it. */
export interface UnitSettings {
  unitId: string;
  overrides: UnitOverrides;
  settings: SiteSettings;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `base` with every leaf `over` sets (arrays are leaves); what `over` leaves out stays. */
function deepMerge<T>(base: T, over: unknown): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) if (value !== undefined) result[key] = deepMerge(result[key], value);
  return result as T;
}

/**
 * The settings in force for a unit: the unit's own values where it has them, the site's for every
 * other field, field by field (a unit with only a phone keeps the site's hours).
 */
export function unitSettingsOf(site: SiteSettings, overrides: UnitOverrides): SiteSettings {
  return deepMerge(site, overrides);
}

/** The overrides with a patch applied: its values set, its `clear` paths removed. */
export function applyUnitPatch(overrides: UnitOverrides, patch: UnitSettingsPatch): UnitOverrides {
  const { clear = [], ...values } = patch;
  const result: Record<string, unknown> = deepMerge(structuredClone(overrides) as Record<string, unknown>, values);
  for (const path of clear) {
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), result);
    if (isObject(parent)) delete parent[keys[keys.length - 1]!];
  }
  return result as UnitOverrides;
}

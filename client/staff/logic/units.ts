/**
 * Units in the staff app (issue 24): which of her units a nurse may choose for a new link, entry
 * or patient, and the words for a unit's kind. Pure.
 */
import { REFERRAL_UNIT_KINDS, type UnitKind } from '../../../server/contract/codes.js';
import type { UnitOverrides, UnitRef, UnitSettingsPatch } from '../../../server/contract/units.js';
import type { SiteSettings } from '../../../server/contract/settings.js';
import type { MessageKey } from '../i18n.js';
import { durationIso, durationParts, type DurationDraft } from './durations.js';

export const UNIT_KIND_LABEL: Record<UnitKind, MessageKey> = {
  ward: 'unitKindWard',
  clinic: 'unitKindClinic',
  palliative_team: 'unitKindPalliativeTeam',
  rehabilitation: 'unitKindRehabilitation',
};

/**
 * The units a link or entry for the patient may belong to: hers that the patient is in (all of hers
 * when the patient's are not known). The form asks only when there is more than one; the server
 * decides alone when there is one (and answers 422 unit_required otherwise).
 */
export function unitChoices(mine: readonly UnitRef[], patientUnitIds?: readonly string[]): UnitRef[] {
  return patientUnitIds ? mine.filter((u) => patientUnitIds.includes(u.id)) : [...mine];
}

/**
 * The units whose phone and hours a printed blank form may give (issue 24): those the nurse shares
 * with the patient; sharing none (a site admin, an emergency access), the patient's own; without a
 * patient, hers. The form asks only when there are several; with none it gives the site's.
 */
export function printUnitChoices(mine: readonly UnitRef[], all: readonly UnitRef[], patientUnitIds: readonly string[] | null): UnitRef[] {
  if (patientUnitIds === null) return [...mine];
  const shared = unitChoices(mine, patientUnitIds);
  return shared.length > 0 ? shared : all.filter((u) => patientUnitIds.includes(u.id));
}

/** Where a referral may go: palliative teams and rehabilitation services, by name. */
export function receivingUnits<U extends UnitRef>(units: readonly U[]): U[] {
  return units.filter((u) => REFERRAL_UNIT_KINDS.includes(u.kind)).sort((a, b) => a.name.localeCompare(b.name));
}

/** A unit as a list shows it: "Onkologisk afdeling (ONK)". */
export const unitText = (u: Pick<UnitRef, 'name' | 'code'>): string => `${u.name} (${u.code})`;

/** The codes of `ids` among `units`, for a table cell; an id that is not there is shown as it is. */
export function unitCodes(ids: readonly string[], units: readonly Pick<UnitRef, 'id' | 'code'>[]): string {
  return ids.map((id) => units.find((u) => u.id === id)?.code ?? id).join(', ');
}

/** The deadlines a unit may set for itself, in the Settings screen's order. */
export const UNIT_DEADLINES = ['urgent', 'specialized', 'basic', 'none', 'ownWords'] as const satisfies readonly (keyof SiteSettings['deadlines'])[];
export type UnitDeadline = (typeof UNIT_DEADLINES)[number];

/** The unit's own text values; '' means "the site's". */
export type UnitTextField = 'phone' | 'hoursDa' | 'hoursEn' | 'afterHoursDa' | 'afterHoursEn' | 'escalationContact';

/**
 * The unit's own values as a unit admin edits them (issue 24): a text or a deadline left empty is
 * the site's; `reminders` null is the site's list (an empty list is the unit's own: no reminders).
 */
export interface UnitSettingsDraft extends Record<UnitTextField, string> {
  deadlines: Record<UnitDeadline, DurationDraft>;
  reminders: string[] | null;
}

const FIELD_PATHS: Record<UnitTextField, string> = {
  phone: 'site.phone', hoursDa: 'site.hours.da', hoursEn: 'site.hours.en', afterHoursDa: 'site.afterHours.da', afterHoursEn: 'site.afterHours.en', escalationContact: 'escalationContact',
};
export const UNIT_TEXT_FIELDS = Object.keys(FIELD_PATHS) as UnitTextField[];

/** A deadline the unit does not set: an empty number (the unit menu starts at hours). */
const NO_DEADLINE: DurationDraft = { amount: '', unit: 'hours' };

export function unitSettingsDraft(overrides: UnitOverrides): UnitSettingsDraft {
  const deadline = (key: UnitDeadline): DurationDraft => {
    const own = overrides.deadlines?.[key];
    return (own ? durationParts(own) : null) ?? NO_DEADLINE;
  };
  return {
    phone: overrides.site?.phone ?? '', hoursDa: overrides.site?.hours?.da ?? '', hoursEn: overrides.site?.hours?.en ?? '',
    afterHoursDa: overrides.site?.afterHours?.da ?? '', afterHoursEn: overrides.site?.afterHours?.en ?? '', escalationContact: overrides.escalationContact ?? '',
    deadlines: { urgent: deadline('urgent'), specialized: deadline('specialized'), basic: deadline('basic'), none: deadline('none'), ownWords: deadline('ownWords') },
    reminders: overrides.reminders ? [...overrides.reminders] : null,
  };
}

/**
 * PUT /api/units/:id/settings for the form: a filled field sets the unit's value, an emptied one
 * clears it (the site's applies again), an unchanged one is left out. A deadline whose number is not
 * a whole number above 0 is sent as '' so the server refuses it naming the field.
 */
export function unitSettingsPatch(draft: UnitSettingsDraft, overrides: UnitOverrides): UnitSettingsPatch {
  const before = unitSettingsDraft(overrides);
  const value = (key: UnitTextField) => draft[key].trim();
  const changed = UNIT_TEXT_FIELDS.filter((key) => value(key) !== before[key]);
  const set = (key: UnitTextField) => (changed.includes(key) && value(key) !== '' ? value(key) : undefined);
  const hours = { da: set('hoursDa'), en: set('hoursEn') };
  const afterHours = { da: set('afterHoursDa'), en: set('afterHoursEn') };
  const site = {
    ...(set('phone') !== undefined ? { phone: set('phone') } : {}),
    ...(hours.da !== undefined || hours.en !== undefined ? { hours: withoutUndefined(hours) } : {}),
    ...(afterHours.da !== undefined || afterHours.en !== undefined ? { afterHours: withoutUndefined(afterHours) } : {}),
  };
  const clear = changed.filter((key) => value(key) === '').map((key) => FIELD_PATHS[key]);
  const deadlines: Partial<Record<UnitDeadline, string>> = {};
  for (const key of UNIT_DEADLINES) {
    const own = overrides.deadlines?.[key] ?? '';
    if (draft.deadlines[key].amount.trim() === '') {
      if (own !== '') clear.push(`deadlines.${key}`);
    } else {
      const iso = durationIso(draft.deadlines[key]);
      if (iso === '' || iso !== own) deadlines[key] = iso;
    }
  }
  const ownReminders = overrides.reminders ?? null;
  const remindersChanged = JSON.stringify(draft.reminders) !== JSON.stringify(ownReminders);
  if (remindersChanged && draft.reminders === null) clear.push('reminders');
  return {
    ...(Object.keys(site).length ? { site } : {}),
    ...(Object.keys(deadlines).length ? { deadlines } : {}),
    ...(remindersChanged && draft.reminders !== null ? { reminders: [...draft.reminders] } : {}),
    ...(set('escalationContact') !== undefined ? { escalationContact: set('escalationContact') } : {}),
    ...(clear.length ? { clear } : {}),
  };
}

function withoutUndefined(value: { da: string | undefined; en: string | undefined }): { da?: string; en?: string } {
  return { ...(value.da !== undefined ? { da: value.da } : {}), ...(value.en !== undefined ? { en: value.en } : {}) };
}

/**
 * A user's or patient's units after a form that showed `choices` (an admin's own units, or every
 * unit for a site admin): the units not shown are kept as they were, the shown ones as ticked.
 */
export function withChosenUnits(current: readonly string[], choices: readonly Pick<UnitRef, 'id'>[], ticked: readonly string[]): string[] {
  const shown = new Set(choices.map((u) => u.id));
  return [...new Set([...current.filter((id) => !shown.has(id)), ...ticked.filter((id) => shown.has(id))])].sort();
}

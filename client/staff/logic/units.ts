/**
 * Units in the staff app (issue 24): which of her units a nurse may choose for a new link, entry
 * or patient, and the words for a unit's kind. Pure.
 */
import { REFERRAL_UNIT_KINDS, type UnitKind } from '../../../server/contract/codes.js';
import type { UnitOverrides, UnitRef, UnitSettingsPatch } from '../../../server/contract/units.js';
import type { MessageKey } from '../i18n.js';

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

/** The unit's own values a unit admin edits as text (issue 24); '' means "the site's". */
export interface UnitSettingsDraft {
  phone: string;
  hoursDa: string;
  hoursEn: string;
  afterHoursDa: string;
  afterHoursEn: string;
  escalationContact: string;
}

const FIELD_PATHS: Record<keyof UnitSettingsDraft, string> = {
  phone: 'site.phone', hoursDa: 'site.hours.da', hoursEn: 'site.hours.en', afterHoursDa: 'site.afterHours.da', afterHoursEn: 'site.afterHours.en', escalationContact: 'escalationContact',
};

export function unitSettingsDraft(overrides: UnitOverrides): UnitSettingsDraft {
  return {
    phone: overrides.site?.phone ?? '', hoursDa: overrides.site?.hours?.da ?? '', hoursEn: overrides.site?.hours?.en ?? '',
    afterHoursDa: overrides.site?.afterHours?.da ?? '', afterHoursEn: overrides.site?.afterHours?.en ?? '', escalationContact: overrides.escalationContact ?? '',
  };
}

/**
 * PUT /api/units/:id/settings for the form: a filled field sets the unit's value, an emptied one
 * clears it (the site's applies again), an unchanged one is left out.
 */
export function unitSettingsPatch(draft: UnitSettingsDraft, overrides: UnitOverrides): UnitSettingsPatch {
  const before = unitSettingsDraft(overrides);
  const value = (key: keyof UnitSettingsDraft) => draft[key].trim();
  const changed = (Object.keys(FIELD_PATHS) as (keyof UnitSettingsDraft)[]).filter((key) => value(key) !== before[key]);
  const set = (key: keyof UnitSettingsDraft) => (changed.includes(key) && value(key) !== '' ? value(key) : undefined);
  const hours = { da: set('hoursDa'), en: set('hoursEn') };
  const afterHours = { da: set('afterHoursDa'), en: set('afterHoursEn') };
  const site = {
    ...(set('phone') !== undefined ? { phone: set('phone') } : {}),
    ...(hours.da !== undefined || hours.en !== undefined ? { hours: withoutUndefined(hours) } : {}),
    ...(afterHours.da !== undefined || afterHours.en !== undefined ? { afterHours: withoutUndefined(afterHours) } : {}),
  };
  const clear = changed.filter((key) => value(key) === '').map((key) => FIELD_PATHS[key]);
  return {
    ...(Object.keys(site).length ? { site } : {}),
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

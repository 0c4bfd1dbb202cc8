/** The staff app's unit choices (issue 24): which units a form offers, and what a unit settings form sends. */
import { describe, expect, it } from 'vitest';
import { printUnitChoices, receivingUnits, unitChoices, unitCodes, unitSettingsDraft, unitSettingsPatch, withChosenUnits } from '../../client/staff/logic/units.js';
import type { UnitRef } from '../../server/contract/units.js';

const ward: UnitRef = { id: 'w', name: 'Onkologisk afdeling', code: 'ONK', kind: 'ward' };
const clinic: UnitRef = { id: 'c', name: 'Ambulatoriet', code: 'AMB', kind: 'clinic' };
const team: UnitRef = { id: 't', name: 'Palliativt team', code: 'PAL', kind: 'palliative_team' };
const rehab: UnitRef = { id: 'r', name: 'Genoptræning', code: 'REH', kind: 'rehabilitation' };

describe('unit choices', () => {
  it("offers the nurse's units the patient is in, all of hers when the patient's are not known", () => {
    expect(unitChoices([ward, clinic], ['c', 't'])).toEqual([clinic]);
    expect(unitChoices([ward, clinic])).toEqual([ward, clinic]);
    expect(unitChoices([ward], [])).toEqual([]);
  });

  it('refers only to palliative teams and rehabilitation services, by name', () => {
    expect(receivingUnits([ward, team, clinic, rehab])).toEqual([rehab, team]);
  });

  it('shows units by code, and an unknown id as it is', () => {
    expect(unitCodes(['w', 'x'], [ward, clinic])).toBe('ONK, x');
  });

  it("keeps the units a form did not show, and takes the shown ones as ticked", () => {
    expect(withChosenUnits(['w', 't'], [ward, clinic], ['c'])).toEqual(['c', 't']);
    expect(withChosenUnits(['w'], [ward, clinic], ['w', 'c', 'zzz'])).toEqual(['c', 'w']);
  });
});

describe('unit settings form', () => {
  it('sends the fields that changed: a filled one sets the unit value, an emptied one clears it', () => {
    const overrides = { site: { phone: '70 20 20 20', hours: { da: 'hverdage' } }, escalationContact: 'lead@x.dk' };
    const draft = { ...unitSettingsDraft(overrides), phone: '', hoursEn: 'weekdays', escalationContact: 'lead@x.dk' };
    expect(unitSettingsPatch(draft, overrides)).toEqual({ site: { hours: { en: 'weekdays' } }, clear: ['site.phone'] });
  });

  it('sends nothing for an unchanged form', () => {
    const overrides = { site: { phone: '1234' } };
    expect(unitSettingsPatch(unitSettingsDraft(overrides), overrides)).toEqual({});
  });

  it('trims and sets an escalation contact and after-hours texts', () => {
    expect(unitSettingsPatch({ ...unitSettingsDraft({}), escalationContact: ' lead@x.dk ', afterHoursDa: 'ring 1813' }, {})).toEqual({
      site: { afterHours: { da: 'ring 1813' } }, escalationContact: 'lead@x.dk',
    });
  });

  it('sets a deadline the unit fills in, clears one it empties, and leaves the others to the site', () => {
    const overrides = { deadlines: { urgent: 'PT12H', basic: 'P3D' } };
    const draft = unitSettingsDraft(overrides);
    expect(draft.deadlines.urgent).toEqual({ amount: '12', unit: 'hours' });
    expect(draft.deadlines.specialized.amount).toBe('');
    const changed = { ...draft, deadlines: { ...draft.deadlines, urgent: { amount: '', unit: 'hours' as const }, specialized: { amount: '36', unit: 'hours' as const } } };
    expect(unitSettingsPatch(changed, overrides)).toEqual({ deadlines: { specialized: 'PT36H' }, clear: ['deadlines.urgent'] });
    expect(unitSettingsPatch(draft, overrides)).toEqual({});
  });

  it('sends a deadline that is not a whole number above 0 as empty, so the server names the field', () => {
    const draft = unitSettingsDraft({});
    expect(unitSettingsPatch({ ...draft, deadlines: { ...draft.deadlines, none: { amount: '0', unit: 'days' } } }, {})).toEqual({ deadlines: { none: '' } });
  });

  it("keeps the unit's own reminders apart from the site's: a list (also an empty one) is its own, null clears it", () => {
    expect(unitSettingsDraft({}).reminders).toBeNull();
    expect(unitSettingsPatch({ ...unitSettingsDraft({}), reminders: [] }, {})).toEqual({ reminders: [] });
    expect(unitSettingsPatch({ ...unitSettingsDraft({ reminders: ['P2D'] }), reminders: ['P2D', 'P5D'] }, { reminders: ['P2D'] })).toEqual({ reminders: ['P2D', 'P5D'] });
    expect(unitSettingsPatch({ ...unitSettingsDraft({ reminders: ['P2D'] }), reminders: null }, { reminders: ['P2D'] })).toEqual({ clear: ['reminders'] });
  });
});

describe('the unit a printed blank form gives the phone of', () => {
  const ward = { id: 'w', name: 'Afdeling', code: 'STD', kind: 'ward' as const };
  const onk = { id: 'o', name: 'Onkologi', code: 'ONK', kind: 'ward' as const };
  const pal = { id: 'p', name: 'Palliativt team', code: 'PAL', kind: 'palliative_team' as const };
  it('is one she shares with the patient; sharing none, the patient\'s own; without a patient, hers', () => {
    expect(printUnitChoices([ward, onk], [ward, onk, pal], ['o', 'p'])).toEqual([onk]);
    expect(printUnitChoices([ward, onk], [ward, onk, pal], ['w', 'o'])).toEqual([ward, onk]);
    expect(printUnitChoices([ward], [ward, onk, pal], ['p'])).toEqual([pal]);
    expect(printUnitChoices([ward, onk], [ward, onk, pal], null)).toEqual([ward, onk]);
    expect(printUnitChoices([], [ward], null)).toEqual([]);
  });
});

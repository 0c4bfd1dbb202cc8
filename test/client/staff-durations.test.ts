import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../server/contract/settings.js';
import { durationIso, durationParts, durationWords, withReminder } from '../../client/staff/logic/durations.js';
import { draftOf, patchOf } from '../../client/staff/logic/settings.js';

describe('settings durations as a number and a unit', () => {
  it.each([
    ['PT24H', { amount: '24', unit: 'hours' }],
    ['P2D', { amount: '2', unit: 'days' }],
    ['P14D', { amount: '14', unit: 'days' }],
    ['P1W', { amount: '1', unit: 'weeks' }],
    ['PT30M', { amount: '30', unit: 'minutes' }],
    ['P1DT12H', { amount: '36', unit: 'hours' }],
    ['P1W2D', { amount: '9', unit: 'days' }],
  ])('gives %s in the unit it was written in (a mixed one in its smallest)', (iso, parts) => {
    expect(durationParts(iso)).toEqual(parts);
  });

  it('refuses what is not a duration', () => {
    expect(durationParts('P1Y')).toBeNull();
    expect(durationParts('24 hours')).toBeNull();
  });

  it.each([
    [{ amount: '24', unit: 'hours' as const }, 'PT24H'],
    [{ amount: '2', unit: 'days' as const }, 'P2D'],
    [{ amount: ' 3 ', unit: 'weeks' as const }, 'P3W'],
    [{ amount: '45', unit: 'minutes' as const }, 'PT45M'],
  ])('writes %j as ISO 8601 %s', (draft, iso) => {
    expect(durationIso(draft)).toBe(iso);
  });

  it.each(['', '0', '-1', '1.5', 'to', '1e3'])('writes nothing for the amount %j (the server then names the field)', (amount) => {
    expect(durationIso({ amount, unit: 'days' })).toBe('');
  });

  it('says a duration in words in Danish and English, singular and plural', () => {
    expect(durationWords('PT24H', 'da')).toBe('24 timer');
    expect(durationWords('P2D', 'da')).toBe('2 dage');
    expect(durationWords('P1D', 'da')).toBe('1 dag');
    expect(durationWords('P1W', 'en')).toBe('1 week');
    expect(durationWords('PT1M', 'en')).toBe('1 minute');
    expect(durationWords('P3W', 'en')).toBe('3 weeks');
  });

  it('adds a reminder in order, once', () => {
    expect(withReminder(['P3D', 'P7D'], 'P5D')).toEqual(['P3D', 'P5D', 'P7D']);
    // 72 hours is 3 days: the new one replaces the old.
    expect(withReminder(['P3D', 'P7D'], 'PT72H')).toEqual(['PT72H', 'P7D']);
    expect(withReminder([], 'P1W')).toEqual(['P1W']);
  });

  it('round-trips the default settings through the form unchanged (same ISO text: nothing to audit)', () => {
    const patch = patchOf(draftOf(DEFAULT_SITE_SETTINGS));
    expect(patch.deadlines).toEqual(DEFAULT_SITE_SETTINGS.deadlines);
    expect(patch.reminders).toEqual(DEFAULT_SITE_SETTINGS.reminders);
    expect(patch.retention).toEqual({ sentMessages: 'P30D' });
  });
});

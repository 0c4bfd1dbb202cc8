import { describe, expect, it } from 'vitest';
import { durationWords, EMPTY_PROGRAMME, formatDueDate, programmeBody, scheduleWords } from '../../client/staff/logic/programmes.js';

describe('programmes in words', () => {
  it('says a duration in both languages', () => {
    expect(durationWords('P3M', 'da')).toBe('3 måneder');
    expect(durationWords('P1M', 'en')).toBe('1 month');
    expect(durationWords('P1DT12H', 'en')).toBe('1 day 12 hours');
    expect(durationWords('P0D', 'da')).toBe('start');
    expect(durationWords('soon', 'en')).toBe('soon');
  });
  it('says a schedule', () => {
    expect(scheduleWords({ at: ['P0D', 'P3M'] }, 'en')).toBe('at start, 3 months');
    expect(scheduleWords({ every: 'P14D' }, 'da')).toBe('hver 14 dage');
    expect(scheduleWords({ every: 'P1W', until: 'P1Y' }, 'en')).toBe('every 1 week for 1 year');
  });
  it('shows a due time as the day in Copenhagen, not in UTC', () => {
    expect(formatDueDate('2027-01-14T23:00:00.000Z', 'en')).toBe('15 Jan 2027');
  });
});

describe('programmeBody', () => {
  const draft = { ...EMPTY_PROGRAMME, nameDa: 'Opfølgning', nameEn: 'Follow-up', questionnaireId: 'palliative-needs' };
  it('makes the API body from the form, offsets as a list', () => {
    expect(programmeBody({ ...draft, at: 'p0d, P3M  P6M', until: '' })).toEqual({
      ok: true,
      body: { name: { da: 'Opfølgning', en: 'Follow-up' }, questionnaireId: 'palliative-needs', schedule: { at: ['P0D', 'P3M', 'P6M'] }, trigger: 'status_conversation', openFor: 'P7D', whenOpen: 'skip' },
    });
  });
  it('names the field of each problem, with the server\'s own rules', () => {
    const result = programmeBody({ ...draft, every: 'fortnightly' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.path)).toEqual(['schedule.every']);
    expect(programmeBody({ ...draft }).ok).toBe(false);
  });
});

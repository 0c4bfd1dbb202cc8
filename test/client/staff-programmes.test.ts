import { describe, expect, it } from 'vitest';
import { durationWords, EMPTY_PROGRAMME, everyWords, formatDueDate, programmeBody, scheduleWords } from '../../client/staff/logic/programmes.js';

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
    expect(scheduleWords({ every: 'P14D' }, 'da')).toBe('hver 14. dag');
    expect(scheduleWords({ every: 'P14D' }, 'en')).toBe('every 14 days');
    expect(scheduleWords({ at: ['P0D'], every: 'P1M', until: 'P1Y' }, 'da')).toBe('efter start; hver måned i 1 år');
    expect(scheduleWords({ every: 'P1W', until: 'P1Y' }, 'en')).toBe('every 1 week for 1 year');
  });
  it('says a Danish repeat with an ordinal and the unit in the singular, and a repeat of one as the unit alone', () => {
    const da = (every: string) => everyWords(every, 'da');
    expect(['P1D', 'P14D', 'P3M', 'P1M', 'P1W', 'P2W', 'P1Y', 'P2Y', 'PT1M'].map(da)).toEqual([
      'hver dag', 'hver 14. dag', 'hver 3. måned', 'hver måned', 'hver uge', 'hver 2. uge', 'hvert år', 'hvert 2. år', 'hvert minut',
    ]);
    expect(da('P1DT12H')).toBe('hver 1 dag 12 timer');
    expect(everyWords('P1D', 'en')).toBe('every 1 day');
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

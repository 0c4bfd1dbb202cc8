import { describe, expect, it } from 'vitest';
import { adherence, isStillOpen, missedLastTwo, occurrenceState, programmeAdherence, type AdherenceFact } from '../../server/domain/programmes.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const sent = { skipped: 0, invitation_id: 'i', answered_at: null, withdrawn_at: null, expires_at: '2026-03-11T00:00:00.000Z' };

describe('occurrenceState', () => {
  it.each([
    [{ ...sent }, 'open'],
    [{ ...sent, answered_at: '2026-03-10T10:00:00.000Z' }, 'answered'],
    [{ ...sent, expires_at: '2026-03-10T12:00:00.000Z' }, 'missed'],
    [{ ...sent, withdrawn_at: '2026-03-09T00:00:00.000Z' }, 'missed'],
    [{ ...sent, skipped: 1, invitation_id: null, expires_at: null }, 'skipped'],
  ] as const)('%o is %s', (facts, state) => {
    expect(occurrenceState(facts, NOW)).toBe(state);
  });
  it('an answered link stays answered after it expires', () => {
    expect(occurrenceState({ ...sent, answered_at: '2026-03-01T00:00:00.000Z', expires_at: '2026-03-02T00:00:00.000Z' }, NOW)).toBe('answered');
    expect(isStillOpen({ answered_at: null, withdrawn_at: null, expires_at: '2026-03-10T12:00:00.001Z' }, NOW)).toBe(true);
  });
});

describe('adherence', () => {
  it('counts answered of answered and missed; open and skipped are not counted', () => {
    expect(adherence(['answered', 'missed', 'open', 'skipped', 'answered', 'missed'])).toEqual({ scheduled: 4, answered: 2, adherence: 0.5 });
    expect(adherence(['open', 'skipped'])).toEqual({ scheduled: 0, answered: 0, adherence: null });
    expect(adherence(['answered', 'missed', 'missed'])).toEqual({ scheduled: 3, answered: 1, adherence: 0.333 });
  });
  it('groups by programme and month', () => {
    const fact = (programme: string, dueAt: string, answered: boolean): AdherenceFact => ({
      ...sent, programme_id: programme, name: { da: programme, en: programme }, due_at: dueAt, ...(answered ? { answered_at: 'x' } : { expires_at: '2026-01-01T00:00:00.000Z' }),
    });
    const rows = [fact('b', '2026-02-10T09:00:00.000Z', true), fact('a', '2026-03-03T09:00:00.000Z', false), fact('b', '2026-01-12T09:00:00.000Z', false), fact('b', '2026-02-24T09:00:00.000Z', false)];
    expect(programmeAdherence(rows, NOW, 'Europe/Copenhagen')).toEqual([
      { programmeId: 'a', name: { da: 'a', en: 'a' }, scheduled: 1, answered: 0, adherence: 0, months: [{ month: '2026-03', scheduled: 1, answered: 0, adherence: 0 }] },
      {
        programmeId: 'b', name: { da: 'b', en: 'b' }, scheduled: 3, answered: 1, adherence: 0.333,
        months: [{ month: '2026-01', scheduled: 1, answered: 0, adherence: 0 }, { month: '2026-02', scheduled: 2, answered: 1, adherence: 0.5 }],
      },
    ]);
  });
  it('counts an occurrence in the month it was due in Copenhagen, not in UTC (a worked example)', () => {
    // Palliative follow-up in January and February 2026 (winter time, UTC+1) and at the end of March (summer time from 29 March, UTC+2):
    const row = (dueAt: string, state: 'answered' | 'missed' | 'open' | 'skipped'): AdherenceFact => ({
      programme_id: 'palliative', name: { da: 'Palliativ opfølgning', en: 'Palliative follow-up' }, due_at: dueAt, skipped: state === 'skipped' ? 1 : 0,
      invitation_id: state === 'skipped' ? null : 'i', answered_at: state === 'answered' ? dueAt : null, withdrawn_at: null,
      expires_at: state === 'skipped' ? null : state === 'open' ? '2026-05-01T00:00:00.000Z' : '2026-04-01T00:00:00.000Z',
    });
    const rows = [
      row('2026-01-05T23:00:00.000Z', 'answered'), // 6 January 00:00 in Copenhagen
      row('2026-01-19T23:00:00.000Z', 'missed'),
      row('2026-01-31T23:30:00.000Z', 'answered'), // the last day of January in UTC, 1 February 00:30 in Copenhagen
      row('2026-02-14T23:00:00.000Z', 'skipped'), // never sent: not counted
      row('2026-03-31T21:30:00.000Z', 'missed'), // 23:30 on 31 March in Copenhagen (UTC+2): still March
      row('2026-03-31T22:30:00.000Z', 'open'), // 1 April 00:30 in Copenhagen: April, and open (not counted yet)
    ];
    const [palliative] = programmeAdherence(rows, new Date('2026-04-02T12:00:00.000Z'), 'Europe/Copenhagen');
    expect(palliative).toMatchObject({ scheduled: 4, answered: 2, adherence: 0.5 });
    expect(palliative!.months).toEqual([
      { month: '2026-01', scheduled: 2, answered: 1, adherence: 0.5 },
      { month: '2026-02', scheduled: 1, answered: 1, adherence: 1 },
      { month: '2026-03', scheduled: 1, answered: 0, adherence: 0 },
      { month: '2026-04', scheduled: 0, answered: 0, adherence: null },
    ]);
  });
});

describe('missedLastTwo', () => {
  it.each([
    [['missed', 'missed'], true],
    [['open', 'missed', 'skipped', 'missed', 'answered'], true],
    [['missed', 'answered', 'missed'], false],
    [['missed'], false],
    [['answered', 'missed', 'missed'], false],
    [[], false],
  ] as const)('%o: %s', (states, marked) => {
    expect(missedLastTwo(states)).toBe(marked);
  });
});

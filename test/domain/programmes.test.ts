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
    const fact = (programme: string, month: string, answered: boolean): AdherenceFact => ({
      ...sent, programme_id: programme, name: { da: programme, en: programme }, month, ...(answered ? { answered_at: 'x' } : { expires_at: '2026-01-01T00:00:00.000Z' }),
    });
    expect(programmeAdherence([fact('b', '2026-02', true), fact('a', '2026-03', false), fact('b', '2026-01', false), fact('b', '2026-02', false)], NOW)).toEqual([
      { programmeId: 'a', name: { da: 'a', en: 'a' }, scheduled: 1, answered: 0, adherence: 0, months: [{ month: '2026-03', scheduled: 1, answered: 0, adherence: 0 }] },
      {
        programmeId: 'b', name: { da: 'b', en: 'b' }, scheduled: 3, answered: 1, adherence: 0.333,
        months: [{ month: '2026-01', scheduled: 1, answered: 0, adherence: 0 }, { month: '2026-02', scheduled: 2, answered: 1, adherence: 0.5 }],
      },
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

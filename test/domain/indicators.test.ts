/** The quality indicators over plain facts: each figure on a tiny scenario worked out by hand; kappa on known tables. */
import { describe, expect, it } from 'vitest';
import type { Agreement } from '../../server/contract/indicators.js';
import {
  agreement, cohensKappa, indicatorFigures, indicators, monthsOf, periodOf, quantile, type IndicatorFacts, type ResponseFact,
} from '../../server/domain/indicators.js';

const TZ = 'Europe/Copenhagen';
const NOW = new Date('2026-02-20T12:00:00.000Z');
const JAN = periodOf('2026-01-01', '2026-01-31', TZ);

function response(patientId: string, over: Partial<ResponseFact> = {}): ResponseFact {
  return {
    patientId, submittedAt: '2026-01-10T10:00:00.000Z', mode: null, level: 'none', flagCreatedAt: '2026-01-10T10:00:00.000Z',
    dueAt: '2026-01-20T10:00:00.000Z', firstActionAt: null, closedAt: null, decision: null, ...over,
  };
}

const EMPTY: IndicatorFacts = { invitations: [], responses: [], referrals: [] };

describe('the period', () => {
  it('runs from the first day\'s midnight to the midnight after the last day, in Copenhagen time', () => {
    // Winter time (UTC+1) on 1 March; summer time (UTC+2) from 29 March 2026.
    expect(periodOf('2026-03-01', '2026-03-31', TZ)).toEqual({ from: '2026-03-01', to: '2026-03-31', start: '2026-02-28T23:00:00.000Z', end: '2026-03-31T22:00:00.000Z' });
  });

  it('splits into calendar months clipped to the period', () => {
    expect(monthsOf('2025-12-15', '2026-02-10')).toEqual([
      { month: '2025-12', from: '2025-12-15', to: '2025-12-31' },
      { month: '2026-01', from: '2026-01-01', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-10' },
    ]);
    expect(monthsOf('2024-02-01', '2024-02-29')).toEqual([{ month: '2024-02', from: '2024-02-01', to: '2024-02-29' }]);
  });
});

describe('the figures', () => {
  it('counts invited and assessed patients and the response rate', () => {
    const facts: IndicatorFacts = {
      ...EMPTY,
      // P1 twice (one answered), P2 once (unanswered), P3 once (answered); P4 in December (outside).
      invitations: [
        { patientId: 'P1', createdAt: '2026-01-02T08:00:00.000Z', answeredAt: '2026-01-03T08:00:00.000Z' },
        { patientId: 'P1', createdAt: '2026-01-20T08:00:00.000Z', answeredAt: null },
        { patientId: 'P2', createdAt: '2026-01-05T08:00:00.000Z', answeredAt: null },
        { patientId: 'P3', createdAt: '2026-01-30T08:00:00.000Z', answeredAt: '2026-02-02T08:00:00.000Z' },
        { patientId: 'P4', createdAt: '2025-12-30T08:00:00.000Z', answeredAt: '2026-01-04T08:00:00.000Z' },
      ],
      // P1 and P4 answered in January; P3 answered in February.
      responses: [response('P1', { submittedAt: '2026-01-03T08:00:00.000Z' }), response('P4', { submittedAt: '2026-01-04T08:00:00.000Z' }), response('P3', { submittedAt: '2026-02-02T08:00:00.000Z' })],
    };
    const f = indicatorFigures(facts, JAN, NOW);
    // Invited in January: P1, P2, P3 (3). With a January response: P1 only (P4 was not invited in January).
    expect([f.patientsInvited, f.patientsAssessed, f.assessedShare]).toEqual([3, 1, 1 / 3]);
    // Invitations sent in January: 4; answered (by now, also in February): P1's first and P3's: 2 / 4.
    expect(f.responseRate).toBe(0.5);
  });

  it('counts responses by mode (none or unknown: self) and flags of basic or specialized per 100 responses', () => {
    const facts: IndicatorFacts = {
      ...EMPTY,
      responses: [
        response('P1', { level: 'specialized', mode: 'proxy' }), response('P2', { level: 'basic', mode: 'paper' }),
        response('P3', { level: 'none', mode: null }), response('P4', { level: 'none', mode: 'carrier pigeon' }),
        response('P5', { level: 'basic', mode: 'assisted' }), response('P6', { level: 'none', mode: 'self' }),
      ],
    };
    const f = indicatorFigures(facts, JAN, NOW);
    expect(f.responsesByMode).toEqual({ self: 3, assisted: 1, proxy: 1, paper: 1 });
    // 3 flags of basic or specialized in 6 responses: 3 / 6 × 100.
    expect(f.flagsPer100Responses).toBe(50);
  });

  it('shares flags closed within their deadline of those decided, and the median hours to first action', () => {
    const created = '2026-01-10T10:00:00.000Z';
    const facts: IndicatorFacts = {
      ...EMPTY,
      responses: [
        // Closed before due: in time. First action 1 h.
        response('P1', { dueAt: '2026-01-12T10:00:00.000Z', firstActionAt: '2026-01-10T11:00:00.000Z', closedAt: '2026-01-11T10:00:00.000Z' }),
        // Closed after due: late. First action 4 h.
        response('P2', { dueAt: '2026-01-12T10:00:00.000Z', firstActionAt: '2026-01-10T14:00:00.000Z', closedAt: '2026-01-13T10:00:00.000Z' }),
        // Open and past due (now is 20 February): late; no first action.
        response('P3', { dueAt: '2026-01-12T10:00:00.000Z' }),
        // Open, not yet due: not counted (it may still make it). Taken after 10 h.
        response('P4', { dueAt: '2026-03-01T10:00:00.000Z', firstActionAt: '2026-01-10T20:00:00.000Z' }),
      ].map((r) => ({ ...r, flagCreatedAt: created })),
    };
    const f = indicatorFigures(facts, JAN, NOW);
    // 1 in time of 3 decided.
    expect(f.closedWithinDeadlineShare).toBe(1 / 3);
    // 1, 4, 10 hours: median 4.
    expect(f.medianHoursToFirstAction).toBe(4);
  });

  it('counts referrals: shares of the decided, return reasons, waiting days, decided within 10 days', () => {
    const at = (day: number, hour = 10) => `2026-01-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const facts: IndicatorFacts = {
      ...EMPTY,
      referrals: [
        { createdAt: at(2), status: 'accepted', decidedAt: at(4), reason: null }, // 2 days
        { createdAt: at(2), status: 'accepted', decidedAt: at(5, 22), reason: 'Visit Monday' }, // 3.5 days
        { createdAt: at(3), status: 'returned', decidedAt: at(17), reason: 'Basic level first' }, // 14 days
        { createdAt: at(5), status: 'returned', decidedAt: at(11), reason: ' Basic level first' }, // 6 days
        { createdAt: at(6), status: 'returned', decidedAt: at(7), reason: 'Not palliative' }, // 1 day
        { createdAt: at(8), status: 'pending', decidedAt: null, reason: null }, // waited 43 days by now: counts as late
        { createdAt: '2026-02-15T10:00:00.000Z', status: 'pending', decidedAt: null, reason: null }, // February: outside
      ],
    };
    const f = indicatorFigures(facts, JAN, NOW).referrals;
    expect(f.total).toBe(6);
    // Decided: 2 accepted, 3 returned.
    expect([f.acceptedShare, f.returnedShare]).toEqual([2 / 5, 3 / 5]);
    expect(f.returnReasons).toEqual([{ reason: 'Basic level first', count: 2 }, { reason: 'Not palliative', count: 1 }]);
    // Waiting days sorted: 1, 2, 3.5, 6, 14: median 3.5; p90 nearest rank ceil(4.5) = 5th = 14.
    expect([f.medianWaitingDays, f.p90WaitingDays]).toEqual([3.5, 14]);
    // Within 10 days: 1, 2, 3.5, 6 (4) of 5 decided + 1 pending past 10 days = 6.
    expect(f.decidedWithin10DaysShare).toBe(4 / 6);
  });

  it('tables the proposed level against the nurse\'s decision', () => {
    const facts: IndicatorFacts = {
      ...EMPTY,
      responses: [
        response('P1', { level: 'specialized', decision: 'refer' }), response('P2', { level: 'specialized', decision: 'basic' }),
        response('P3', { level: 'basic', decision: 'basic' }), response('P4', { level: 'none', decision: 'no_action' }),
        response('P5', { level: 'basic', decision: null }),
      ],
    };
    const { table, kappa } = indicatorFigures(facts, JAN, NOW).agreement;
    expect(table).toEqual({
      none: { none: 1, basic: 0, specialized: 0 },
      basic: { none: 0, basic: 1, specialized: 0 },
      specialized: { none: 0, basic: 1, specialized: 1 },
    });
    // n = 4, po = 3/4. Rows (proposed) none 1, basic 1, specialized 2; columns (decided) none 1, basic 2, specialized 1.
    // pe = (1·1 + 1·2 + 2·1) / 16 = 5/16; kappa = (12/16 - 5/16) / (11/16) = 7/11.
    expect(kappa).toBeCloseTo(7 / 11, 12);
  });

  it('is null where there is nothing to divide', () => {
    const f = indicatorFigures(EMPTY, JAN, NOW);
    expect(f).toMatchObject({
      patientsInvited: 0, patientsAssessed: 0, assessedShare: null, responseRate: null, flagsPer100Responses: null,
      closedWithinDeadlineShare: null, medianHoursToFirstAction: null, agreement: { kappa: null },
      referrals: { total: 0, acceptedShare: null, returnedShare: null, returnReasons: [], medianWaitingDays: null, p90WaitingDays: null, decidedWithin10DaysShare: null },
    });
  });

  it('adds each month of the period, counting each fact in its own month', () => {
    const facts: IndicatorFacts = { ...EMPTY, responses: [response('P1', { level: 'basic' }), response('P2', { submittedAt: '2026-02-03T10:00:00.000Z' })] };
    const all = indicators(facts, '2026-01-01', '2026-02-28', TZ, NOW);
    expect(all.flagsPer100Responses).toBe(50);
    expect(all.months.map((m) => [m.month, m.flagsPer100Responses])).toEqual([['2026-01', 100], ['2026-02', 0]]);
  });
});

describe("Cohen's kappa", () => {
  const table = (rows: number[][]): Agreement['table'] => ({
    none: { none: rows[0]![0]!, basic: rows[0]![1]!, specialized: rows[0]![2]! },
    basic: { none: rows[1]![0]!, basic: rows[1]![1]!, specialized: rows[1]![2]! },
    specialized: { none: rows[2]![0]!, basic: rows[2]![1]!, specialized: rows[2]![2]! },
  });

  it('is 0.4 on the textbook 2 × 2 table (20, 5 / 10, 15)', () => {
    // po = 35/50 = 0.7; pe = 0.5 × 0.6 + 0.5 × 0.4 = 0.5; kappa = 0.2 / 0.5.
    expect(cohensKappa(table([[20, 5, 0], [10, 15, 0], [0, 0, 0]]))).toBeCloseTo(0.4, 12);
  });

  it('is 1 for perfect agreement, 0 at chance, and null when undefined', () => {
    expect(cohensKappa(table([[3, 0, 0], [0, 2, 0], [0, 0, 5]]))).toBe(1);
    // Every cell 1: po = 3/9 = pe.
    expect(cohensKappa(table([[1, 1, 1], [1, 1, 1], [1, 1, 1]]))).toBeCloseTo(0, 12);
    // Both always "none": pe = 1.
    expect(cohensKappa(table([[4, 0, 0], [0, 0, 0], [0, 0, 0]]))).toBeNull();
    expect(agreement([]).kappa).toBeNull();
  });
});

describe('quantile', () => {
  it('takes the middle (or the mean of the two middle) for the median, the nearest rank otherwise', () => {
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
    expect(quantile([], 0.9)).toBeNull();
  });
});

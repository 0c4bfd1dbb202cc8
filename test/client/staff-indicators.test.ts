import { describe, expect, it } from 'vitest';
import type { IndicatorFigures } from '../../server/contract/indicators.js';
import { bars, defaultPeriod, displayNumber, INDICATOR_SPECS } from '../../client/staff/logic/indicators.js';
import { messages } from '../../client/staff/i18n.js';

describe('the quality indicators page', () => {
  it('defaults to the last twelve calendar months up to today', () => {
    expect(defaultPeriod(new Date(2026, 2, 15))).toEqual({ from: '2025-04-01', to: '2026-03-15' });
    expect(defaultPeriod(new Date(2026, 11, 31))).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('writes shares as percentages and rounds only for display', () => {
    expect(displayNumber(5 / 6, 'share', 'en')).toBe('83.3');
    expect(displayNumber(5 / 6, 'share', 'da')).toBe('83,3');
    expect(displayNumber(3 / 7, 'kappa', 'en')).toBe('0.43');
    expect(displayNumber(1234, 'count', 'en')).toBe('1,234');
  });

  it('draws shares on 0..1 and other figures up to the largest; a missing month has no bar', () => {
    const shares = bars([0.5, null, 1], 'share', 300, 100);
    expect(shares.map((b) => b.height)).toEqual([50, 0, 100]);
    expect(shares.map((b) => b.x)).toEqual([15, 115, 215]);
    expect(bars([2, 8, 4], 'days', 30, 80).map((b) => b.height)).toEqual([20, 80, 40]);
    // A negative kappa draws no bar (its value is still written).
    expect(bars([-0.2], 'kappa', 10, 10)[0]).toMatchObject({ height: 0, value: -0.2 });
  });

  it('has a label and a definition in Danish and English for every indicator, and reads each from the figures', () => {
    const figures = {
      patientsInvited: 6, patientsAssessed: 5, assessedShare: 5 / 6, responseRate: 0.5, flagsPer100Responses: 80, closedWithinDeadlineShare: 0.4,
      medianHoursToFirstAction: 40,
      referrals: { total: 3, acceptedShare: 0.5, returnedShare: 0.5, returnReasons: [], medianWaitingDays: 8, p90WaitingDays: 12, decidedWithin10DaysShare: 1 / 3 },
      agreement: { kappa: 3 / 7 },
    } as unknown as IndicatorFigures;
    expect(INDICATOR_SPECS.map((s) => s.value(figures))).toEqual([6, 5, 5 / 6, 0.5, 80, 0.4, 40, 3, 0.5, 0.5, 8, 12, 1 / 3, 3 / 7]);
    for (const lang of ['da', 'en'] as const) {
      for (const spec of INDICATOR_SPECS) {
        expect(messages(lang)[spec.label].length).toBeGreaterThan(3);
        expect(messages(lang)[spec.definition].length).toBeGreaterThan(20);
      }
    }
    expect(messages('da').indDecided).not.toBe(messages('en').indDecided);
  });
});

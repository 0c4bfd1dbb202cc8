import { describe, expect, it } from 'vitest';
import { addDuration, daysBetween, durationMs, isDuration } from '../../server/contract/duration.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('ISO 8601 durations of the site settings', () => {
  it.each([
    ['PT1M', MINUTE],
    ['PT24H', DAY],
    ['P2D', 2 * DAY],
    ['P1W', 7 * DAY],
    ['P1DT12H', DAY + 12 * HOUR],
    ['P1W2DT3H4M', 9 * DAY + 3 * HOUR + 4 * MINUTE],
    ['PT90M', 90 * MINUTE],
  ])('reads %s as a fixed length', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
    expect(isDuration(text)).toBe(true);
  });

  it.each(['', 'P', 'PT', 'P1DT', '5 days', 'p2d', 'P2', 'P1Y', 'P1M', 'PT30S', 'P1.5D', 'P-1D', 'PT1H1D', 'P2D ', ' P2D', 'P1D1W'])(
    'refuses %j',
    (text) => {
      expect(isDuration(text)).toBe(false);
    },
  );

  it('refuses a zero duration and one longer than a year', () => {
    expect(durationMs('PT0M')).toBe(0);
    expect(isDuration('PT0M')).toBe(false);
    expect(isDuration('P366D')).toBe(true);
    expect(isDuration('P367D')).toBe(false);
  });

  it('adds a duration as exact hours in UTC, also across a daylight-saving change', () => {
    // Copenhagen moved its clocks on 2026-03-29; a P2D deadline is still 48 hours.
    expect(addDuration(new Date('2026-03-28T10:00:00.000Z'), 'P2D').toISOString()).toBe('2026-03-30T10:00:00.000Z');
    expect(addDuration(new Date('2026-03-02T09:00:00.000Z'), 'PT1M').toISOString()).toBe('2026-03-02T09:01:00.000Z');
    expect(() => addDuration(new Date(), '5 days')).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  it('counts whole days of 24 hours, from ISO strings or dates', () => {
    expect(daysBetween('2025-03-07T13:00:00Z', now)).toBe(2);
    expect(daysBetween('2025-03-07T12:00:00Z', '2025-03-10T12:00:00Z')).toBe(3);
  });

  it('is never negative, and 0 when either is not a date', () => {
    expect(daysBetween('2025-03-11T00:00:00Z', now)).toBe(0);
    expect(daysBetween('not a date', now)).toBe(0);
  });
});

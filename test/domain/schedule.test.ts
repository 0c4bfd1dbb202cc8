import { describe, expect, it } from 'vitest';
import { parseCalendarDuration, scheduleProblems, type Schedule } from '../../server/contract/schedule.js';
import { addCalendarDuration, dueAt, firstCursor, occurrenceAt, occurrenceTimes, startOfDate } from '../../server/domain/schedule.js';

const TZ = 'Europe/Copenhagen';
const iso = (d: Date | null) => d?.toISOString() ?? null;
const first = (schedule: Schedule, start: Date, n: number) => {
  const out: string[] = [];
  for (const at of occurrenceTimes(schedule, start, TZ)) {
    if (out.length === n) break;
    out.push(at.toISOString());
  }
  return out;
};
/** The calendar date and wall-clock time in Copenhagen. */
const local = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, dateStyle: 'short', timeStyle: 'short' }).format(d);

describe('parseCalendarDuration', () => {
  it.each(['P0D', 'P14D', 'P3M', 'P1Y', 'P2W', 'PT1M', 'PT2H', 'P1Y2M3W4DT5H6M'])('accepts %s', (text) => {
    expect(parseCalendarDuration(text)).not.toBeNull();
  });
  it.each(['', 'P', 'PT', 'P1DT', '14D', 'P-1D', 'P1.5D', 'P1S', 'PT1S', 'P1D1M', 'p14d'])('refuses %s', (text) => {
    expect(parseCalendarDuration(text)).toBeNull();
  });
  it('reads the parts', () => {
    expect(parseCalendarDuration('P1Y2M3W4DT5H6M')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6 });
  });
});

describe('startOfDate', () => {
  it('is midnight in Copenhagen, in winter and in summer', () => {
    expect(iso(startOfDate('2026-01-15', TZ))).toBe('2026-01-14T23:00:00.000Z');
    expect(iso(startOfDate('2026-07-15', TZ))).toBe('2026-07-14T22:00:00.000Z');
  });
  it('is midnight on the days the clocks change', () => {
    expect(iso(startOfDate('2026-03-29', TZ))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(startOfDate('2026-10-25', TZ))).toBe('2026-10-24T22:00:00.000Z');
  });
});

describe('addCalendarDuration', () => {
  it('keeps the calendar day and wall-clock time across the change to summer time (a day of 23 hours)', () => {
    const start = startOfDate('2026-03-20', TZ);
    const due = addCalendarDuration(start, 'P14D', TZ);
    expect(local(due)).toBe('2026-04-03 00:00');
    expect(due.getTime() - start.getTime()).toBe((14 * 24 - 1) * 3_600_000);
  });
  it('keeps the calendar day across the change to winter time (a day of 25 hours)', () => {
    const start = new Date('2026-10-20T08:30:00.000Z'); // 10:30 summer time
    const due = addCalendarDuration(start, 'P14D', TZ);
    expect(local(due)).toBe('2026-11-03 10:30');
    expect(due.getTime() - start.getTime()).toBe((14 * 24 + 1) * 3_600_000);
  });
  it('counts months on the calendar, not as 30 days, and ends a short month on its last day', () => {
    expect(local(addCalendarDuration(startOfDate('2026-01-31', TZ), 'P1M', TZ))).toBe('2026-02-28 00:00');
    expect(local(addCalendarDuration(startOfDate('2028-01-31', TZ), 'P1M', TZ))).toBe('2028-02-29 00:00');
    expect(local(addCalendarDuration(startOfDate('2026-01-15', TZ), 'P3M', TZ))).toBe('2026-04-15 00:00');
    expect(local(addCalendarDuration(startOfDate('2026-11-30', TZ), 'P3M', TZ))).toBe('2027-02-28 00:00');
    expect(local(addCalendarDuration(startOfDate('2026-05-10', TZ), 'P1Y', TZ))).toBe('2027-05-10 00:00');
  });
  it('adds hours and minutes as elapsed time', () => {
    const start = new Date('2026-03-29T00:30:00.000Z'); // 01:30 winter time, the night the clocks go forward
    expect(iso(addCalendarDuration(start, 'PT1H', TZ))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(addCalendarDuration(start, 'PT1M', TZ))).toBe('2026-03-29T00:31:00.000Z');
  });
  it('keeps P0D at the start', () => {
    const start = new Date('2026-06-01T10:00:00.000Z');
    expect(iso(addCalendarDuration(start, 'P0D', TZ))).toBe(start.toISOString());
  });
});

describe('occurrenceTimes', () => {
  it('gives the rehabilitation schedule at start, 3, 6 and 12 months, then ends', () => {
    const times = first({ at: ['P0D', 'P3M', 'P6M', 'P12M'] }, startOfDate('2026-01-31', TZ), 10).map((t) => local(new Date(t)));
    expect(times).toEqual(['2026-01-31 00:00', '2026-04-30 00:00', '2026-07-31 00:00', '2027-01-31 00:00']);
  });
  it('repeats every 14 days on the calendar day, from the start, across both DST changes', () => {
    const times = first({ every: 'P14D' }, startOfDate('2026-03-15', TZ), 18).map((t) => local(new Date(t)));
    expect(times.slice(0, 3)).toEqual(['2026-03-15 00:00', '2026-03-29 00:00', '2026-04-12 00:00']);
    expect(times.every((t) => t.endsWith(' 00:00'))).toBe(true);
    expect(times[17]).toBe('2026-11-08 00:00');
  });
  it('repeats monthly from the start without drifting after a short month', () => {
    const times = first({ every: 'P1M' }, startOfDate('2026-01-31', TZ), 4).map((t) => local(new Date(t)));
    expect(times).toEqual(['2026-01-31 00:00', '2026-02-28 00:00', '2026-03-31 00:00', '2026-04-30 00:00']);
  });
  it('stops the repeat at until and merges the at offsets, each time once', () => {
    const start = new Date('2026-06-01T08:00:00.000Z');
    const times = first({ at: ['P0D', 'PT3M', 'PT2M'], every: 'PT2M', until: 'PT6M' }, start, 20);
    expect(times).toEqual(['08:00', '08:02', '08:03', '08:04', '08:06'].map((t) => `2026-06-01T${t}:00.000Z`));
  });
  it('starts a plain repeat at occurrence `from` with the same dates as counting from the first', () => {
    const schedule: Schedule = { every: 'P1M', until: 'P2Y' };
    const start = startOfDate('2026-01-31', TZ);
    const all = first(schedule, start, 100);
    const from = (n: number) => [...occurrenceTimes(schedule, start, TZ, n)].map(iso);
    expect(from(5)).toEqual(all.slice(5));
    expect(from(all.length)).toEqual([]);
    expect(() => [...occurrenceTimes({ at: ['P0D'], every: 'P1M' }, start, TZ, 1)]).toThrow(RangeError);
  });
  it('is lazy: a repeat without an end yields as many as asked for', () => {
    expect(first({ every: 'PT1M' }, new Date('2026-06-01T08:00:00.000Z'), 1000)).toHaveLength(1000);
  });
});

describe('scheduleProblems', () => {
  it('accepts the shipped defaults', () => {
    expect(scheduleProblems({ every: 'P14D' })).toEqual([]);
    expect(scheduleProblems({ at: ['P0D', 'P3M', 'P6M', 'P12M'] })).toEqual([]);
  });
  it('names each problem', () => {
    expect(scheduleProblems({})).toEqual([{ path: [], message: expect.stringContaining('at least one') }]);
    expect(scheduleProblems({ at: ['P3M', '3 months'] })).toEqual([{ path: ['at', 1], message: expect.stringContaining('ISO 8601') }]);
    expect(scheduleProblems({ every: 'P0D' })).toEqual([{ path: ['every'], message: 'must be longer than zero' }]);
    expect(scheduleProblems({ at: ['P0D'], until: 'P1Y' })).toEqual([{ path: ['until'], message: 'only with every' }]);
  });
});

describe('dueAt (an injected clock)', () => {
  const schedule: Schedule = { every: 'P14D' };
  const start = startOfDate('2026-03-01', TZ);
  const cursor = firstCursor(schedule, start, TZ)!;

  it('is nothing before the first due time', () => {
    expect(dueAt(schedule, start, cursor, new Date(start.getTime() - 1), TZ)).toBeNull();
  });
  it('is the occurrence on its day, with the next one after it', () => {
    const r = dueAt(schedule, start, cursor, start, TZ)!;
    expect(r.due).toEqual({ index: 0, dueAt: start });
    expect(local(r.next!.dueAt)).toBe('2026-03-15 00:00');
  });
  it('makes only the latest of the occurrences already due, then the next after now', () => {
    const now = new Date('2026-04-20T09:00:00.000Z'); // after 1/3, 15/3, 29/3, 12/4; before 26/4
    const r = dueAt(schedule, start, cursor, now, TZ)!;
    expect(r.due.index).toBe(3);
    expect(local(r.due.dueAt)).toBe('2026-04-12 00:00');
    expect(r.next!.index).toBe(4);
    expect(local(r.next!.dueAt)).toBe('2026-04-26 00:00');
  });
  it('is due on the calendar day after the change to summer time (00:00 CEST is 22:00 UTC)', () => {
    const c = { index: 2, dueAt: occurrenceAt(schedule, start, 2, TZ)! }; // 29 March, the day the clocks change
    expect(dueAt(schedule, start, c, new Date('2026-03-28T22:59:59.000Z'), TZ)).toBeNull();
    const due = dueAt(schedule, start, { index: 3, dueAt: occurrenceAt(schedule, start, 3, TZ)! }, new Date('2026-04-11T22:00:00.000Z'), TZ);
    expect(local(due!.due.dueAt)).toBe('2026-04-12 00:00');
  });
  it('keeps a date a plan moved later, and skips the schedule occurrences before it', () => {
    const moved = { index: 1, dueAt: startOfDate('2026-04-20', TZ) }; // 15/3 moved to 20/4 (past 29/3 and 12/4)
    expect(dueAt(schedule, start, moved, new Date('2026-04-19T12:00:00.000Z'), TZ)).toBeNull();
    const r = dueAt(schedule, start, moved, startOfDate('2026-04-20', TZ), TZ)!;
    expect(r.due).toEqual(moved);
    expect(local(r.next!.dueAt)).toBe('2026-04-26 00:00');
  });
  it('keeps a date a plan moved earlier, then goes on with the schedule', () => {
    const moved = { index: 1, dueAt: startOfDate('2026-03-05', TZ) }; // 15/3 moved to 5/3
    const r = dueAt(schedule, start, moved, startOfDate('2026-03-05', TZ), TZ)!;
    expect(r.due).toEqual(moved);
    expect(r.next).toEqual({ index: 2, dueAt: startOfDate('2026-03-29', TZ) });
  });
  it('finds the latest due and the next from the cursor on, as the walk from the first occurrence does (a year of cursors)', () => {
    for (let index = 0; index < 27; index++) {
      const c = { index, dueAt: occurrenceAt(schedule, start, index, TZ)! };
      for (const ahead of [0, 1, 3]) {
        const now = new Date(occurrenceAt(schedule, start, index + ahead, TZ)!.getTime() + 3_600_000);
        expect(dueAt(schedule, start, c, now, TZ)).toEqual({
          due: { index: index + ahead, dueAt: occurrenceAt(schedule, start, index + ahead, TZ) },
          next: { index: index + ahead + 1, dueAt: occurrenceAt(schedule, start, index + ahead + 1, TZ) },
        });
      }
    }
  });
  it('has no next occurrence after the last of a finite schedule', () => {
    const rehab: Schedule = { at: ['P0D', 'P3M'] };
    const r = dueAt(rehab, start, { index: 1, dueAt: occurrenceAt(rehab, start, 1, TZ)! }, new Date('2027-01-01T00:00:00.000Z'), TZ)!;
    expect(r.due.index).toBe(1);
    expect(r.next).toBeNull();
  });
});

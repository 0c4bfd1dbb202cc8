/**
 * A programme's schedule (issue 25), pure: when its questionnaire comes back. Offsets are ISO 8601
 * durations from the enrolment's start, counted on the clinic's calendar (Europe/Copenhagen): P14D
 * is the same wall-clock time 14 calendar days later (23 or 25 hours across a DST change are still
 * one day each), P3M the same day of the month three months on (31 January + P1M is 28 or 29
 * February), and only hours and minutes (PT1M, which tests use) are fixed lengths of time. So an
 * occurrence is due on its calendar day whatever the offset that day. No clock: `now` is passed in.
 *
 * The grammar differs from contract/duration.ts on purpose: deadlines are fixed lengths, a
 * follow-up "in three months" is a calendar date, and a schedule may start at P0D.
 */

import { isZero, parseCalendarDuration, type CalendarDuration, type Schedule } from '../contract/schedule.js';

export type { Schedule } from '../contract/schedule.js';

const times = (d: CalendarDuration, k: number): CalendarDuration => ({
  years: d.years * k, months: d.months * k, weeks: d.weeks * k, days: d.days * k, hours: d.hours * k, minutes: d.minutes * k,
});

// One formatter per time zone: building an Intl.DateTimeFormat costs far more than using it.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A quarter of an hour: every zone's offset is a multiple of it and changes on such a boundary, so the offset is one per quarter-hour of UTC. */
const QUARTER_HOUR_MS = 900_000;
const MAX_CACHED_OFFSETS = 200_000;
// Offsets by time zone and UTC quarter-hour: a scheduler tick converts thousands of dates, and
// formatToParts costs microseconds each (a tick with 10,000 due enrolments would spend seconds).
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at `at`, in milliseconds (+1 h in Copenhagen in winter, +2 h in summer). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  let cache = offsets.get(timeZone);
  if (!cache) offsets.set(timeZone, (cache = new Map()));
  const bucket = Math.floor(at / QUARTER_HOUR_MS);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    const instant = bucket * QUARTER_HOUR_MS;
    const p: Record<string, number> = {};
    for (const part of formatter(timeZone).formatToParts(new Date(instant))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - instant;
    if (cache.size >= MAX_CACHED_OFFSETS) cache.clear();
    cache.set(bucket, offset);
  }
  return offset;
}

interface WallClock {
  year: number;
  /** 0-based, as Date.UTC takes it. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** The wall-clock time of `at` in `timeZone`. */
export function wallClock(at: Date, timeZone: string): WallClock {
  const local = new Date(at.getTime() + zoneOffsetMs(at.getTime(), timeZone));
  return {
    year: local.getUTCFullYear(), month: local.getUTCMonth(), day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(), ms: local.getUTCMilliseconds(),
  };
}

/** The instant the wall clock in `timeZone` shows `w` (in a skipped hour: the same number of minutes after the change). */
export function fromWallClock(w: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month, w.day, w.hour, w.minute, w.second, w.ms);
  // The zone's offset at the guess, then at the corrected instant (a DST change between them lands right).
  let at = asUtc;
  for (let i = 0; i < 2; i++) at = asUtc - zoneOffsetMs(at, timeZone);
  return new Date(at);
}

/** 00:00 of the calendar date `YYYY-MM-DD` in `timeZone`: an enrolment's start given as a date, or a plan's next evaluation. */
export function startOfDate(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  return fromWallClock({ year: year!, month: month! - 1, day: day!, hour: 0, minute: 0, second: 0, ms: 0 }, timeZone);
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/**
 * `start` plus `duration` on the calendar of `timeZone`: years and months to the same day of the
 * month (the month's last day when it is shorter), weeks and days to the same wall-clock time, then
 * hours and minutes as elapsed time.
 */
export function addCalendarDuration(start: Date, duration: CalendarDuration | string, timeZone: string, startWall = wallClock(start, timeZone)): Date {
  const d = typeof duration === 'string' ? parseCalendarDuration(duration) : duration;
  if (!d) throw new RangeError(`Not an ISO 8601 duration of a schedule: "${String(duration)}"`);
  const w = startWall;
  const monthIndex = w.year * 12 + w.month + d.years * 12 + d.months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const day = Math.min(w.day, daysInMonth(year, month));
  // Days on the calendar: Date.UTC carries the overflow into the next month or year.
  const date = new Date(Date.UTC(year, month, day + d.weeks * 7 + d.days));
  const local = fromWallClock({ ...w, year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate() }, timeZone);
  return new Date(local.getTime() + (d.hours * 60 + d.minutes) * 60_000);
}

/** The most occurrences one schedule yields: a PT1M repeat without an end must not run a loop forever. */
export const MAX_OCCURRENCES = 100_000;

/**
 * Every due time of the schedule from `start`, earliest first, each once: the `at` offsets merged
 * with the repeat (start + k × every, k = 0, 1, 2...; each counted from the start, so 31 January
 * + P1M repeats on the 28th/29th, 31st, 30th... and does not drift), up to `until` when given.
 */
export function* occurrenceTimes(schedule: Schedule, start: Date, timeZone: string, from = 0): Generator<Date> {
  // From occurrence `from` on: only a plain repeat (no `at` list) can start there without counting the ones before.
  if (from > 0 && (schedule.at ?? []).length > 0) throw new RangeError('occurrenceTimes: `from` needs a schedule without `at`');
  const startWall = wallClock(start, timeZone);
  const at = [...new Set((schedule.at ?? []).map((o) => addCalendarDuration(start, o, timeZone, startWall).getTime()))].sort((a, b) => a - b);
  const every = schedule.every === undefined ? null : parseCalendarDuration(schedule.every);
  const until = every && schedule.until !== undefined ? addCalendarDuration(start, schedule.until, timeZone, startWall).getTime() : Infinity;
  let i = 0;
  let k = from;
  let last = -Infinity;
  for (let n = from; n < MAX_OCCURRENCES; n++) {
    const repeat = every && !isZero(every) ? addCalendarDuration(start, times(every, k), timeZone, startWall).getTime() : Infinity;
    const nextRepeat = repeat <= until ? repeat : Infinity;
    const nextAt = at[i] ?? Infinity;
    const next = Math.min(nextAt, nextRepeat);
    if (next === Infinity) return;
    if (next === nextAt) i++;
    if (next === nextRepeat) k++;
    if (next > last) {
      last = next;
      yield new Date(next);
    }
  }
}

/** The schedule's occurrence number `index` (0 is the first), or null when the schedule has fewer. */
export function occurrenceAt(schedule: Schedule, start: Date, index: number, timeZone: string): Date | null {
  let i = 0;
  for (const due of occurrenceTimes(schedule, start, timeZone)) if (i++ === index) return due;
  return null;
}

/** Where an enrolment stands: the schedule's index of its next occurrence, and when that is due (moved by a plan, it may differ from the schedule's). */
export interface Cursor {
  index: number;
  dueAt: Date;
}

/** The first occurrence, or null for a schedule that yields none. */
export function firstCursor(schedule: Schedule, start: Date, timeZone: string): Cursor | null {
  const dueAt = occurrenceAt(schedule, start, 0, timeZone);
  return dueAt ? { index: 0, dueAt } : null;
}

/**
 * What is due at `now`: of the occurrences that have fallen due since the cursor (the cursor's own
 * and the schedule's later ones up to now) only the latest is made (an enrolment made late, a
 * resumed one, or a server that was down sends one questionnaire, not a pile of them); then the
 * next is the schedule's first after it. Null when nothing is due yet.
 */
export function dueAt(schedule: Schedule, start: Date, cursor: Cursor, now: Date, timeZone: string): { due: Cursor; next: Cursor | null } | null {
  if (cursor.dueAt.getTime() > now.getTime()) return null;
  let due = cursor;
  let next: Cursor | null = null;
  // A plain repeat starts at the cursor (a tick computes thousands; a year of P14D is 27 dates each).
  let index = (schedule.at ?? []).length === 0 ? cursor.index : 0;
  for (const at of occurrenceTimes(schedule, start, timeZone, index)) {
    if (index > cursor.index) {
      if (at.getTime() > now.getTime()) {
        if (at.getTime() > due.dueAt.getTime()) {
          next = { index, dueAt: at };
          break;
        }
      } else if (at.getTime() > due.dueAt.getTime()) due = { index, dueAt: at };
    }
    index++;
  }
  return { due, next };
}

/** The schedule's first occurrence after `after` (from the first one when null): where an enrolment stands after its schedule changed. */
export function cursorAfter(schedule: Schedule, start: Date, after: Date | null, timeZone: string): Cursor | null {
  let index = 0;
  for (const at of occurrenceTimes(schedule, start, timeZone)) {
    if (after === null || at.getTime() > after.getTime()) return { index, dueAt: at };
    index++;
  }
  return null;
}

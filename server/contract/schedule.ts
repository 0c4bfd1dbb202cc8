/**
 * A programme's schedule as the API takes it (issue 25): ISO 8601 durations from the enrolment's
 * start. The grammar and its checks are here so that the server's request schema and the staff
 * app's form read them from one place; the calendar arithmetic is server/domain/schedule.ts.
 * Unlike contract/duration.ts (fixed lengths for deadlines), years, months and P0D are allowed:
 * a follow-up "in three months" is a calendar date.
 */

/** The clinic's calendar: schedules count on it, and the staff app shows due dates in it whatever the browser's zone. */
export const CLINIC_TIME_ZONE = 'Europe/Copenhagen';

/** Years, months, weeks, days (calendar), then hours and minutes (elapsed time). At most one of each, in this order. */
const PATTERN = /^P(?!$)(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?(?:T(?=\d)(?:(\d{1,6})H)?(?:(\d{1,7})M)?)?$/;

export interface CalendarDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
}

/** A programme's schedule: offsets from the start (`at`), and/or a repeat (`every`, from the start, up to `until` after it). */
export interface Schedule {
  at?: string[];
  every?: string;
  until?: string;
}

/** The most `at` offsets a schedule may list. */
export const MAX_AT_OFFSETS = 50;

/** The duration's parts, or null when it is not an ISO 8601 duration of this grammar. */
export function parseCalendarDuration(text: string): CalendarDuration | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  const [years, months, weeks, days, hours, minutes] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  return { years: years!, months: months!, weeks: weeks!, days: days!, hours: hours!, minutes: minutes! };
}

export const isZero = (d: CalendarDuration): boolean => Object.values(d).every((v) => v === 0);

/** What is wrong with a schedule, each with the path of the field; empty when it is valid. */
export function scheduleProblems(schedule: Schedule): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const bad = 'must be an ISO 8601 duration such as P14D, P3M, P1Y or PT1M';
  (schedule.at ?? []).forEach((offset, i) => {
    if (!parseCalendarDuration(offset)) problems.push({ path: ['at', i], message: bad });
  });
  if (schedule.every !== undefined) {
    const every = parseCalendarDuration(schedule.every);
    if (!every) problems.push({ path: ['every'], message: bad });
    else if (isZero(every)) problems.push({ path: ['every'], message: 'must be longer than zero' });
  }
  if (schedule.until !== undefined) {
    if (!parseCalendarDuration(schedule.until)) problems.push({ path: ['until'], message: bad });
    if (schedule.every === undefined) problems.push({ path: ['until'], message: 'only with every' });
  }
  if ((schedule.at ?? []).length === 0 && schedule.every === undefined) problems.push({ path: [], message: 'needs at least one offset in at, or every' });
  return problems;
}


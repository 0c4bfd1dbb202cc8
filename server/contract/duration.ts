/**
 * ISO 8601 durations for the site's deadlines and reminders (`PT24H`, `P2D`, `P1W`, `P1DT12H`).
 * Only weeks, days, hours and minutes, each of a fixed length: years and months have no fixed
 * length, and seconds are finer than anything a clinic schedules. A day is 24 hours of UTC, so a
 * deadline is the same number of hours whatever the season (a calendar day across a DST change
 * would be 23 or 25). A general library (iso8601-duration, Temporal) would accept Y/M and need a
 * time zone to add them; this is the whole grammar we accept, and it is small enough to read.
 * Also the fixed units (MINUTE_MS, HOUR_MS, DAY_MS) and daysBetween, the whole days staff see as
 * an age or a wait. Pure and dependency-free: the server and both clients import it.
 */

// At least one part; a T must be followed by a part ("P", "PT", "P1DT" are malformed).
const PATTERN = /^P(?!$)(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?=\d)(?:(\d{1,6})H)?(?:(\d{1,6})M)?)?$/;

/** Fixed lengths in milliseconds; a day is 24 hours of UTC, as everywhere here. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
const UNIT_MS = [7 * DAY_MS, DAY_MS, HOUR_MS, MINUTE_MS];

/** The shortest and longest durations a setting may have: one minute (what tests use) to one year. */
export const MIN_DURATION_MS = MINUTE_MS;
export const MAX_DURATION_MS = 366 * 24 * 60 * MINUTE_MS;

/** The length of a duration in milliseconds, or null when it is not one we accept. */
export function durationMs(text: string): number | null {
  const match = PATTERN.exec(text);
  if (!match) return null;
  return match.slice(1).reduce((sum, part, i) => sum + (part === undefined ? 0 : Number(part) * UNIT_MS[i]!), 0);
}

/** True for a well-formed duration between MIN_DURATION_MS and MAX_DURATION_MS. */
export function isDuration(text: string): boolean {
  const ms = durationMs(text);
  return ms !== null && ms >= MIN_DURATION_MS && ms <= MAX_DURATION_MS;
}

/** `date` plus `duration`; throws on a malformed duration (settings are validated before they are stored). */
export function addDuration(date: Date, duration: string): Date {
  const ms = durationMs(duration);
  if (ms === null) throw new RangeError(`Not an ISO 8601 duration we accept: "${duration}"`);
  return new Date(date.getTime() + ms);
}

/** Whole days (of 24 hours) from `from` to `to`, ISO strings or dates: a flag's age, a referral's wait. Never negative; 0 when either is not a date. */
export function daysBetween(from: string | Date, to: string | Date): number {
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.floor(ms / DAY_MS));
}

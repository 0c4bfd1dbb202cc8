/**
 * ISO 8601 durations for the site's deadlines and reminders (`PT24H`, `P2D`, `P1W`, `P1DT12H`).
 * Only weeks, days, hours and minutes, each of a fixed length: years and months have no fixed
 * length, and seconds are finer than anything a clinic schedules. A day is 24 hours of UTC, so a
 * deadline is the same number of hours whatever the season (a calendar day across a DST change
 * would be 23 or 25). A general library (iso8601-duration, Temporal) would accept Y/M and need a
 * time zone to add them; this is the whole grammar we accept, and it is small enough to read.
 * Pure and dependency-free: the server and both clients import it.
 */

// At least one part; a T must be followed by a part ("P", "PT", "P1DT" are malformed).
const PATTERN = /^P(?!$)(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?=\d)(?:(\d{1,6})H)?(?:(\d{1,6})M)?)?$/;

const MINUTE_MS = 60_000;
const UNIT_MS = [7 * 24 * 60, 24 * 60, 60, 1].map((minutes) => minutes * MINUTE_MS);

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

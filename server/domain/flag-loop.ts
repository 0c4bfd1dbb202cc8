/**
 * The closed loop for flags (issue 11), pure: when a flag is due, whether and for how long it is
 * overdue, the escalation message, and the Overview's figures over plain rows. No I/O, no clock:
 * `now` is always passed in.
 */
import type { Level, Role } from '../contract/codes.js';
import { addDuration, DAY_MS, HOUR_MS, MINUTE_MS } from '../contract/duration.js';
import type { Overview } from '../contract/responses.js';
import type { SiteSettings } from '../contract/settings.js';

/**
 * Who may own a flag: an enabled nurse or admin. A disabled account cannot sign in, so a flag
 * handed to it would wait unseen (issue 21); it is left out of the assignee list too.
 */
export function canOwnFlags(user: { role: Role; disabled_at: string | null }): boolean {
  return (user.role === 'nurse' || user.role === 'admin') && user.disabled_at === null;
}

/** The Overview's window for shares and medians. */
export const OVERVIEW_WINDOW_DAYS = 30;

/**
 * A flag is due this long after it is created: the urgent deadline when urgent review is needed,
 * else its level's; with own words, the earlier of that and the own-words deadline (a text is read
 * within a day whatever the scores say: clinical rules v2, 9).
 */
export function dueAtFor(createdAt: Date, deadlines: SiteSettings['deadlines'], flag: { urgent: boolean; level: Level; ownWords: boolean }): Date {
  const due = addDuration(createdAt, flag.urgent ? deadlines.urgent : deadlines[flag.level]);
  if (!flag.ownWords) return due;
  const ownWordsDue = addDuration(createdAt, deadlines.ownWords);
  return ownWordsDue < due ? ownWordsDue : due;
}

/** Past its deadline and not closed. */
export function isOverdue(flag: { dueAt: string; closedAt: string | null }, now: Date): boolean {
  return flag.closedAt === null && Date.parse(flag.dueAt) < now.getTime();
}

/** Whole minutes an overdue flag has been overdue ("overdue for 3 h"); null when it is not overdue. */
export function overdueMinutes(flag: { dueAt: string; closedAt: string | null }, now: Date): number | null {
  return isOverdue(flag, now) ? Math.floor((now.getTime() - Date.parse(flag.dueAt)) / MINUTE_MS) : null;
}

/**
 * The escalation a staff contact gets: no patient name, no level, no answers (e-mail and text
 * messages can be read by others), only that a flag is overdue and the link to it in the staff app.
 */
export function escalationMessage(siteName: string, link: string): { subject: string; text: string } {
  return {
    subject: `${siteName}: flag overdue / forsinket markering`,
    text:
      `A flagged questionnaire response is overdue for review. Open it in ${siteName}: ${link}\n\n` +
      `Et markeret spørgeskemasvar er forsinket og venter på vurdering. Åbn det i ${siteName}: ${link}`,
  };
}

/**
 * The end of `now`'s calendar day in `timeZone` (the first instant of the next day). "Due today"
 * means the clinic's day, not UTC's.
 */
export function endOfDay(now: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now).map((p) => [p.type, p.value]),
  );
  const nextMidnightAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day) + 1);
  // The zone's offset at that instant (twice, so a DST change that day lands right).
  let at = nextMidnightAsUtc;
  for (let i = 0; i < 2; i++) at = nextMidnightAsUtc - offsetMs(new Date(at), timeZone);
  return new Date(at);
}

/** One formatter a time zone: making one costs about a tenth of a millisecond, once per row of a 200-row list (issue 24's worklist bench). */
const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The calendar date YYYY-MM-DD of `at` in `timeZone`: the clinic's "today", or the day a response was submitted. */
export function calendarDate(at: Date, timeZone: string): string {
  let format = DAY_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DAY_FORMATS.set(timeZone, format);
  }
  return format.format(at);
}

function offsetMs(at: Date, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/** A flag as the Overview counts it. */
export interface OverviewFlag {
  createdAt: string;
  dueAt: string;
  firstActionAt: string | null;
  closedAt: string | null;
  ownerId: string | null;
  level: Level;
}

export interface OverviewInput {
  now: Date;
  /** The first instant after today (endOfDay). */
  endOfToday: Date;
  /** Every flag that is not closed. */
  openFlags: readonly Pick<OverviewFlag, 'dueAt' | 'ownerId'>[];
  /** Every flag created in the window (closed or not). */
  recentFlags: readonly OverviewFlag[];
  /** Responses submitted in the window. */
  recentResponses: number;
  failedMessages: number;
  /** Emergency accesses opened in the window (issue 24). */
  emergencyAccesses: number;
}

/** The Overview's eight figures (definitions in docs/staff-app.md, "Owners, deadlines and the Overview"); one decimal. */
export function overviewFigures(input: OverviewInput): Overview {
  const now = input.now.getTime();
  const open = input.openFlags.map((f) => ({ ...f, due: Date.parse(f.dueAt) }));
  // Decided: closed, or past its deadline while open. An open flag not yet due may still make it.
  const decided = input.recentFlags.filter((f) => f.closedAt !== null || Date.parse(f.dueAt) < now);
  const withinDeadline = decided.filter((f) => f.closedAt !== null && f.closedAt <= f.dueAt).length;
  const hoursFromCreation = (at: string | null, f: OverviewFlag) => (at === null ? null : (Date.parse(at) - Date.parse(f.createdAt)) / HOUR_MS);
  const needingCare = input.recentFlags.filter((f) => f.level !== 'none').length;
  return {
    overdueNow: open.filter((f) => f.due < now).length,
    dueToday: open.filter((f) => f.due >= now && f.due < input.endOfToday.getTime()).length,
    unowned: open.filter((f) => f.ownerId === null).length,
    closedWithinDeadlinePct: decided.length === 0 ? null : round1((100 * withinDeadline) / decided.length),
    medianHoursToFirstAction: median(input.recentFlags.map((f) => hoursFromCreation(f.firstActionAt, f))),
    medianHoursToClose: median(input.recentFlags.map((f) => hoursFromCreation(f.closedAt, f))),
    flagsPer100Responses: input.recentResponses === 0 ? null : round1((100 * needingCare) / input.recentResponses),
    failedMessages: input.failedMessages,
    emergencyAccesses: input.emergencyAccesses,
  };
}

/** The start of the Overview's window. */
export function overviewWindowStart(now: Date): Date {
  return new Date(now.getTime() - OVERVIEW_WINDOW_DAYS * DAY_MS);
}

/** The median of the numbers present (nulls skipped), one decimal; null when there are none. */
export function median(values: readonly (number | null)[]): number | null {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return round1(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

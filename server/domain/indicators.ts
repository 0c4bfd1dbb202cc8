/**
 * The quality indicators (issue 14), pure: the figures of a period over plain rows. No I/O, no
 * clock: `now` is passed in (an open flag or a pending referral counts as late only once its time
 * is up). Definitions: docs/indicators.md; the same words are on the staff page.
 */
import { LEVELS, RESPONSE_MODES, type DecisionAction, type Level, type ReferralStatus, type ResponseMode } from '../contract/codes.js';
import { DAY_MS, HOUR_MS } from '../contract/duration.js';
import type { Agreement, IndicatorFigures, Indicators } from '../contract/indicators.js';
import { endOfDay } from './flag-loop.js';

/** The Danish Palliative Database's standard: admitted within 10 days of referral. */
export const REFERRAL_DECISION_DAYS = 10;

/** The level a nurse's decision chose, for the agreement table. */
export const LEVEL_OF_DECISION: Record<DecisionAction, Level> = { refer: 'specialized', basic: 'basic', no_action: 'none' };

export interface InvitationFact {
  patientId: string;
  createdAt: string;
  answeredAt: string | null;
}

/** A response with its flag (there is one per response, also of level none) and the nurse's latest decision on it. */
export interface ResponseFact {
  patientId: string;
  submittedAt: string;
  /** Null (or an unknown mode) counts as `self`: responses from before answer modes existed were the patient's own. */
  mode: string | null;
  level: Level;
  flagCreatedAt: string;
  dueAt: string;
  firstActionAt: string | null;
  closedAt: string | null;
  decision: DecisionAction | null;
}

export interface ReferralFact {
  createdAt: string;
  status: ReferralStatus;
  decidedAt: string | null;
  reason: string | null;
}

/** The rows of a period: invitations sent, responses submitted and referrals made in it. */
export interface IndicatorFacts {
  invitations: readonly InvitationFact[];
  responses: readonly ResponseFact[];
  referrals: readonly ReferralFact[];
}

/** A period of calendar days (both included) and the instants it covers, [start, end). */
export interface Period {
  from: string;
  to: string;
  start: string;
  end: string;
}

/** The instants of calendar days `from`..`to` (YYYY-MM-DD, both included) in the clinic's time zone: the indicators', the CSV's and the FHIR export's period. */
export function periodOf(from: string, to: string, timeZone: string): Period {
  const noonUtc = (date: string) => Date.parse(`${date}T12:00:00.000Z`);
  return {
    from,
    to,
    // The day before's end is the day's start (noon UTC is the same calendar day in Europe).
    start: endOfDay(new Date(noonUtc(from) - DAY_MS), timeZone).toISOString(),
    end: endOfDay(new Date(noonUtc(to)), timeZone).toISOString(),
  };
}

/** The calendar months the period touches, each clipped to the period, oldest first. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const months = [];
  let [year, month] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > to.slice(0, 7)) break;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const first = `${key}-01`;
    const last = `${key}-${String(lastDay).padStart(2, '0')}`;
    months.push({ month: key, from: first < from ? from : first, to: last > to ? to : last });
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/** The period's figures, and the same for each month of it. */
export function indicators(facts: IndicatorFacts, from: string, to: string, timeZone: string, now: Date): Omit<Indicators, 'programmes'> {
  return {
    ...indicatorFigures(facts, periodOf(from, to, timeZone), now),
    months: monthsOf(from, to).map((m) => ({ month: m.month, ...indicatorFigures(facts, periodOf(m.from, m.to, timeZone), now) })),
  };
}

/** The figures of one period, from the facts that fall in it (definitions: docs/indicators.md). */
export function indicatorFigures(facts: IndicatorFacts, period: Period, now: Date): IndicatorFigures {
  const inPeriod = (at: string) => at >= period.start && at < period.end;
  const invitations = facts.invitations.filter((i) => inPeriod(i.createdAt));
  const responses = facts.responses.filter((r) => inPeriod(r.submittedAt));
  const referrals = facts.referrals.filter((r) => inPeriod(r.createdAt));

  // Assessed: invited in the period and answered (any invitation) in the period.
  const invited = new Set(invitations.map((i) => i.patientId));
  const responded = new Set(responses.map((r) => r.patientId));
  const assessed = [...invited].filter((p) => responded.has(p)).length;

  const responsesByMode = Object.fromEntries(RESPONSE_MODES.map((m) => [m, 0])) as Record<ResponseMode, number>;
  for (const r of responses) responsesByMode[RESPONSE_MODES.find((mode) => mode === r.mode) ?? 'self']++;

  // Decided: closed, or past its deadline while still open (an open flag not yet due may still make it).
  const decidedFlags = responses.filter((r) => r.closedAt !== null || Date.parse(r.dueAt) < now.getTime());
  const closedInTime = decidedFlags.filter((r) => r.closedAt !== null && r.closedAt <= r.dueAt).length;
  const hoursToFirstAction = responses.flatMap((r) => (r.firstActionAt === null ? [] : [(Date.parse(r.firstActionAt) - Date.parse(r.flagCreatedAt)) / HOUR_MS]));

  return {
    from: period.from,
    to: period.to,
    patientsInvited: invited.size,
    patientsAssessed: assessed,
    assessedShare: share(assessed, invited.size),
    responseRate: share(invitations.filter((i) => i.answeredAt !== null).length, invitations.length),
    responsesByMode,
    flagsPer100Responses: responses.length === 0 ? null : (100 * responses.filter((r) => r.level !== 'none').length) / responses.length,
    closedWithinDeadlineShare: share(closedInTime, decidedFlags.length),
    medianHoursToFirstAction: quantile(hoursToFirstAction, 0.5),
    referrals: referralIndicators(referrals, now),
    agreement: agreement(responses.flatMap((r) => (r.decision === null ? [] : [{ proposed: r.level, decided: LEVEL_OF_DECISION[r.decision] }]))),
  };
}

function referralIndicators(referrals: readonly ReferralFact[], now: Date): IndicatorFigures['referrals'] {
  const decided = referrals.filter((r) => r.status !== 'pending' && r.decidedAt !== null);
  const waitingDays = decided.map((r) => (Date.parse(r.decidedAt!) - Date.parse(r.createdAt)) / DAY_MS);
  const limit = REFERRAL_DECISION_DAYS * DAY_MS;
  // Like flags: a pending referral counts against the share once it has waited 10 days.
  const overdue = referrals.filter((r) => r.decidedAt === null && now.getTime() - Date.parse(r.createdAt) > limit).length;
  const inTime = waitingDays.filter((d) => d <= REFERRAL_DECISION_DAYS).length;
  const returned = decided.filter((r) => r.status === 'returned');
  const reasons = new Map<string, number>();
  for (const r of returned) {
    const reason = (r.reason ?? '').trim();
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return {
    total: referrals.length,
    acceptedShare: share(decided.length - returned.length, decided.length),
    returnedShare: share(returned.length, decided.length),
    returnReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    medianWaitingDays: quantile(waitingDays, 0.5),
    p90WaitingDays: quantile(waitingDays, 0.9),
    decidedWithin10DaysShare: share(inTime, decided.length + overdue),
  };
}

/** The agreement table (every level, zeros included) and Cohen's kappa over proposed/decided pairs. */
export function agreement(pairs: readonly { proposed: Level; decided: Level }[]): Agreement {
  const table = Object.fromEntries(LEVELS.map((p) => [p, Object.fromEntries(LEVELS.map((d) => [d, 0]))])) as Agreement['table'];
  for (const { proposed, decided } of pairs) table[proposed][decided]++;
  return { table, kappa: cohensKappa(table) };
}

/**
 * Cohen's kappa (Cohen 1960): (po − pe) / (1 − pe), with po the observed share of agreement and pe
 * the agreement expected by chance from the row and column totals. Null with no pairs, or when pe is
 * 1 (both raters used one and the same level throughout: kappa is undefined).
 */
export function cohensKappa(table: Agreement['table']): number | null {
  const n = LEVELS.reduce((sum, p) => sum + LEVELS.reduce((s, d) => s + table[p][d], 0), 0);
  if (n === 0) return null;
  const observed = LEVELS.reduce((sum, l) => sum + table[l][l], 0) / n;
  const chance = LEVELS.reduce((sum, l) => {
    const row = LEVELS.reduce((s, d) => s + table[l][d], 0);
    const column = LEVELS.reduce((s, p) => s + table[p][l], 0);
    return sum + (row / n) * (column / n);
  }, 0);
  return chance === 1 ? null : (observed - chance) / (1 - chance);
}

/**
 * The q-quantile, unrounded; null for no values. The median (q = 0.5) is the middle value, or the
 * mean of the two middle ones; other quantiles use the nearest rank (the smallest value with at
 * least q of the values at or below it), so the 90th percentile is a value that occurred.
 */
export function quantile(values: readonly number[], q: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  if (q === 0.5) {
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The quality indicators page, pure: the default period, which figures it shows and how, and the bar chart's geometry. */
import type { IndicatorFigures } from '../../../server/contract/indicators.js';
import type { Lang, MessageKey } from '../i18n.js';

/** How a figure is written: a share as a percentage, hours, days, a count, a rate, or kappa. */
export type IndicatorUnit = 'share' | 'hours' | 'days' | 'count' | 'rate' | 'kappa';

export interface IndicatorSpec {
  id: string;
  label: MessageKey;
  definition: MessageKey;
  unit: IndicatorUnit;
  value: (f: IndicatorFigures) => number | null;
}

/** Every single-number indicator, in the page's order; each gets its definition and a chart over months. */
export const INDICATOR_SPECS: readonly IndicatorSpec[] = [
  { id: 'patientsInvited', label: 'indPatientsInvited', definition: 'indPatientsInvitedDef', unit: 'count', value: (f) => f.patientsInvited },
  { id: 'patientsAssessed', label: 'indPatientsAssessed', definition: 'indPatientsAssessedDef', unit: 'count', value: (f) => f.patientsAssessed },
  { id: 'assessedShare', label: 'indAssessedShare', definition: 'indAssessedShareDef', unit: 'share', value: (f) => f.assessedShare },
  { id: 'responseRate', label: 'indResponseRate', definition: 'indResponseRateDef', unit: 'share', value: (f) => f.responseRate },
  { id: 'flagsPer100Responses', label: 'indFlagsPer100', definition: 'indFlagsPer100Def', unit: 'rate', value: (f) => f.flagsPer100Responses },
  { id: 'closedWithinDeadlineShare', label: 'indClosedWithinDeadline', definition: 'indClosedWithinDeadlineDef', unit: 'share', value: (f) => f.closedWithinDeadlineShare },
  { id: 'medianHoursToFirstAction', label: 'indMedianFirstAction', definition: 'indMedianFirstActionDef', unit: 'hours', value: (f) => f.medianHoursToFirstAction },
  { id: 'referrals', label: 'indReferrals', definition: 'indReferralsDef', unit: 'count', value: (f) => f.referrals.total },
  { id: 'acceptedShare', label: 'indAcceptedShare', definition: 'indAcceptedShareDef', unit: 'share', value: (f) => f.referrals.acceptedShare },
  { id: 'returnedShare', label: 'indReturnedShare', definition: 'indReturnedShareDef', unit: 'share', value: (f) => f.referrals.returnedShare },
  { id: 'medianWaitingDays', label: 'indMedianWaiting', definition: 'indMedianWaitingDef', unit: 'days', value: (f) => f.referrals.medianWaitingDays },
  { id: 'p90WaitingDays', label: 'indP90Waiting', definition: 'indP90WaitingDef', unit: 'days', value: (f) => f.referrals.p90WaitingDays },
  { id: 'decidedWithin10DaysShare', label: 'indWithin10Days', definition: 'indWithin10DaysDef', unit: 'share', value: (f) => f.referrals.decidedWithin10DaysShare },
  { id: 'kappa', label: 'indKappa', definition: 'indKappaDef', unit: 'kappa', value: (f) => f.agreement.kappa },
];

const pad = (n: number) => String(n).padStart(2, '0');
const dateText = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The last twelve calendar months up to today (local dates): the first of the month eleven months back, to today. */
export function defaultPeriod(today: Date): { from: string; to: string } {
  return { from: dateText(new Date(today.getFullYear(), today.getMonth() - 11, 1)), to: dateText(today) };
}

/** The number as the page writes it, without its unit: shares as percentages, one decimal at most (two for kappa). */
export function displayNumber(value: number, unit: IndicatorUnit, lang: Lang): string {
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  const shown = unit === 'share' ? value * 100 : value;
  return shown.toLocaleString(locale, { maximumFractionDigits: unit === 'kappa' ? 2 : unit === 'count' ? 0 : 1 });
}

/** A month key (YYYY-MM) as a short label, e.g. "Mar 26". */
export function monthLabel(month: string, lang: Lang): string {
  const date = new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);
  return date.toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB', { month: 'short', year: '2-digit' });
}

export interface Bar {
  x: number;
  width: number;
  /** 0 for a missing value (no bar is drawn; the label says so). */
  height: number;
  value: number | null;
}

/**
 * Bars in a box `width` × `height`: shares on 0..1 (kappa on 0..1, a negative kappa drawn as 0), the
 * rest on 0..the largest value, so equal values look equal across charts of the same unit.
 */
export function bars(values: readonly (number | null)[], unit: IndicatorUnit, width: number, height: number): Bar[] {
  const present = values.filter((v): v is number => v !== null);
  const top = unit === 'share' || unit === 'kappa' ? 1 : Math.max(1, ...present);
  const slot = values.length === 0 ? 0 : width / values.length;
  return values.map((value, i) => ({
    x: i * slot + slot * 0.15,
    width: slot * 0.7,
    height: value === null ? 0 : (Math.max(0, Math.min(value, top)) / top) * height,
    value,
  }));
}

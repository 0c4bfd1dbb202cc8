/**
 * Data out (issue 14): the period both the CSV export and the quality indicators take, and the
 * indicators' JSON. Definitions of every figure: docs/indicators.md.
 */
import { z } from 'zod';
import type { Level, Localized, ResponseMode } from './codes.js';
import { isoDate } from './requests.js';


/** The longest period the indicators take: their monthly series is computed month by month. */
export const MAX_INDICATOR_YEARS = 10;

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD`: calendar days in the clinic's time zone, both included. */
export const periodQuery = z
  .object({ from: isoDate, to: isoDate })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' })
  .refine((p) => Number(p.to.slice(0, 4)) - Number(p.from.slice(0, 4)) < MAX_INDICATOR_YEARS, {
    path: ['to'], message: `must be less than ${MAX_INDICATOR_YEARS} calendar years after from`,
  });
export type PeriodQuery = z.output<typeof periodQuery>;

/** The CSV export's formats: the machine CSV (the default) and one for Excel with Danish settings. */
export const EXPORT_FORMATS = ['machine', 'excel-da'] as const;

/** GET /api/export/responses.csv. */
export const responsesExportQuery = z
  .object({
    from: isoDate, to: isoDate, questionnaireId: z.string().trim().min(1).max(200).optional(),
    /** `excel-da`: "CSV til Excel (dansk)" (semicolons, decimal comma, BOM, Danish headings); left out: the machine CSV. */
    format: z.enum(EXPORT_FORMATS).optional(),
  })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' });
export type ResponsesExportQuery = z.output<typeof responsesExportQuery>;

/** Referrals made in the period and how the palliative team answered them. */
export interface ReferralIndicators {
  total: number;
  /** Of the decided referrals (accepted or returned). */
  acceptedShare: number | null;
  returnedShare: number | null;
  /** Each return reason (as written, trimmed) with how often it was given, most frequent first. */
  returnReasons: { reason: string; count: number }[];
  /** Days (fractional) from referral to the team's decision, over decided referrals. */
  medianWaitingDays: number | null;
  p90WaitingDays: number | null;
  /** Decided within 10 days, of the referrals that were decided or have waited 10 days. */
  decidedWithin10DaysShare: number | null;
}

/** The engine's proposed level against the level the nurse's latest decision chose. */
export interface Agreement {
  /** proposed level → decided level → count; every level present, zeros included. */
  table: Record<Level, Record<Level, number>>;
  /** Cohen's kappa; null without decisions or when chance agreement is total. */
  kappa: number | null;
}

/** The figures of one period (shares 0..1, null where there is nothing to divide). */
export interface IndicatorFigures {
  from: string;
  to: string;
  patientsInvited: number;
  patientsAssessed: number;
  assessedShare: number | null;
  responseRate: number | null;
  responsesByMode: Record<ResponseMode, number>;
  flagsPer100Responses: number | null;
  closedWithinDeadlineShare: number | null;
  medianHoursToFirstAction: number | null;
  referrals: ReferralIndicators;
  agreement: Agreement;
}

/** GET /api/indicators?from=&to=: the period's figures, and the same per calendar month (an extra field for the charts). */
export interface Indicators extends IndicatorFigures {
  /** One entry per calendar month the period touches, clipped to the period, oldest first. */
  months: (IndicatorFigures & { month: string })[];
  /** Adherence per programme (issue 25), of the occurrences due in the period. */
  programmes: ProgrammeAdherence[];
}

/** Of a programme's occurrences due in the period and decided (answered or missed), the share answered; open and skipped ones are not counted. */
export interface AdherenceFigures {
  scheduled: number;
  answered: number;
  /** answered / scheduled, 0..1; null when none was scheduled. */
  adherence: number | null;
}

/** One programme's adherence in the period, and per calendar month of the period (months with occurrences only, oldest first). */
export interface ProgrammeAdherence extends AdherenceFigures {
  programmeId: string;
  name: Localized;
  months: (AdherenceFigures & { month: string })[];
}

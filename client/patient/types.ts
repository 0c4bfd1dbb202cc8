/** What the patient app exchanges with the server (issue 3's patient routes). */
import type { SiteInfo } from '../../server/contract/settings.js';

export type Locale = 'da' | 'en';
export const LOCALES: readonly Locale[] = ['da', 'en'];

/** Answers keyed by question name, as SurveyJS holds them (`model.data`). */
export type Answers = Record<string, unknown>;

export type Localized = Record<Locale, string>;

export interface Draft {
  answers: Answers;
  locale?: Locale;
}

/** GET /api/invitations/:token → 200. */
export interface Invitation {
  questionnaire: {
    id: string;
    version: string;
    title: Localized;
    /** SurveyJS JSON; its texts are localizable strings (`default` English, `da` Danish). */
    survey: Record<string, unknown>;
    completion: Localized;
  };
  draft: Draft | null;
  expiresAt: string;
  /** The site's name, phone (null until an admin sets it) and hours, for the safety message. */
  site: SiteInfo;
  /** The questions that are items of a scale: the page names those left blank. */
  scoredItems: string[];
}

/** POST /api/invitations/:token/responses → 201. */
export interface Accepted {
  responseId: string;
  nextSteps: Localized;
}

/** Why a link cannot be answered: 410 expired, 410 answered, 404. */
export type LinkProblem = 'expired' | 'answered' | 'unknown';

/** One problem with one question, from a 422 `invalid_answers`. */
export interface AnswerProblem {
  question?: string;
  message: string;
}

export function isLocale(value: unknown): value is Locale {
  return value === 'da' || value === 'en';
}

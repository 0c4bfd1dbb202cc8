/**
 * The nurse's one decision form (issue 23): first what to do (a plan, a referral, no action, or
 * closing without a plan after a call or a visit), then what that needs, sent as a decision or a
 * close. What it sends and what is missing come from the server's own schemas. Pure.
 */
import { CLOSE_OUTCOMES, type DecisionAction, type FlagOutcome } from '../../../server/contract/codes.js';
import { closeFlagSchema, decisionSchema, type CloseFlagRequest, type DecisionRequest } from '../../../server/contract/requests.js';
import type { MessageKey } from '../i18n.js';
import { fieldProblems } from './field-problems.js';

/** The first step: a decision, or 'close' (closing with an outcome that is not a decision: CLOSE_OUTCOMES). */
export type DecisionChoice = DecisionAction | 'close';

export interface DecisionDraft {
  action: DecisionChoice | '';
  note: string;
  /** Free text for someone outside the hospital (the GP), used when no staff user is chosen. */
  responsible: string;
  /** A staff user from the assign list (GET /api/assignees), or '' for the free text (issue 23). */
  responsibleUserId: string;
  nextEvaluation: string;
  referralText: string;
  /** For 'close' only: how the response was handled (contacted by phone, seen, declined, died). */
  outcome: FlagOutcome | '';
}

export const EMPTY_DRAFT: DecisionDraft = { action: '', note: '', responsible: '', responsibleUserId: '', nextEvaluation: '', referralText: '', outcome: '' };

/** What the form sends: a decision, or a close with an outcome that is not a decision's. */
export type DecisionSubmission = { kind: 'decide'; body: DecisionRequest } | { kind: 'close'; body: CloseFlagRequest };

/** The message under each field the schema finds missing or wrong. */
const MESSAGE_OF_FIELD: Partial<Record<keyof DecisionDraft, MessageKey>> = {
  responsible: 'needResponsible',
  nextEvaluation: 'needNextEvaluation',
  note: 'needNote',
  referralText: 'needReferralText',
  outcome: 'needOutcome',
};

/** Only the fields the chosen action uses. */
function candidate(d: DecisionDraft & { action: DecisionAction }): DecisionRequest {
  if (d.action === 'basic') {
    const who = d.responsibleUserId ? { responsibleUserId: d.responsibleUserId } : { responsible: d.responsible };
    return { action: 'basic', note: d.note, ...who, nextEvaluation: d.nextEvaluation };
  }
  if (d.action === 'refer') return { action: 'refer', note: d.note, referralText: d.referralText };
  return { action: 'no_action', note: d.note };
}

function check(d: DecisionDraft) {
  if (d.action === 'close') {
    // Only the outcomes a close may set (the server refuses the others: 422 outcome_needs_decision).
    const outcome = d.outcome !== '' && CLOSE_OUTCOMES.includes(d.outcome) ? d.outcome : undefined;
    return closeFlagSchema.safeParse({ outcome, ...(d.note.trim() ? { note: d.note } : {}) });
  }
  return d.action ? decisionSchema.safeParse(candidate({ ...d, action: d.action })) : null;
}

/**
 * What is missing, per field. A plan needs who is responsible, the next evaluation and what happens;
 * a referral needs its text; no action needs a note saying why (the server refuses the same).
 */
export function decisionProblems(d: DecisionDraft): Partial<Record<keyof DecisionDraft, MessageKey>> {
  // A plan's text is the plan itself: "Write the plan." (issue 23).
  return fieldProblems<keyof DecisionDraft>(check(d)?.error?.issues, (field) => (field === 'note' && d.action === 'basic' ? 'needPlan' : MESSAGE_OF_FIELD[field]));
}

/** The request body for POST /api/flags/:id/decision, trimmed; null while something is missing or when closing. */
export function decisionRequest(d: DecisionDraft): DecisionRequest | null {
  const submission = decisionSubmission(d);
  return submission?.kind === 'decide' ? submission.body : null;
}

/** What to send: the decision (POST /decision) or the close (POST /close); null while something is missing. */
export function decisionSubmission(d: DecisionDraft): DecisionSubmission | null {
  if (d.action === 'close') {
    const result = closeFlagSchema.safeParse({ outcome: d.outcome || undefined, ...(d.note.trim() ? { note: d.note } : {}) });
    return result.success && CLOSE_OUTCOMES.includes(result.data.outcome) ? { kind: 'close', body: result.data } : null;
  }
  const result = d.action ? decisionSchema.safeParse(candidate({ ...d, action: d.action })) : null;
  return result?.success ? { kind: 'decide', body: result.data } : null;
}

/** A date `days` after `today`, as YYYY-MM-DD in local time: the default next evaluation. */
export function isoDateAfter(today: Date, days: number): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

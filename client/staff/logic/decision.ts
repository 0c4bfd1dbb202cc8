/** The nurse's decision form: what it sends and what is missing, by the server's own decisionSchema. Pure. */
import type { DecisionAction } from '../../../server/contract/codes.js';
import { decisionSchema, type DecisionRequest } from '../../../server/contract/requests.js';
import type { MessageKey } from '../i18n.js';

export interface DecisionDraft {
  action: DecisionAction | '';
  note: string;
  responsible: string;
  nextEvaluation: string;
  referralText: string;
}

export const EMPTY_DRAFT: DecisionDraft = { action: '', note: '', responsible: '', nextEvaluation: '', referralText: '' };

/** The message under each field the schema finds missing or wrong. */
const MESSAGE_OF_FIELD: Partial<Record<keyof DecisionDraft, MessageKey>> = {
  responsible: 'needResponsible',
  nextEvaluation: 'needNextEvaluation',
  note: 'needNote',
  referralText: 'needReferralText',
};

/** Only the fields the chosen action uses. */
function candidate(d: DecisionDraft & { action: DecisionAction }): DecisionRequest {
  if (d.action === 'basic') return { action: 'basic', note: d.note, responsible: d.responsible, nextEvaluation: d.nextEvaluation };
  if (d.action === 'refer') return { action: 'refer', note: d.note, referralText: d.referralText };
  return { action: 'no_action', note: d.note };
}

function check(d: DecisionDraft) {
  return d.action ? decisionSchema.safeParse(candidate({ ...d, action: d.action })) : null;
}

/**
 * What is missing, per field. A plan needs who is responsible, the next evaluation and what happens;
 * a referral needs its text; no action needs a note saying why (the server refuses the same).
 */
export function decisionProblems(d: DecisionDraft): Partial<Record<keyof DecisionDraft, MessageKey>> {
  const result = check(d);
  const problems: Partial<Record<keyof DecisionDraft, MessageKey>> = {};
  for (const issue of result?.error?.issues ?? []) {
    const message = MESSAGE_OF_FIELD[issue.path[0] as keyof DecisionDraft];
    if (message) problems[issue.path[0] as keyof DecisionDraft] = message;
  }
  return problems;
}

/** The request body for POST /api/flags/:id/decision, trimmed; null while something is missing. */
export function decisionRequest(d: DecisionDraft): DecisionRequest | null {
  const result = check(d);
  return result?.success ? result.data : null;
}

/** A date `days` after `today`, as YYYY-MM-DD in local time: the default next evaluation. */
export function isoDateAfter(today: Date, days: number): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The nurse's decision form: what it sends and what is missing. Pure. */
import type { MessageKey } from '../i18n.js';
import type { DecisionAction } from '../types.js';

export interface DecisionDraft {
  action: DecisionAction | '';
  note: string;
  responsible: string;
  nextEvaluation: string;
  referralText: string;
}

export const EMPTY_DRAFT: DecisionDraft = { action: '', note: '', responsible: '', nextEvaluation: '', referralText: '' };

export type DecisionRequest = { action: DecisionAction; note: string; responsible?: string; nextEvaluation?: string; referralText?: string };

/**
 * What is missing, per field. A plan needs who is responsible, the next evaluation and what happens;
 * a referral needs its text; no action needs a note saying why.
 */
export function decisionProblems(d: DecisionDraft): Partial<Record<keyof DecisionDraft, MessageKey>> {
  const problems: Partial<Record<keyof DecisionDraft, MessageKey>> = {};
  if (!d.action) return problems;
  if (d.action === 'basic') {
    if (!d.responsible.trim()) problems.responsible = 'needResponsible';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.nextEvaluation)) problems.nextEvaluation = 'needNextEvaluation';
    if (!d.note.trim()) problems.note = 'needNote';
  } else if (d.action === 'refer') {
    if (!d.referralText.trim()) problems.referralText = 'needReferralText';
  } else if (!d.note.trim()) {
    problems.note = 'needNote';
  }
  return problems;
}

/** The request body for POST /api/flags/:id/decision: only the fields the chosen action uses. */
export function decisionRequest(d: DecisionDraft): DecisionRequest | null {
  if (!d.action || Object.keys(decisionProblems(d)).length > 0) return null;
  const note = d.note.trim();
  if (d.action === 'basic') return { action: 'basic', note, responsible: d.responsible.trim(), nextEvaluation: d.nextEvaluation };
  if (d.action === 'refer') return { action: 'refer', note, referralText: d.referralText.trim() };
  return { action: 'no_action', note };
}

/** A date `days` after `today`, as YYYY-MM-DD in local time: the default next evaluation. */
export function isoDateAfter(today: Date, days: number): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

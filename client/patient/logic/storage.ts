/**
 * This tablet's copy of the patient's work, in localStorage: the draft, a submission not yet
 * acknowledged, and the "done" note. Keys carry the invitation token so two links never mix.
 * Storage can be full or switched off (private browsing): reads then find nothing and writes
 * report false, and the app carries on with the server copy.
 */
import { isLocale, type Locale } from '../../../server/contract/codes.js';
import type { Answers, SubmissionResult } from '../../../server/contract/responses.js';
import { readJson, type KeyValueStore } from '../../survey/key-value-store.js';

export const storageKeys = {
  draft: (token: string) => `lindring:draft:${token}`,
  outbox: (token: string) => `lindring:outbox:${token}`,
  done: (token: string) => `lindring:done:${token}`,
};

function isAnswers(value: unknown): value is Answers {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The draft as this tablet last saw it. */
export interface LocalDraft {
  answers: Answers;
  locale: Locale;
  /** The name of the page the patient was on; null when unknown (a draft kept before pages had names here). */
  page: string | null;
  /** True while the server may not have the latest answers (saved here, not yet acknowledged there). */
  unsynced: boolean;
}

export function parseLocalDraft(value: unknown): LocalDraft | null {
  const v = value as Partial<LocalDraft> | null;
  if (!v || !isAnswers(v.answers) || !isLocale(v.locale)) return null;
  return {
    answers: v.answers,
    locale: v.locale,
    page: typeof v.page === 'string' && v.page !== '' ? v.page : null,
    unsynced: v.unsynced === true,
  };
}

/** A completed questionnaire waiting for the server's acknowledgement; its id never changes. */
export interface PendingSubmission {
  id: string;
  answers: Answers;
  locale: Locale;
}

export function parsePending(value: unknown): PendingSubmission | null {
  const v = value as Partial<PendingSubmission> | null;
  if (!v || typeof v.id !== 'string' || v.id === '' || !isAnswers(v.answers) || !isLocale(v.locale)) return null;
  return { id: v.id, answers: v.answers, locale: v.locale };
}

/** Kept after the server acknowledged, so reopening the link shows the same "what happens next". */
export interface DoneNote {
  nextSteps: SubmissionResult['nextSteps'];
  /** The answers were urgent: the page says "call today" (a note kept before this field reads false). */
  urgent: boolean;
}

export function parseDone(value: unknown): DoneNote | null {
  const note = value as Partial<DoneNote> | null;
  const steps = note?.nextSteps;
  if (!steps || typeof steps.da !== 'string' || typeof steps.en !== 'string') return null;
  return { nextSteps: { da: steps.da, en: steps.en }, urgent: note?.urgent === true };
}

/** Everything this tablet holds for one link. */
export interface LocalState {
  draft: LocalDraft | null;
  pending: PendingSubmission | null;
  done: DoneNote | null;
}

export function readLocalState(store: KeyValueStore | null, token: string): LocalState {
  return {
    draft: parseLocalDraft(readJson(store, storageKeys.draft(token))),
    pending: parsePending(readJson(store, storageKeys.outbox(token))),
    done: parseDone(readJson(store, storageKeys.done(token))),
  };
}

/**
 * Staff answering a questionnaire for a patient (issue 13): the draft kept on this device while a
 * nurse fills in the form with the patient or from paper, the paper form's date, and a stored
 * response turned back into the form's data. Pure, apart from the store passed in.
 */
import type { Locale } from '../../../server/contract/codes.js';
import type { Answer, Answers } from '../../../server/contract/responses.js';
import { readJson, remove, writeJson, type KeyValueStore } from '../../survey/key-value-store.js';
import type { StaffAnswerMode } from '../routes.js';

/** The form's data (`model.data`) from a response's answers: each value, and "Other" text under `<name>-Comment` as SurveyJS keeps it. */
export function answersFromDetail(answers: readonly Answer[]): Answers {
  const data: Answers = {};
  for (const a of answers) {
    if (a.value !== null && a.value !== undefined) data[a.question] = a.value;
    if (a.comment) data[`${a.question}-Comment`] = a.comment;
  }
  return data;
}

/** What a nurse entered so far; the id is made when the draft starts, so sending it again never makes a second response. */
export interface StaffDraft {
  id: string;
  answers: Answers;
  locale: Locale;
  pageNo: number;
  /** The day the patient filled in the paper form (YYYY-MM-DD), '' until entered. */
  answeredOn: string;
}

export interface DraftOwner {
  userId: string;
  patientId: string;
  questionnaireId: string;
  mode: StaffAnswerMode;
}

const DRAFT_PREFIX = 'lindring:staff-draft:';

/**
 * Per staff user, patient, questionnaire and mode: on a shared tablet the next user never sees
 * another user's draft (and logout removes the user's own).
 */
export function staffDraftKey({ userId, patientId, questionnaireId, mode }: DraftOwner): string {
  return `${DRAFT_PREFIX}${[userId, patientId, questionnaireId, mode].map(encodeURIComponent).join(':')}`;
}

export function parseStaffDraft(value: unknown): StaffDraft | null {
  const v = value as Partial<StaffDraft> | null;
  if (!v || typeof v.id !== 'string' || v.id === '' || typeof v.answers !== 'object' || v.answers === null || Array.isArray(v.answers)) return null;
  return {
    id: v.id,
    answers: v.answers,
    locale: v.locale === 'en' ? 'en' : 'da',
    pageNo: Number.isInteger(v.pageNo) && (v.pageNo as number) >= 0 ? (v.pageNo as number) : 0,
    answeredOn: typeof v.answeredOn === 'string' ? v.answeredOn : '',
  };
}

export const readStaffDraft = (store: KeyValueStore | null, owner: DraftOwner): StaffDraft | null => parseStaffDraft(readJson(store, staffDraftKey(owner)));
export const saveStaffDraft = (store: KeyValueStore | null, owner: DraftOwner, draft: StaffDraft): boolean => writeJson(store, staffDraftKey(owner), draft);
export const removeStaffDraft = (store: KeyValueStore | null, owner: DraftOwner): void => remove(store, staffDraftKey(owner));

/** At logout: every draft of this user on this device. */
export function removeStaffDraftsOf(store: (KeyValueStore & { readonly length: number; key(index: number): string | null }) | null, userId: string): void {
  if (!store) return;
  const prefix = `${DRAFT_PREFIX}${encodeURIComponent(userId)}:`;
  const keys: string[] = [];
  try {
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
  } catch {
    return;
  }
  for (const key of keys) remove(store, key);
}

/** The calendar day of a moment in this device's time zone, as YYYY-MM-DD. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export type AnsweredOnProblem = 'missing' | 'invalid' | 'future';

/** The paper form's date: required, a real calendar day, not after today (the server checks the same). */
export function answeredOnProblem(value: string, today: string): AnsweredOnProblem | null {
  if (value === '') return 'missing';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return 'invalid';
  const [y, m, d] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid';
  return value > today ? 'future' : null;
}

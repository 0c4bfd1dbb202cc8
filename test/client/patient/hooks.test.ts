/** The pure parts of the patient app's hooks: where to resume, the submission state machine, what stays on the tablet. */
import { describe, expect, it } from 'vitest';
import { deviceLocale, hasSavedAnswers, initialLocale, startingPoint } from '../../../client/patient/hooks/use-invitation.js';
import { canSubmit, initialSubmission, settleLocal, submissionReducer, type SubmissionState } from '../../../client/patient/hooks/use-submission.js';
import { choosePage } from '../../../client/patient/logic/pages.js';
import { writeJson } from '../../../client/survey/key-value-store.js';
import { readLocalState, storageKeys, type LocalDraft } from '../../../client/patient/logic/storage.js';
import { memoryStore } from './memory-store.js';

const local = (over: Partial<LocalDraft> = {}): LocalDraft => ({ answers: { c1: 2 }, locale: 'en', page: 'social', unsynced: false, ...over });
const pending = { id: 'id-1', answers: { c1: 1 }, locale: 'da' as const };
const nextSteps = { da: 'd', en: 'e' };

describe('startingPoint', () => {
  it('starts empty in Danish on the first page', () => {
    expect(startingPoint(null, null)).toEqual({ answers: {}, locale: 'da', page: 0 });
  });

  it("prefers this tablet's draft while the server may lack its latest answers", () => {
    expect(startingPoint({ answers: { c1: 1 }, page: 'symptoms' }, local({ unsynced: true }))).toEqual({ answers: { c1: 2 }, locale: 'en', page: 'social' });
    expect(startingPoint(null, local())).toEqual({ answers: { c1: 2 }, locale: 'en', page: 'social' });
  });

  it("takes the server's draft once this tablet's is synced (answers may have gone on elsewhere)", () => {
    expect(startingPoint({ answers: { c1: 4, c2: 1 }, locale: 'da' }, local())).toEqual({ answers: { c1: 4, c2: 1 }, locale: 'da', page: null });
  });

  it("opens the server draft's page: where the patient was last, on whichever device", () => {
    expect(startingPoint({ answers: { c1: 4 }, locale: 'da', page: 'symptoms' }, null)).toEqual({ answers: { c1: 4 }, locale: 'da', page: 'symptoms' });
    expect(startingPoint({ answers: { c1: 4 }, page: 'symptoms' }, local())).toEqual({ answers: { c1: 4 }, locale: 'en', page: 'symptoms' });
    // The same answers, moved on to another page elsewhere: the server's page is the newer.
    expect(startingPoint({ answers: { c1: 2 }, page: 'existential' }, local())).toEqual({ answers: { c1: 2 }, locale: 'en', page: 'existential' });
  });

  it("keeps this tablet's page when the server has the same answers", () => {
    expect(startingPoint({ answers: { c1: 2 } }, local())).toEqual({ answers: { c1: 2 }, locale: 'en', page: 'social' });
  });

  it('resumes a server draft without a local one at the first unanswered page', () => {
    expect(startingPoint({ answers: { c1: 1 } }, null)).toEqual({ answers: { c1: 1 }, locale: 'da', page: null });
  });
});

describe('hasSavedAnswers', () => {
  it('welcomes the patient back when the server or this tablet holds any answer', () => {
    expect(hasSavedAnswers({ answers: { c1: 1 } }, null)).toBe(true);
    expect(hasSavedAnswers(null, local())).toBe(true);
    expect(hasSavedAnswers(null, local({ unsynced: true }))).toBe(true);
  });

  it('says nothing on a first visit, or when only a page or a language was saved', () => {
    expect(hasSavedAnswers(null, null)).toBe(false);
    expect(hasSavedAnswers({ answers: {}, locale: 'en', page: 'symptoms' }, local({ answers: {} }))).toBe(false);
  });
});

describe('initialLocale', () => {
  const nothing = { draft: null, pending: null, done: null };

  it('is Danish unless this tablet remembers a choice or the device speaks English', () => {
    expect(initialLocale(nothing)).toBe('da');
    expect(initialLocale({ draft: local(), pending: null, done: null })).toBe('en');
    expect(initialLocale({ draft: local(), pending: { ...pending, locale: 'da' }, done: null })).toBe('da');
  });

  it("opens in the device's language: the first of Danish and English it names", () => {
    expect(initialLocale(nothing, ['en-GB', 'en'])).toBe('en');
    expect(initialLocale(nothing, ['de-DE', 'EN-us', 'da'])).toBe('en');
    expect(initialLocale(nothing, ['da-DK', 'en-US'])).toBe('da');
    expect(initialLocale(nothing, ['de-DE', 'fr'])).toBe('da');
  });

  it("lets a choice remembered on this tablet win over the device's language", () => {
    expect(initialLocale({ draft: local({ locale: 'da' }), pending: null, done: null }, ['en-GB'])).toBe('da');
    expect(initialLocale({ draft: null, pending, done: null }, ['en-GB'])).toBe('da');
  });
});

describe('deviceLocale', () => {
  it('reads the primary language of each tag, and null when none is Danish or English', () => {
    expect(deviceLocale(['nb-NO', 'da'])).toBe('da');
    expect(deviceLocale(['en'])).toBe('en');
    expect(deviceLocale(['sv-SE'])).toBeNull();
    expect(deviceLocale([])).toBeNull();
  });
});

describe("startingPoint's language", () => {
  it("opens a fresh device in its own language, not the server draft's", () => {
    expect(startingPoint({ answers: { c1: 1 }, locale: 'da' }, null, 'en').locale).toBe('en');
    expect(startingPoint({ answers: { c1: 1 }, locale: 'en' }, null, 'da').locale).toBe('da');
    expect(startingPoint(null, null, 'en')).toEqual({ answers: {}, locale: 'en', page: 0 });
  });

  it("uses the server draft's language when the device names neither Danish nor English", () => {
    expect(startingPoint({ answers: { c1: 1 }, locale: 'en' }, null, null).locale).toBe('en');
  });

  it("keeps this device's own draft language whatever the device's language", () => {
    expect(startingPoint(null, local({ locale: 'da' }), 'en').locale).toBe('da');
    expect(startingPoint({ answers: { c1: 1 } }, local({ locale: 'da' }), 'en').locale).toBe('da');
  });
});

describe('submissionReducer', () => {
  const sending: SubmissionState = { status: 'sending', pending, attempt: 1 };

  it('starts sending at once a submission found on the tablet', () => {
    expect(initialSubmission(pending)).toEqual(sending);
    expect(initialSubmission(null)).toEqual({ status: 'idle' });
  });

  it('waits and tries again, always with the same submission, until acknowledged', () => {
    let state = submissionReducer({ status: 'idle' }, { type: 'submit', pending });
    expect(state).toEqual(sending);
    state = submissionReducer(state, { type: 'outcome', outcome: { kind: 'retry' } });
    expect(state).toEqual({ status: 'waiting', pending, attempt: 1 });
    state = submissionReducer(state, { type: 'retry' });
    expect(state).toEqual({ status: 'sending', pending, attempt: 2 });
    state = submissionReducer(state, { type: 'outcome', outcome: { kind: 'accepted', accepted: { responseId: 'r', nextSteps, urgent: true } } });
    expect(state).toEqual({ status: 'accepted', nextSteps, urgent: true });
  });

  it('ignores a second tap and late events', () => {
    const other = { ...pending, id: 'id-2' };
    expect(submissionReducer(sending, { type: 'submit', pending: other })).toBe(sending);
    const waiting: SubmissionState = { status: 'waiting', pending, attempt: 2 };
    expect(submissionReducer(waiting, { type: 'submit', pending: other })).toBe(waiting);
    expect(submissionReducer(waiting, { type: 'outcome', outcome: { kind: 'retry' } })).toBe(waiting);
    expect(submissionReducer({ status: 'idle' }, { type: 'retry' })).toEqual({ status: 'idle' });
    expect(canSubmit(sending)).toBe(false);
    expect(canSubmit(waiting)).toBe(false);
  });

  it('lets the patient correct and send again after the server refused the answers', () => {
    const invalid = submissionReducer(sending, { type: 'outcome', outcome: { kind: 'invalid', problems: [{ question: 'c1', message: 'm' }] } });
    expect(invalid).toEqual({ status: 'invalid', problems: [{ question: 'c1', message: 'm' }] });
    expect(canSubmit(invalid)).toBe(true);
    expect(submissionReducer(invalid, { type: 'submit', pending })).toEqual(sending);
  });

  it('stops on a link that can no longer be answered', () => {
    expect(submissionReducer(sending, { type: 'outcome', outcome: { kind: 'problem', problem: 'expired' } })).toEqual({ status: 'problem', problem: 'expired' });
  });
});

describe('settleLocal', () => {
  function storeWithEverything() {
    const store = memoryStore();
    writeJson(store, storageKeys.draft('t'), local());
    writeJson(store, storageKeys.outbox('t'), pending);
    return store;
  }

  it('keeps the submission while it is not acknowledged', () => {
    const store = storeWithEverything();
    settleLocal(store, 't', { kind: 'retry' });
    expect(readLocalState(store, 't').pending).toEqual(pending);
  });

  it('keeps no answers once the server has them, only the "what happens next" note and whether it was urgent', () => {
    const store = storeWithEverything();
    settleLocal(store, 't', { kind: 'accepted', accepted: { responseId: 'r', nextSteps, urgent: true } });
    expect(readLocalState(store, 't')).toEqual({ draft: null, pending: null, done: { nextSteps, urgent: true } });
  });

  it('keeps the draft to correct when the answers were refused', () => {
    const store = storeWithEverything();
    settleLocal(store, 't', { kind: 'invalid', problems: [] });
    expect(readLocalState(store, 't')).toEqual({ draft: local(), pending: null, done: null });
  });

  it('forgets everything for a link that can no longer be answered', () => {
    const store = storeWithEverything();
    settleLocal(store, 't', { kind: 'problem', problem: 'answered' });
    expect(readLocalState(store, 't')).toEqual({ draft: null, pending: null, done: null });
  });
});

describe('choosePage', () => {
  const ok = { kind: 'ok' as const, invitation: {} as never };

  it('follows the submission once it has started', () => {
    expect(choosePage({ status: 'sending', pending, attempt: 1 }, ok, null)).toEqual({ page: 'sending' });
    expect(choosePage({ status: 'sending', pending, attempt: 2 }, ok, null)).toEqual({ page: 'not-sent' });
    expect(choosePage({ status: 'waiting', pending, attempt: 1 }, { kind: 'loading' }, null)).toEqual({ page: 'not-sent' });
    expect(choosePage({ status: 'accepted', nextSteps, urgent: false }, ok, null)).toEqual({ page: 'done', nextSteps, urgent: false });
    expect(choosePage({ status: 'problem', problem: 'expired' }, ok, null)).toEqual({ page: 'problem', problem: 'expired' });
  });

  it('otherwise shows the loaded invitation, with the problems the server found', () => {
    expect(choosePage({ status: 'idle' }, { kind: 'loading' }, null)).toEqual({ page: 'loading' });
    expect(choosePage({ status: 'idle' }, { kind: 'unreachable' }, null)).toEqual({ page: 'unreachable' });
    expect(choosePage({ status: 'idle' }, ok, null)).toEqual({ page: 'answering', problems: null });
    expect(choosePage({ status: 'invalid', problems: [] }, ok, null)).toEqual({ page: 'answering', problems: [] });
  });

  it('shows "what happens next" again for a link this tablet already sent, and explains otherwise', () => {
    const answered = { kind: 'problem' as const, problem: 'answered' as const };
    expect(choosePage({ status: 'idle' }, answered, { nextSteps, urgent: true })).toEqual({ page: 'done', nextSteps, urgent: true });
    expect(choosePage({ status: 'idle' }, answered, null)).toEqual({ page: 'problem', problem: 'answered' });
    expect(choosePage({ status: 'idle' }, { kind: 'problem', problem: 'expired' }, { nextSteps, urgent: false })).toEqual({ page: 'problem', problem: 'expired' });
  });
});

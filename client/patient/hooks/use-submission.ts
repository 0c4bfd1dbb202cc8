/**
 * Sending the completed questionnaire until the server acknowledges it. The submission is written
 * to this tablet before the first try and keeps its id, so a retry (after a lost connection, a
 * reload or a closed tab) can never store the response twice.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { submitResponse, type AnswerProblem, type LinkProblem, type SubmitOutcome } from '../api.js';
import { retryDelayMs } from '../logic/retry.js';
import { remove, writeJson, type KeyValueStore } from '../../survey/key-value-store.js';
import { storageKeys, type PendingSubmission } from '../logic/storage.js';
import type { Localized } from '../../../server/contract/codes.js';

export type SubmissionState =
  | { status: 'idle' }
  | { status: 'sending'; pending: PendingSubmission; attempt: number }
  /** Not acknowledged yet: "Not sent yet — we will keep trying". */
  | { status: 'waiting'; pending: PendingSubmission; attempt: number }
  | { status: 'accepted'; nextSteps: Localized; urgent: boolean }
  | { status: 'invalid'; problems: AnswerProblem[] }
  | { status: 'problem'; problem: LinkProblem };

type SubmissionEvent =
  | { type: 'submit'; pending: PendingSubmission }
  | { type: 'outcome'; outcome: SubmitOutcome }
  | { type: 'retry' };

export function initialSubmission(resumed: PendingSubmission | null): SubmissionState {
  return resumed ? { status: 'sending', pending: resumed, attempt: 1 } : { status: 'idle' };
}

export function submissionReducer(state: SubmissionState, event: SubmissionEvent): SubmissionState {
  switch (event.type) {
    case 'submit':
      // A second tap while one submission is under way changes nothing.
      return canSubmit(state) ? { status: 'sending', pending: event.pending, attempt: 1 } : state;
    case 'retry':
      return state.status === 'waiting' ? { status: 'sending', pending: state.pending, attempt: state.attempt + 1 } : state;
    case 'outcome': {
      if (state.status !== 'sending') return state;
      const { outcome } = event;
      switch (outcome.kind) {
        case 'accepted':
          return { status: 'accepted', nextSteps: outcome.accepted.nextSteps, urgent: outcome.accepted.urgent };
        case 'invalid':
          return { status: 'invalid', problems: outcome.problems };
        case 'problem':
          return { status: 'problem', problem: outcome.problem };
        case 'retry':
          return { status: 'waiting', pending: state.pending, attempt: state.attempt };
      }
    }
  }
}

/** What this tablet keeps after an outcome: nothing of the answers once the server has them or cannot take them. */
export function settleLocal(store: KeyValueStore | null, token: string, outcome: SubmitOutcome): void {
  if (outcome.kind === 'retry') return; // keep the outbox: it is the only copy the server lacks
  remove(store, storageKeys.outbox(token));
  if (outcome.kind === 'invalid') return; // the draft stays: the patient goes back to correct it
  remove(store, storageKeys.draft(token));
  // The done note keeps whether the answers were urgent: reopened later, the page still says "call today".
  if (outcome.kind === 'accepted') writeJson(store, storageKeys.done(token), { nextSteps: outcome.accepted.nextSteps, urgent: outcome.accepted.urgent });
}

/** Only an idle (or corrected) questionnaire can be submitted; a second tap never makes a second id. */
export function canSubmit(state: SubmissionState): boolean {
  return state.status === 'idle' || state.status === 'invalid';
}

export function useSubmission(token: string, store: KeyValueStore | null, resumed: PendingSubmission | null) {
  const [state, dispatch] = useReducer(submissionReducer, resumed, initialSubmission);
  const current = useRef(state);
  current.current = state;

  useEffect(() => {
    if (state.status === 'sending') {
      let cancelled = false;
      void submitResponse(token, state.pending).then((outcome) => {
        if (cancelled) return;
        settleLocal(store, token, outcome);
        dispatch({ type: 'outcome', outcome });
      });
      return () => {
        cancelled = true;
      };
    }
    if (state.status === 'waiting') {
      const retry = () => dispatch({ type: 'retry' });
      const timer = setTimeout(retry, retryDelayMs(state.attempt));
      window.addEventListener('online', retry);
      return () => {
        clearTimeout(timer);
        window.removeEventListener('online', retry);
      };
    }
    return undefined;
  }, [state, token, store]);

  /** Keeps the submission on this tablet first, then sends it. */
  const submit = useCallback(
    (pending: PendingSubmission) => {
      if (!canSubmit(current.current)) return;
      current.current = { status: 'sending', pending, attempt: 1 };
      writeJson(store, storageKeys.outbox(token), pending);
      dispatch({ type: 'submit', pending });
    },
    [store, token],
  );
  const retryNow = useCallback(() => dispatch({ type: 'retry' }), []);

  return { state, submit, retryNow };
}

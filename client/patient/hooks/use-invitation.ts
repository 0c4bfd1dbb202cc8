/** Loads the invitation once, retrying while the server cannot be reached. */
import { useCallback, useEffect, useState } from 'react';
import { fetchInvitation, type LoadOutcome } from '../api.js';
import { retryDelayMs } from '../logic/retry.js';
import type { LocalDraft, LocalState } from '../logic/storage.js';
import type { StartingPoint } from '../../survey/survey-model.js';
import type { Locale } from '../../../server/contract/codes.js';
import type { Draft } from '../../../server/contract/responses.js';

export type LoadState = { kind: 'loading' } | LoadOutcome;

/** The first of Danish and English in the device's languages (`navigator.languages`, e.g. "en-GB"), or null when it names neither. */
export function deviceLocale(languages: readonly string[]): Locale | null {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'da' || primary === 'en') return primary;
  }
  return null;
}

/** The browser's languages; none where the browser does not say (tests under Node). */
export const browserLanguages = (): readonly string[] => (typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));

/**
 * The page's first language: what this device remembers for this link (a submission waiting, a
 * draft), else the device's own language (da or en), else Danish. The switch changes it at any time.
 */
export function initialLocale(local: LocalState, languages: readonly string[] = []): Locale {
  return local.pending?.locale ?? local.draft?.locale ?? deviceLocale(languages) ?? 'da';
}

/**
 * Where to resume. This tablet's draft wins while the server may lack its latest answers
 * (saved offline, or the page closed before the autosave); otherwise the server's draft is the
 * truth (the patient may have gone on answering on another device), and its page is where the
 * patient was last, on whichever device. A draft without a page (saved before drafts kept one)
 * resumes at the first page with a question still awaited.
 *
 * The language: this device's draft keeps its own; a device that has none for this link (a fresh
 * phone) opens in its own language (`device`, from navigator.languages), and only when that is
 * neither Danish nor English in the server draft's language, else Danish. The server cannot tell
 * a language the patient chose from one the page opened in, so it never overrides the device's.
 */
export function startingPoint(server: Draft | null, local: LocalDraft | null, device: Locale | null = null): StartingPoint {
  if (local && (local.unsynced || !server)) return { answers: local.answers, locale: local.locale, page: local.page };
  if (server) {
    const samePlace = local && JSON.stringify(local.answers) === JSON.stringify(server.answers);
    const locale = local ? (server.locale ?? local.locale) : (device ?? server.locale ?? 'da');
    return { answers: server.answers ?? {}, locale, page: server.page ?? (samePlace ? local.page : null) };
  }
  return { answers: {}, locale: device ?? 'da', page: 0 };
}

/** True when the patient comes back to answers saved before (on the server, or any on this tablet): "welcome back". */
export function hasSavedAnswers(server: Draft | null, local: LocalDraft | null): boolean {
  return Object.keys(server?.answers ?? {}).length > 0 || Object.keys(local?.answers ?? {}).length > 0;
}

/** Requests started before React renders (main.tsx), taken by the first load of that token. */
const early = new Map<string, Promise<LoadOutcome>>();

/**
 * Starts loading the invitation at once, while React is still starting: the request then runs
 * alongside the first render instead of after it (measured by `npm run bench:client`).
 */
export function loadInvitationEarly(token: string): void {
  if (!early.has(token)) early.set(token, fetchInvitation(token));
}

function takeEarly(token: string): Promise<LoadOutcome> | undefined {
  const pending = early.get(token);
  early.delete(token);
  return pending;
}

/** The invitation as loaded so far, and `retry` to try again at once after a failed load. */
export function useInvitation(token: string, enabled: boolean): { state: LoadState; retry: () => void } {
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  const retry = useCallback(() => setRound((n) => n + 1), []);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const load = async () => {
      timer = undefined;
      attempt += 1;
      const outcome = await (takeEarly(token) ?? fetchInvitation(token));
      if (cancelled) return;
      setState(outcome);
      if (outcome.kind === 'unreachable') timer = setTimeout(load, retryDelayMs(attempt));
    };
    const onOnline = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      void load();
    };
    void load();
    window.addEventListener('online', onOnline);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
    };
  }, [token, enabled, round]);
  return { state, retry };
}

/**
 * Autosave: every change goes to this tablet at once and to the server shortly after (debounced),
 * and again when the page is hidden or closed, or the network comes back.
 */
import { useEffect } from 'react';
import type { Model } from 'survey-core';
import { saveDraft } from '../api.js';
import { retryDelayMs } from '../logic/retry.js';
import { writeJson, type KeyValueStore } from '../../survey/key-value-store.js';
import { storageKeys, type LocalDraft } from '../logic/storage.js';
import { currentAnswers, currentLocale } from '../../survey/survey-model.js';
import type { Draft } from '../../../server/contract/responses.js';

const AUTOSAVE_DELAY_MS = 1_500;

export type Snapshot = Omit<LocalDraft, 'unsynced'>;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

interface AutosaverOptions {
  delayMs: number;
  saveLocal(draft: LocalDraft): void;
  saveRemote(draft: Draft, keepalive: boolean): Promise<boolean>;
  timers?: Timers;
}

interface Autosaver {
  change(snapshot: Snapshot): void;
  /** Sends the latest change now (if the server lacks it); resolves when that try is over. */
  flush(keepalive?: boolean): Promise<void>;
  dispose(): void;
  readonly unsynced: boolean;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The debounce and sync bookkeeping, with no React and no browser: one request at a time,
 * newest answers last, failures retried with back-off, nothing after dispose.
 */
export function createAutosaver({ delayMs, saveLocal, saveRemote, timers = realTimers }: AutosaverOptions): Autosaver {
  let latest: Snapshot | null = null;
  let version = 0;
  let syncedVersion = 0;
  let failures = 0;
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  let disposed = false;

  const schedule = (ms: number) => {
    if (timer !== null) timers.clear(timer);
    timer = timers.set(() => {
      timer = null;
      void flush();
    }, ms);
  };

  const sendLatest = async (keepalive: boolean): Promise<void> => {
    const snapshot = latest;
    const sent = version;
    if (!snapshot || sent === syncedVersion) return;
    const ok = await saveRemote({ answers: snapshot.answers, locale: snapshot.locale, ...(snapshot.page === null ? {} : { page: snapshot.page }) }, keepalive);
    if (disposed) return;
    if (ok) {
      failures = 0;
      syncedVersion = Math.max(syncedVersion, sent);
      if (sent === version) saveLocal({ ...snapshot, unsynced: false });
    } else {
      failures += 1;
      if (timer === null) schedule(retryDelayMs(failures));
    }
  };

  const flush = async (keepalive = false): Promise<void> => {
    if (disposed) return;
    if (timer !== null) {
      timers.clear(timer);
      timer = null;
    }
    // One request at a time, so an older draft can never overwrite a newer one on the server.
    while (inFlight) await inFlight;
    if (disposed || version === syncedVersion) return;
    inFlight = sendLatest(keepalive).finally(() => {
      inFlight = null;
    });
    await inFlight;
  };

  return {
    change(snapshot) {
      if (disposed) return;
      latest = snapshot;
      version += 1;
      saveLocal({ ...snapshot, unsynced: true });
      schedule(delayMs);
    },
    flush,
    dispose() {
      disposed = true;
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
    get unsynced() {
      return version !== syncedVersion;
    },
  };
}

function snapshotOf(model: Model): Snapshot {
  return { answers: currentAnswers(model), locale: currentLocale(model), page: model.currentPage?.name ?? null };
}

/** Wires the autosaver to a survey while `active` (it stops the moment the patient submits). */
export function useAutosave(token: string, model: Model | null, store: KeyValueStore | null, active: boolean): void {
  useEffect(() => {
    if (!model || !active) return;
    const saver = createAutosaver({
      delayMs: AUTOSAVE_DELAY_MS,
      saveLocal: (draft) => writeJson(store, storageKeys.draft(token), draft),
      saveRemote: (draft, keepalive) => saveDraft(token, draft, keepalive),
    });
    const onChange = () => saver.change(snapshotOf(model));
    const onHide = () => {
      if (document.visibilityState === 'hidden') void saver.flush(true);
    };
    const onPageHide = () => void saver.flush(true);
    const onOnline = () => void saver.flush();
    model.onValueChanged.add(onChange);
    model.onCurrentPageChanged.add(onChange);
    model.onLocaleChangedEvent.add(onChange);
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('online', onOnline);
    return () => {
      model.onValueChanged.remove(onChange);
      model.onCurrentPageChanged.remove(onChange);
      model.onLocaleChangedEvent.remove(onChange);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('online', onOnline);
      saver.dispose();
    };
  }, [token, model, store, active]);
}

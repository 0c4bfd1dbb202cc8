import { describe, expect, it } from 'vitest';
import { memoryStore } from './memory-store.js';
import { readJson, writeJson, type KeyValueStore } from '../../../client/survey/key-value-store.js';
import { parseDone, parseLocalDraft, parsePending, readLocalState, storageKeys } from '../../../client/patient/logic/storage.js';


const broken: KeyValueStore = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError');
  },
};

describe('local storage of drafts and submissions', () => {
  it('keeps each link apart', () => {
    const store = memoryStore();
    writeJson(store, storageKeys.draft('a'), { answers: { c1: 1 }, locale: 'da', page: 'symptoms', unsynced: true });
    writeJson(store, storageKeys.outbox('b'), { id: 'id-b', answers: { c1: 2 }, locale: 'en' });
    expect(readLocalState(store, 'a')).toEqual({ draft: { answers: { c1: 1 }, locale: 'da', page: 'symptoms', unsynced: true }, pending: null, done: null });
    expect(readLocalState(store, 'b')).toEqual({ draft: null, pending: { id: 'id-b', answers: { c1: 2 }, locale: 'en' }, done: null });
  });

  it('carries on without storage when the browser refuses it', () => {
    expect(writeJson(broken, 'k', 1)).toBe(false);
    expect(readJson(broken, 'k')).toBeNull();
    expect(readLocalState(broken, 't')).toEqual({ draft: null, pending: null, done: null });
    expect(writeJson(null, 'k', 1)).toBe(false);
  });

  it('ignores damaged or foreign entries', () => {
    const store = memoryStore();
    store.setItem(storageKeys.draft('t'), '{not json');
    expect(readLocalState(store, 't').draft).toBeNull();
    expect(parseLocalDraft({ answers: [], locale: 'da' })).toBeNull();
    expect(parseLocalDraft({ answers: {}, locale: 'de' })).toBeNull();
    expect(parseLocalDraft({ answers: { a: 1 }, locale: 'en', page: 3 })).toEqual({ answers: { a: 1 }, locale: 'en', page: null, unsynced: false });
    // A draft kept before pages were saved by name: the answers stay, the page is found from them.
    expect(parseLocalDraft({ answers: { a: 1 }, locale: 'en', pageNo: 2 })).toEqual({ answers: { a: 1 }, locale: 'en', page: null, unsynced: false });
    expect(parsePending({ id: '', answers: {}, locale: 'da' })).toBeNull();
    expect(parsePending({ id: 'x', answers: {}, locale: 'da', extra: 1 })).toEqual({ id: 'x', answers: {}, locale: 'da' });
    expect(parseDone({ nextSteps: { da: 'd' } })).toBeNull();
    expect(parseDone({ nextSteps: { da: 'd', en: 'e' } })).toEqual({ nextSteps: { da: 'd', en: 'e' }, urgent: false });
    expect(parseDone({ nextSteps: { da: 'd', en: 'e' }, urgent: true })).toEqual({ nextSteps: { da: 'd', en: 'e' }, urgent: true });
  });
});

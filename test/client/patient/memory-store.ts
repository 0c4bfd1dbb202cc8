import type { KeyValueStore } from '../../../client/survey/key-value-store.js';

/** localStorage's interface over a Map, for tests. */
export function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

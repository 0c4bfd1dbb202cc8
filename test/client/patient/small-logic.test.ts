import { describe, expect, it } from 'vitest';
import { newResponseId } from '../../../client/survey/ids.js';
import { retryDelayMs } from '../../../client/patient/logic/retry.js';
import { tokenFromPath } from '../../../client/patient/logic/route.js';

describe('tokenFromPath', () => {
  it.each([
    ['/answer/abc_DEF-123', 'abc_DEF-123'],
    ['/answer/abc/', 'abc'],
    ['/answer/a%20b', 'a b'],
    ['/answer/', null],
    ['/answer', null],
    ['/answer/a/b', null],
    ['/worklist', null],
    ['/answer/%E0%A4%A', null],
  ])('%s → %s', (path, token) => {
    expect(tokenFromPath(path)).toBe(token);
  });
});

describe('retryDelayMs', () => {
  it('backs off from 2 s to at most 30 s and never stops', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelayMs)).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(retryDelayMs(0)).toBe(2000);
  });
});

describe('newResponseId', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('uses randomUUID where the browser has it', () => {
    expect(newResponseId({ getRandomValues: (a) => a, randomUUID: () => 'from-browser' })).toBe('from-browser');
  });

  it('makes a version 4 UUID from random bytes outside secure contexts (plain http)', () => {
    const id = newResponseId({ getRandomValues: <T extends ArrayBufferView | null>(a: T) => { (a as unknown as Uint8Array).fill(0xff); return a; } });
    expect(id).toMatch(uuid);
    expect(newResponseId({ getRandomValues: (a) => globalThis.crypto.getRandomValues(a) })).toMatch(uuid);
  });
});

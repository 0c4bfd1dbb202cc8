import { describe, expect, it } from 'vitest';
import { isOneOf, isLocale, LEVELS } from '../../server/contract/codes.js';

describe('isOneOf', () => {
  it('accepts exactly the listed codes', () => {
    expect(LEVELS.every((level) => isOneOf(LEVELS, level))).toBe(true);
    expect([null, undefined, '', 'Basic', 'urgent', 1].some((value) => isOneOf(LEVELS, value))).toBe(false);
  });

  it('is the locale check', () => {
    expect([isLocale('da'), isLocale('en'), isLocale('de'), isLocale(null)]).toEqual([true, true, false, false]);
  });
});

import { describe, expect, it } from 'vitest';
import { basicPasswordProblem } from '../../server/contract/accounts.js';

describe('basicPasswordProblem', () => {
  it.each([
    ['', 'password_blank'],
    [' '.repeat(12), 'password_blank'],
    ['\t \u00a0\n'.repeat(4), 'password_blank'],
    ['eleven char', 'password_too_short'],
    // Twelve characters as typed: a decomposed "å" (a + ring) counts once.
    ['blåbærgrød1' + 'a\u030a', null],
    ['a\u030a'.repeat(11), 'password_too_short'],
    ['my-NURSE-1-password', 'password_contains_username'],
    ['nurse-1', 'password_too_short'],
    ['a perfectly fine one', null],
  ])('%j → %s', (password, problem) => {
    expect(basicPasswordProblem(password, 'Nurse-1')).toBe(problem);
  });
});

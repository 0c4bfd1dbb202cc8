/**
 * The password policy: the rules in domain/staff-accounts.ts plus "not common", judged offline by
 * zxcvbn-ts (its dictionaries of common passwords, names and words ship in the packages), with a
 * Danish word list of our own (password-words-da.ts) and the site's own words (its name and texts
 * in the site settings, the product's name, the username).
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { basicPasswordProblem, MIN_PASSWORD_LENGTH, type PasswordProblem } from '../contract/accounts.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { DANISH_PASSWORD_WORDS } from './password-words-da.js';

/**
 * zxcvbn's score 3 means about 10^8 guesses or more ("safely unguessable" for an online attack,
 * which the sign-in rate limit slows further); below it the password is built from common
 * passwords, words, names, keyboard walks, repeats or dates.
 */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
/** Built on first use: the dictionaries take a few hundred milliseconds to index. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary, danish: DANISH_PASSWORD_WORDS },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
}

/** `siteWords`: the site's own words (sitePasswordWords), which a guesser at this site tries first. */
function passwordProblem(password: string, username: string, siteWords: string[] = []): PasswordProblem | null {
  const basic = basicPasswordProblem(password, username);
  if (basic) return basic;
  return zxcvbn().check(password, [username, 'lindring', ...siteWords]).score < MIN_SCORE ? 'password_too_common' : null;
}

/** The site's name and its texts for patients (site settings), each whole and word by word. */
export async function sitePasswordWords(ctx: ServiceContext): Promise<string[]> {
  const { site } = await ctx.siteSettings();
  const texts = [site.name, site.hours.da, site.hours.en, site.afterHours.da, site.afterHours.en].filter(Boolean);
  const words = texts.flatMap((text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((word) => word.length >= 3);
  return [...new Set([...texts.map((text) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')), ...words])];
}

const MESSAGES: Record<PasswordProblem, string> = {
  password_blank: 'The password is blank',
  password_too_short: `The password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  password_contains_username: 'The password must not contain the username',
  password_too_common: 'The password is too common or too easy to guess: use a few unrelated words or a password manager',
};

/** Throws a 422 (ServiceError 'invalid') whose code says which rule the password breaks. */
export function assertPasswordAllowed(password: string, username: string, siteWords: string[] = []): void {
  const problem = passwordProblem(password, username, siteWords);
  if (problem) throw new ServiceError('invalid', problem, MESSAGES[problem]);
}

/**
 * Limits on password guesses, in the database (storage/rate-limits.ts) so they hold across server
 * processes. Failures per client address (a fixed window; over it, that address waits for the
 * window's end) and per account (over it, one try a minute from anywhere: an attacker is slowed, the
 * real user waits at most a minute). Each try is counted before its password is hashed, by one
 * UPSERT that checks and counts at once, so a burst of concurrent tries cannot all pass the check
 * (issue 21); a try that turns out not to be a failure is taken back.
 */
import { createHash } from 'node:crypto';
import { claimHit, countHit, currentCount, deleteRateLimit, releaseHit, type WindowCount } from '../storage/rate-limits.js';
import type { ServiceContext } from './context.js';
import { rateLimited } from './errors.js';

export interface LoginLimits {
  /** Failures allowed per address, and per account before it is slowed. */
  limit: number;
  windowMs: number;
}
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { limit: 10, windowMs: 15 * 60_000 };
/** Once an account is over its limit: one try per this long, from any address. */
export const ACCOUNT_SLOW_MS = 60_000;

// Usernames are folded so "Admin" counts with "admin", and hashed so no typed name rests in a key.
const hashed = (value: string) => createHash('sha256').update(value).digest('base64url');
const addressKey = (prefix: string, address: string) => `${prefix}:address:${address}`;
const accountKey = (prefix: string, account: string) => `${prefix}:account:${hashed(account.toLowerCase())}`;

/**
 * Runs `attempt` (a sign-in or another password check) unless the address or the account is over
 * its limit, or the password-hash queue is full (429 `too_many_attempts`). The try is counted against both before `attempt` runs; a
 * success clears the account's count and takes the address's back, and a refusal that is not a
 * wrong password (`isFailure` false, e.g. a full hash queue) takes both back.
 */
export async function limitPasswordTries<T>(
  ctx: ServiceContext,
  scope: { kind: 'login' | 'password'; address: string; account: string },
  limits: LoginLimits,
  attempt: () => Promise<T>,
  isFailure: (error: unknown) => boolean,
): Promise<T> {
  // A full hash queue refuses before anything is counted: a flood of refused tries writes nothing.
  ctx.passwordHashes.refuseWhenFull();
  const now = ctx.now().getTime();
  const address = addressKey(scope.kind, scope.address);
  const account = accountKey(scope.kind, scope.account);
  const fromAddress = await claimHit(ctx.db, address, now, limits.windowMs, limits.limit);
  if (!fromAddress) throw tooMany('Too many failed tries from here; wait a while and try again', (await currentCount(ctx.db, address, now)).resetAt - now);
  const onAccount = await claimHit(ctx.db, account, now, limits.windowMs, limits.limit);
  if (!onAccount) {
    // Over its limit, the account gets one try per ACCOUNT_SLOW_MS, from anywhere.
    const gate = await countHit(ctx.db, `${account}:slow`, now, ACCOUNT_SLOW_MS);
    if (gate.hits > 1) {
      await releaseHit(ctx.db, address, fromAddress);
      throw tooMany('Too many failed tries for this account; wait a minute and try again', gate.resetAt - now);
    }
  }
  try {
    const result = await attempt();
    await releaseHit(ctx.db, address, fromAddress);
    await deleteRateLimit(ctx.db, account);
    return result;
  } catch (error) {
    if (!isFailure(error)) await takeBack(ctx, [[address, fromAddress], [account, onAccount]]);
    throw error;
  }
}

const tooMany = (message: string, retryAfterMs: number) => rateLimited(message, retryAfterMs, 'too_many_attempts');

async function takeBack(ctx: ServiceContext, claims: [string, WindowCount | null][]): Promise<void> {
  for (const [key, claimed] of claims) if (claimed) await releaseHit(ctx.db, key, claimed);
}

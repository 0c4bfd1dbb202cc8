/**
 * Rate limits that hold across server processes (counters in the database, storage/rate-limits.ts).
 * Sign-in: failures per client address (a fixed window; over it, that address waits for the window's
 * end) and per account (over it, one try a minute from anywhere: an attacker is slowed, the real
 * user waits at most a minute). Patient links: a token bucket per token for opens and for draft saves.
 */
import { createHash } from 'node:crypto';
import { countHit, currentCount, deleteRateLimit, takeToken } from '../storage/rate-limits.js';
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
/** A patient link: a burst of this many, then one per interval. */
export const LINK_BURST = 20;
export const LINK_INTERVAL_MS = 1000;
/** At most one "invitation.opened" audit entry per token per this long. */
export const OPENED_AUDIT_MS = 60_000;

// Keys never hold a token in the clear, and usernames are folded so "Admin" counts with "admin".
const hashed = (value: string) => createHash('sha256').update(value).digest('base64url');
const addressKey = (prefix: string, address: string) => `${prefix}:address:${address}`;
const accountKey = (prefix: string, account: string) => `${prefix}:account:${hashed(account.toLowerCase())}`;

/**
 * Runs `attempt` (a sign-in or another password check) unless the address or the account is over
 * its limit (429). A failure (`isFailure`) counts against both; a success clears the account's count.
 */
export async function limitPasswordTries<T>(
  ctx: ServiceContext,
  scope: { kind: 'login' | 'password'; address: string; account: string },
  limits: LoginLimits,
  attempt: () => Promise<T>,
  isFailure: (error: unknown) => boolean,
): Promise<T> {
  const now = ctx.now().getTime();
  const address = addressKey(scope.kind, scope.address);
  const account = accountKey(scope.kind, scope.account);
  const slow = `${account}:slow`;
  const fromAddress = await currentCount(ctx.db, address, now);
  if (fromAddress.hits >= limits.limit) throw rateLimited('Too many failed tries from here; wait a while and try again', fromAddress.resetAt - now);
  if ((await currentCount(ctx.db, account, now)).hits >= limits.limit) {
    const gate = await countHit(ctx.db, slow, now, ACCOUNT_SLOW_MS);
    if (gate.hits > 1) throw rateLimited('Too many failed tries for this account; wait a minute and try again', gate.resetAt - now);
  }
  try {
    const result = await attempt();
    await deleteRateLimit(ctx.db, account);
    return result;
  } catch (error) {
    if (isFailure(error)) {
      await countHit(ctx.db, address, now, limits.windowMs);
      await countHit(ctx.db, account, now, limits.windowMs);
    }
    throw error;
  }
}

/** One use of a patient link (`use`: open or draft); 429 past the burst until the bucket refills. */
export async function limitLinkUse(ctx: ServiceContext, use: 'open' | 'draft', token: string): Promise<void> {
  const wait = await takeToken(ctx.db, `link:${use}:${hashed(token)}`, ctx.now().getTime(), LINK_INTERVAL_MS, LINK_BURST);
  if (wait > 0) throw rateLimited('Too many requests for this link; wait a moment', wait);
}

/** True for the first open of the token in its minute: only that one is audited. */
export async function firstOpenThisMinute(ctx: ServiceContext, tokenHash: string): Promise<boolean> {
  return (await countHit(ctx.db, `link:opened-audit:${tokenHash}`, ctx.now().getTime(), OPENED_AUDIT_MS)).hits === 1;
}

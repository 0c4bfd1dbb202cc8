/**
 * Rate limits on patient links that hold across server processes (counters in the database,
 * storage/rate-limits.ts): a token bucket per token for opens and for draft saves, and one per client
 * address for links that match no invitation. Password tries
 * are limited in password-tries.ts.
 */
import { createHash } from 'node:crypto';
import { countHit, takeToken } from '../storage/rate-limits.js';
import type { ServiceContext } from './context.js';
import { rateLimited } from './errors.js';

/** A patient link: a burst of this many, then one per interval. */
export const LINK_BURST = 20;
export const LINK_INTERVAL_MS = 1000;
/** Links that match no invitation, per client address: a burst of this many, then one per interval. */
export const UNKNOWN_LINK_BURST = 20;
export const UNKNOWN_LINK_INTERVAL_MS = 6000;
/** At most one "invitation.opened" audit entry per token per this long. */
export const OPENED_AUDIT_MS = 60_000;

// Keys never hold a token in the clear.
const hashed = (value: string) => createHash('sha256').update(value).digest('base64url');

/** One use of a patient link (`use`: open or draft); 429 past the burst until the bucket refills. */
export async function limitLinkUse(ctx: ServiceContext, use: 'open' | 'draft', token: string): Promise<void> {
  const wait = await takeToken(ctx.db, `link:${use}:${hashed(token)}`, ctx.now().getTime(), LINK_INTERVAL_MS, LINK_BURST);
  if (wait > 0) throw rateLimited('Too many requests for this link; wait a moment', wait);
}

/**
 * A link that matches no invitation counts against the client's address, never against the token:
 * a row per guessed token would let anyone fill the table (issue 21). 429 past the burst.
 */
export async function limitUnknownLink(ctx: ServiceContext, address: string): Promise<void> {
  const wait = await takeToken(ctx.db, `link:unknown:address:${address}`, ctx.now().getTime(), UNKNOWN_LINK_INTERVAL_MS, UNKNOWN_LINK_BURST);
  if (wait > 0) throw rateLimited('Too many links that are not valid from here; wait a while', wait);
}

/** True for the first open of the token in its minute: only that one is audited. */
export async function firstOpenThisMinute(ctx: ServiceContext, tokenHash: string): Promise<boolean> {
  return (await countHit(ctx.db, `link:opened-audit:${tokenHash}`, ctx.now().getTime(), OPENED_AUDIT_MS)).hits === 1;
}

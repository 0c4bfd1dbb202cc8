/** Data kept no longer than needed, removed by the scheduler's tick. */
import { deleteExpiredDrafts } from '../storage/invitations.js';
import { deleteEndedRateLimits } from '../storage/rate-limits.js';
import { deleteExpiredLoginChallenges } from '../storage/second-factor.js';
import { DAY_MS, type ServiceContext } from './context.js';

/** A patient's unsent answers are kept this long after the invitation expired (so a nurse can still ask about them), then deleted. */
export const EXPIRED_DRAFT_RETENTION_DAYS = 30;

export async function removeStaleData(ctx: ServiceContext): Promise<{ draftsDeleted: number }> {
  const now = ctx.now().getTime();
  const draftsDeleted = await deleteExpiredDrafts(ctx.db, new Date(now - EXPIRED_DRAFT_RETENTION_DAYS * DAY_MS).toISOString());
  await deleteEndedRateLimits(ctx.db, now);
  // Sign-ins that stopped after the password (issue 21): their 5-minute challenges.
  await deleteExpiredLoginChallenges(ctx.db, new Date(now).toISOString());
  return { draftsDeleted };
}

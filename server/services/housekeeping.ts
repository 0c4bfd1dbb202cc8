/** Data kept no longer than needed, removed by the scheduler's tick. */
import { DAY_MS, durationMs } from '../contract/duration.js';
import { deleteExpiredDrafts } from '../storage/invitations.js';
import { deleteFinishedMessages } from '../storage/outbox.js';
import { deleteEndedRateLimits } from '../storage/rate-limits.js';
import { deleteExpiredLoginChallenges } from '../storage/second-factor.js';
import { deleteExpiredOidcLogins } from '../storage/oidc.js';
import type { ServiceContext } from './context.js';

/** A patient's unsent answers are kept this long after the invitation expired (so a nurse can still ask about them), then deleted. */
export const EXPIRED_DRAFT_RETENTION_DAYS = 30;

export async function removeStaleData(ctx: ServiceContext): Promise<{ draftsDeleted: number; messagesDeleted: number }> {
  const now = ctx.now().getTime();
  const draftsDeleted = await deleteExpiredDrafts(ctx.db, new Date(now - EXPIRED_DRAFT_RETENTION_DAYS * DAY_MS).toISOString());
  await deleteEndedRateLimits(ctx.db, now);
  // Sign-ins that stopped after the password (issue 21): their 5-minute challenges.
  await deleteExpiredLoginChallenges(ctx.db, new Date(now).toISOString());
  // Sign-ins through the identity provider that never came back (issue 24): their 10-minute states.
  await deleteExpiredOidcLogins(ctx.db, new Date(now).toISOString());
  // Sent messages hold the patient's e-mail or mobile: kept as long as the site's setting says.
  const { retention } = await ctx.siteSettings();
  const keepMs = durationMs(retention.sentMessages);
  const messagesDeleted = keepMs === null ? 0 : await deleteFinishedMessages(ctx.db, new Date(now - keepMs).toISOString());
  return { draftsDeleted, messagesDeleted };
}

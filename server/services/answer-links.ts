/**
 * The links that open an invitation. A reminder's link holds a token of its own, made when the
 * message is delivered and stored only as its hash (invitation_tokens), so no usable link rests in
 * the database, a backup or the WAL (issue 21).
 */
import { insertInvitationTokens } from '../storage/reminders.js';
import type { ServiceContext } from './context.js';
import { hashToken } from './secrets.js';

/** Where a stored message's text has its link; the link itself is never stored. */
export const LINK_PLACEHOLDER = '{link}';

/** The link a reminder carries; PUBLIC_URL is its base (config refuses channels without it). */
function answerLink(ctx: ServiceContext, token: string): string {
  return `${(ctx.settings.publicUrl ?? '').replace(/\/+$/, '')}/answer/${token}`;
}

/**
 * A new link to each invitation, in order: a new token each, their hashes stored in one statement
 * (one commit for a whole delivery batch). The links live only in memory.
 */
export async function mintAnswerLinks(ctx: ServiceContext, invitationIds: readonly string[]): Promise<string[]> {
  if (invitationIds.length === 0) return [];
  const at = ctx.now().toISOString();
  const tokens = invitationIds.map(() => ctx.newToken());
  await insertInvitationTokens(ctx.db, tokens.map((token, i) => ({ token_hash: hashToken(token), invitation_id: invitationIds[i]!, created_at: at })));
  return tokens.map((token) => answerLink(ctx, token));
}

/** The text with its link filled in. */
export function withLink(text: string, link: string): string {
  return text.split(LINK_PLACEHOLDER).join(link);
}

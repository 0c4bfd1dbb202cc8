/**
 * The links that open an invitation. A reminder's link holds a token of its own, made when the
 * message is delivered and stored only as its hash (invitation_tokens), so no usable link rests in
 * the database, a backup or the WAL (issue 21).
 */
import { insertInvitationToken } from '../storage/reminders.js';
import type { ServiceContext } from './context.js';
import { hashToken } from './secrets.js';

/** Where a stored message's text has its link; the link itself is never stored. */
export const LINK_PLACEHOLDER = '{link}';

/** The link a reminder carries; PUBLIC_URL is its base (config refuses channels without it). */
export function answerLink(ctx: ServiceContext, token: string): string {
  return `${(ctx.settings.publicUrl ?? '').replace(/\/+$/, '')}/answer/${token}`;
}

/** A new link to the invitation: a new token, its hash stored. The link lives only in memory. */
export async function mintAnswerLink(ctx: ServiceContext, invitationId: string): Promise<string> {
  const token = ctx.newToken();
  await insertInvitationToken(ctx.db, { token_hash: hashToken(token), invitation_id: invitationId, created_at: ctx.now().toISOString() });
  return answerLink(ctx, token);
}

/** The text with its link filled in. */
export function withLink(text: string, link: string): string {
  return text.split(LINK_PLACEHOLDER).join(link);
}

/**
 * Staff sessions: opened after the whole sign-in (password, and the second factor when asked for),
 * each with an id that may be shown, the address and a short device name; listed to their user and
 * to an admin, who can end one (audited). A new sign-in ends the session the same browser still held.
 */
import type { ActiveSession } from '../contract/accounts.js';
import type { Role } from '../contract/codes.js';
import { deleteExpiredSessions, deleteSessionById, findStaffUserById, insertSession, listActiveSessions } from '../storage/staff-users.js';
import type { Db } from '../storage/database.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { hashToken } from './secrets.js';
import { transaction } from '../storage/transaction.js';

/** Where a sign-in comes from. */
export interface SignInClient {
  address: string | null;
  /** A short device name (domain/device.ts), never the whole User-Agent. */
  device: string | null;
  /** The session token the browser still sent: this sign-in ends that session, whoever's it was. */
  previousToken?: string | undefined;
}

export const NO_CLIENT: SignInClient = { address: null, device: null };

export function expiryBounds(ctx: ServiceContext, now: Date) {
  return {
    idleBefore: new Date(now.getTime() - ctx.settings.sessionIdleMs).toISOString(),
    createdBefore: new Date(now.getTime() - ctx.settings.sessionAbsoluteMs).toISOString(),
  };
}

/** Opens a session for a user whose sign-in is complete, inside the caller's transaction; returns the cookie's token. */
export async function openSession(
  ctx: ServiceContext,
  tx: Db,
  user: StaffActor,
  client: SignInClient,
  auditDetails?: Record<string, unknown>,
): Promise<string> {
  const now = ctx.now();
  const token = ctx.newToken();
  const { idleBefore, createdBefore } = expiryBounds(ctx, now);
  await deleteExpiredSessions(tx, idleBefore, createdBefore);
  let details = auditDetails;
  if (client.previousToken) {
    const ended = await tx.deleteFrom('sessions').where('token_hash', '=', hashToken(client.previousToken)).executeTakeFirst();
    if (Number(ended.numDeletedRows) > 0) details = { ...details, previousSessionEnded: true };
  }
  await insertSession(tx, {
    token_hash: hashToken(token), id: ctx.newId(), user_id: user.id, created_at: now.toISOString(), last_seen_at: now.toISOString(),
    address: client.address, device: client.device,
  });
  await recordAudit(tx, user, now, { action: 'auth.login', entityType: 'staff_user', entityId: user.id, ...(details ? { details } : {}) });
  return token;
}

export const actorOf = (row: { id: string; username: string; role: Role }): StaffActor => ({ type: 'staff', id: row.id, username: row.username, role: row.role });

async function existingUser(db: Db, id: string) {
  const user = await findStaffUserById(db, id);
  if (!user) throw new ServiceError('not_found', 'user_not_found', 'No such staff user');
  return user;
}

/** A user's sessions still in force, newest use first; `current` marks the one whose hash is given. */
export async function listSessions(ctx: ServiceContext, userId: string, currentTokenHash?: string): Promise<ActiveSession[]> {
  await existingUser(ctx.db, userId);
  const { idleBefore, createdBefore } = expiryBounds(ctx, ctx.now());
  const rows = await listActiveSessions(ctx.db, userId, idleBefore, createdBefore);
  return rows.map((s) => ({ id: s.id, createdAt: s.created_at, lastSeenAt: s.last_seen_at, address: s.address, device: s.device, current: s.token_hash === currentTokenHash }));
}

/** Ends one session of a user (by its id), audited; 404 session_not_found when it is not that user's or has ended. */
export async function revokeSession(ctx: ServiceContext, by: StaffActor, userId: string, sessionId: string): Promise<void> {
  const now = ctx.now();
  await transaction(ctx.db, async (tx) => {
    const user = await existingUser(tx, userId);
    if (!(await deleteSessionById(tx, userId, sessionId))) throw new ServiceError('not_found', 'session_not_found', 'No such session');
    await recordAudit(tx, by, now, { action: 'staff_user.session_revoked', entityType: 'staff_user', entityId: userId, details: { username: user.username, sessionId } });
  });
}


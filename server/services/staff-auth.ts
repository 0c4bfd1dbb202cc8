/** Staff users, passwords and sessions. A session is a random token in a cookie, stored hashed, with idle and absolute expiry. */
import { z } from 'zod';
import { isUniqueViolation } from '../storage/database.js';
import {
  deleteExpiredSessions, deleteSession, findSession, findStaffUserByUsername, insertSession, insertStaffUser, listStaffUsers, touchSession,
} from '../storage/staff-users.js';
import { recordAudit } from './audit.js';
import { ROLES, type Role, type ServiceContext, type StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { decoyPasswordHash, hashPassword, hashToken, verifyPassword } from './secrets.js';

const MIN_PASSWORD_LENGTH = 12;

export const newStaffUserSchema = z.object({
  username: z.string().regex(/^[A-Za-z0-9._-]{2,64}$/, 'must be 2-64 letters, digits, ".", "_" or "-"'),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
  role: z.enum(ROLES),
});
type NewStaffUser = z.infer<typeof newStaffUserSchema>;

/** Creates a staff user; `by` is null when made from the command line. */
export async function createStaffUser(ctx: ServiceContext, by: StaffActor | null, input: NewStaffUser): Promise<{ id: string; username: string; role: Role }> {
  const user = newStaffUserSchema.parse(input);
  const id = ctx.newId();
  const now = ctx.now();
  const passwordHash = await hashPassword(user.password);
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await insertStaffUser(tx, { id, username: user.username, password_hash: passwordHash, role: user.role, created_at: now.toISOString() });
      await recordAudit(tx, by, now, { action: 'staff_user.created', entityType: 'staff_user', entityId: id, details: { username: user.username, role: user.role } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError('conflict', 'username_taken', `The username "${user.username}" is taken`);
    throw error;
  }
  return { id, username: user.username, role: user.role };
}

export async function listUsers(ctx: ServiceContext) {
  const rows = await listStaffUsers(ctx.db);
  return rows.map((u) => ({ id: u.id, username: u.username, role: u.role as Role, createdAt: u.created_at }));
}

/** Checks the password and opens a session; the returned token goes into the cookie and nowhere else. */
export async function login(ctx: ServiceContext, username: string, password: string): Promise<{ token: string; user: StaffActor }> {
  const row = await findStaffUserByUsername(ctx.db, username);
  // Hash even for an unknown user, so the answer's timing does not tell which usernames exist.
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyPasswordHash()));
  const now = ctx.now();
  if (!row || !ok) {
    await recordAudit(ctx.db, null, now, { action: 'auth.login_failed', entityType: 'staff_user', entityId: row?.id ?? null, details: { username } });
    throw new ServiceError('unauthenticated', 'invalid_credentials', 'Wrong username or password');
  }
  const user: StaffActor = { type: 'staff', id: row.id, username: row.username, role: row.role as Role };
  const token = ctx.newToken();
  await ctx.db.transaction().execute(async (tx) => {
    const { idleBefore, createdBefore } = expiryBounds(ctx, now);
    await deleteExpiredSessions(tx, idleBefore, createdBefore);
    await insertSession(tx, { token_hash: hashToken(token), user_id: row.id, created_at: now.toISOString(), last_seen_at: now.toISOString() });
    await recordAudit(tx, user, now, { action: 'auth.login', entityType: 'staff_user', entityId: row.id });
  });
  return { token, user };
}

function expiryBounds(ctx: ServiceContext, now: Date) {
  return {
    idleBefore: new Date(now.getTime() - ctx.settings.sessionIdleMs).toISOString(),
    createdBefore: new Date(now.getTime() - ctx.settings.sessionAbsoluteMs).toISOString(),
  };
}

/** The staff user behind a session token, or null when unknown or expired (idle or absolute). */
export async function resolveSession(ctx: ServiceContext, token: string): Promise<StaffActor | null> {
  const tokenHash = hashToken(token);
  const session = await findSession(ctx.db, tokenHash);
  if (!session) return null;
  const now = ctx.now();
  const { idleBefore, createdBefore } = expiryBounds(ctx, now);
  if (session.last_seen_at < idleBefore || session.created_at < createdBefore) {
    await deleteSession(ctx.db, tokenHash);
    return null;
  }
  // Refresh the idle timer at most once a minute, not a write on every request.
  const touchEvery = Math.min(60_000, ctx.settings.sessionIdleMs / 10);
  if (now.getTime() - new Date(session.last_seen_at).getTime() >= touchEvery) await touchSession(ctx.db, tokenHash, now.toISOString());
  return { type: 'staff', id: session.user_id, username: session.username, role: session.role as Role };
}

export async function logout(ctx: ServiceContext, token: string, user: StaffActor): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await deleteSession(tx, hashToken(token));
    await recordAudit(tx, user, ctx.now(), { action: 'auth.logout', entityType: 'staff_user', entityId: user.id });
  });
}

/**
 * Staff users, passwords and sessions. A session is a random token in a cookie, stored hashed, with
 * idle and absolute expiry. Accounts are disabled, never deleted (the audit log and the records a
 * user made keep naming them); a password reset hands out a temporary password that must be changed.
 */
import {
  newStaffUserSchema, passwordChangeSchema, staffUserChangeSchema, type NewStaffUser, type PasswordChange, type ActiveSession, type SecondFactorStep, type StaffUser,
  type StaffUserChange, type User,
} from '../contract/accounts.js';
import type { RevokedSessions, TemporaryPassword } from '../contract/responses.js';
import { isUniqueViolation } from '../storage/database.js';
import {
  countEnabledAdmins, deleteSession, deleteUserSessions, findSession, findStaffUserById, findStaffUserByUsername,
  insertStaffUser, listStaffUsers, lockEnabledAdmins, replacePasswordHash, touchSession, updateStaffUser, type ListedStaffUser,
} from '../storage/staff-users.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { assertPasswordAllowed, sitePasswordWords } from './password-policy.js';
import { decoyPasswordHash, hashPassword, hashToken, needsRehash, temporaryPassword, verifyPassword } from './secrets.js';
import { openChallenge, secondFactorStep } from './second-factor.js';
import { actorOf, expiryBounds, listSessions, NO_CLIENT, openSession, type SignInClient } from './staff-sessions.js';
import { transaction } from '../storage/transaction.js';
import { setUserUnits, unitIdsOfUser, unitIdsOfUsers } from '../storage/units.js';
import { scopeOf, type StaffScope } from './access.js';
import { assertOwnUnitsChanged, assertUnitsExist, defaultUnitsFor, setStaffUserUnits } from './units.js';

/** When a temporary password made now stops working (the site's `security.temporaryPasswordHours`). */
async function temporaryPasswordExpiry(ctx: ServiceContext, now: Date): Promise<string> {
  const { security } = await ctx.siteSettings();
  return new Date(now.getTime() + security.temporaryPasswordHours * 3_600_000).toISOString();
}

/**
 * Creates a staff user; `by` is null when made from the command line. A user an admin makes has a
 * temporary password: it expires (the site's `security.temporaryPasswordHours`) and must be changed at
 * the first sign-in, so the admin never knows the password in use.
 */
export async function createStaffUser(ctx: ServiceContext, by: StaffActor | null, input: NewStaffUser): Promise<User> {
  const user = newStaffUserSchema.parse(input);
  assertPasswordAllowed(user.password, user.username, await sitePasswordWords(ctx));
  const { siteAdmin, unitIds } = await newUserUnits(ctx, by, user);
  const id = ctx.newId();
  const now = ctx.now();
  const passwordHash = await ctx.passwordHashes.run(() => hashPassword(user.password, ctx.settings.passwordHashing));
  const temporary = by === null ? {} : { must_change_password: 1, temporary_password_expires_at: await temporaryPasswordExpiry(ctx, now) };
  try {
    await transaction(ctx.db, async (tx) => {
      await insertStaffUser(tx, {
        id, username: user.username, password_hash: passwordHash, role: user.role, created_at: now.toISOString(), password_changed_at: now.toISOString(), ...temporary,
        full_name: user.fullName ?? null, title: user.title ?? null, site_admin: siteAdmin ? 1 : 0,
      });
      await setUserUnits(tx, id, unitIds);
      await recordAudit(tx, by, now, { action: 'staff_user.created', entityType: 'staff_user', entityId: id, details: { username: user.username, role: user.role, siteAdmin, unitIds } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError('conflict', 'username_taken', `The username "${user.username}" is taken`);
    throw error;
  }
  return { id, username: user.username, role: user.role };
}

/**
 * A new user's units and whether an admin of every unit (issue 24). From the command line an admin
 * is a site admin. A site admin makes site admins (an admin without units is one unless
 * `siteAdmin: false`); a unit admin makes users of her own units only (by default all of them).
 * Without units named, the install's only unit for the role (services/units.ts defaultUnitsFor).
 */
async function newUserUnits(ctx: ServiceContext, by: StaffActor | null, user: NewStaffUser): Promise<{ siteAdmin: boolean; unitIds: string[] }> {
  const scope = by === null ? null : await scopeOf(ctx.db, by, ctx.now());
  const mayMakeSiteAdmin = scope === null || scope.siteAdmin;
  if (user.siteAdmin && (!mayMakeSiteAdmin || user.role !== 'admin')) {
    throw user.role !== 'admin'
      ? new ServiceError('invalid', 'invalid_request', 'Only an admin can be a site admin', [{ path: 'siteAdmin', message: 'only with role admin' }])
      : new ServiceError('forbidden', 'site_admin_required', 'Only a site admin may make a site admin');
  }
  const siteAdmin = user.role === 'admin' && mayMakeSiteAdmin && (user.siteAdmin ?? (scope === null || user.unitIds === undefined));
  if (user.unitIds) {
    await assertUnitsExist(ctx.db, user.unitIds, 'unitIds');
    if (scope) assertOwnUnitsChanged(scope, [], user.unitIds, 'unitIds');
    return { siteAdmin, unitIds: user.unitIds };
  }
  if (scope && !scope.siteAdmin) return { siteAdmin, unitIds: [...scope.unitIds] };
  const unitIds = await defaultUnitsFor(ctx.db, user.role);
  if (unitIds) return { siteAdmin, unitIds };
  if (siteAdmin) return { siteAdmin, unitIds: [] };
  throw new ServiceError('invalid', 'unit_required', 'Say which units the user belongs to', [{ path: 'unitIds', message: 'required: this install has several units' }]);
}

function userView(u: ListedStaffUser, unitIds: readonly string[]): StaffUser {
  return {
    id: u.id, username: u.username, role: u.role, createdAt: u.created_at, disabled: u.disabled_at !== null, mustChangePassword: u.must_change_password === 1,
    secondFactor: u.totp_secret !== null, fullName: u.full_name, title: u.title, unitIds: [...unitIds], siteAdmin: u.site_admin === 1,
  };
}

/** The staff accounts an admin manages: every one for a site admin, those sharing a unit with her for a unit admin (never a site admin). */
export async function listUsers(ctx: ServiceContext, scope: StaffScope | null = null): Promise<StaffUser[]> {
  const units = await unitIdsOfUsers(ctx.db);
  const users = (await listStaffUsers(ctx.db)).map((u) => userView(u, units.get(u.id) ?? []));
  return scope === null || scope.siteAdmin ? users : users.filter((u) => !u.siteAdmin && u.unitIds.some((id) => scope.unitIds.includes(id)));
}

/** A staff user a unit admin manages (404 user_not_found otherwise, as for an unknown id); a site admin manages everyone. */
export async function requireManagedUser(ctx: ServiceContext, by: StaffActor, userId: string): Promise<void> {
  const scope = await scopeOf(ctx.db, by, ctx.now());
  if (scope.siteAdmin) return;
  const target = await findStaffUserById(ctx.db, userId);
  const units = await unitIdsOfUser(ctx.db, userId);
  if (!target || target.site_admin === 1 || !units.some((id) => scope.unitIds.includes(id))) throw new ServiceError('not_found', 'user_not_found', 'No such staff user');
}

async function existingUser(db: ServiceContext['db'], id: string) {
  const user = await findStaffUserById(db, id);
  if (!user) throw new ServiceError('not_found', 'user_not_found', 'No such staff user');
  return user;
}

/**
 * Disables or enables an account and/or changes its role. Disabling ends its sessions at once. The
 * last enabled admin can be neither disabled nor demoted (also by itself): checked after the change,
 * inside the transaction, so the change is rolled back whole; the enabled admins' rows are locked
 * first, so two admins disabling each other at once cannot both pass the check.
 */
export async function updateStaffUserAccount(ctx: ServiceContext, by: StaffActor, id: string, input: StaffUserChange): Promise<StaffUser> {
  const change = staffUserChangeSchema.parse(input);
  const now = ctx.now();
  return transaction(ctx.db, async (tx) => {
    await lockEnabledAdmins(tx);
    const before = await existingUser(tx, id);
    const wasDisabled = before.disabled_at !== null;
    const disable = change.disabled === true && !wasDisabled;
    const enable = change.disabled === false && wasDisabled;
    const newRole = change.role !== undefined && change.role !== before.role ? change.role : undefined;
    const profile = {
      ...(change.fullName !== undefined && change.fullName !== before.full_name ? { full_name: change.fullName } : {}),
      ...(change.title !== undefined && change.title !== before.title ? { title: change.title } : {}),
    };
    const profileChanged = Object.keys(profile).length > 0;
    if (change.unitIds !== undefined) {
      assertOwnUnitsChanged(await scopeOf(tx, by), await unitIdsOfUser(tx, id), change.unitIds, 'unitIds');
      await setStaffUserUnits(tx, by, now, id, change.unitIds);
    }
    // A change to what already holds (the same role, disabling a disabled user) changes nothing and answers the user as it is.
    if (!disable && !enable && !newRole && !profileChanged) return userView(before, await unitIdsOfUser(tx, id));
    await updateStaffUser(tx, id, {
      ...(disable ? { disabled_at: now.toISOString() } : enable ? { disabled_at: null } : {}),
      ...(newRole ? { role: newRole } : {}),
      ...profile,
    });
    if ((disable || newRole) && before.role === 'admin' && (await countEnabledAdmins(tx)) === 0) {
      throw new ServiceError('conflict', 'last_admin', 'The last enabled admin can be neither disabled nor given another role');
    }
    const event = { entityType: 'staff_user', entityId: id };
    if (disable) {
      const sessionsEnded = await deleteUserSessions(tx, id);
      await recordAudit(tx, by, now, { ...event, action: 'staff_user.disabled', details: { username: before.username, sessionsEnded } });
    }
    if (enable) await recordAudit(tx, by, now, { ...event, action: 'staff_user.enabled', details: { username: before.username } });
    if (newRole) await recordAudit(tx, by, now, { ...event, action: 'staff_user.role_changed', details: { username: before.username, from: before.role, to: newRole } });
    if (profileChanged) await recordAudit(tx, by, now, { ...event, action: 'staff_user.profile_changed', details: { username: before.username, fields: Object.keys(profile) } });
    return userView(await existingUser(tx, id), await unitIdsOfUser(tx, id));
  });
}

/**
 * Replaces the password with a temporary one, shown once to the admin: the old password stops
 * working, every session ends, and the user must choose a new password after signing in with it.
 */
export async function resetPassword(ctx: ServiceContext, by: StaffActor, id: string): Promise<TemporaryPassword> {
  const password = temporaryPassword();
  const passwordHash = await ctx.passwordHashes.run(() => hashPassword(password, ctx.settings.passwordHashing));
  const now = ctx.now();
  const expiresAt = await temporaryPasswordExpiry(ctx, now);
  await transaction(ctx.db, async (tx) => {
    const user = await existingUser(tx, id);
    // A user of the hospital's identity provider (issue 24) has no password: one would let them in past the provider's groups.
    if (user.oidc_subject !== null) throw new ServiceError('conflict', 'provider_user', 'This user signs in through the hospital and has no password');
    await updateStaffUser(tx, id, { password_hash: passwordHash, must_change_password: 1, password_changed_at: now.toISOString(), temporary_password_expires_at: expiresAt });
    const sessionsEnded = await deleteUserSessions(tx, id);
    await recordAudit(tx, by, now, { action: 'staff_user.password_reset', entityType: 'staff_user', entityId: id, details: { username: user.username, sessionsEnded } });
  });
  return { temporaryPassword: password };
}

/** A signed-in user chooses a new password: ends the user's other sessions and keeps this one. */
export async function changePassword(ctx: ServiceContext, session: StaffSession, input: PasswordChange): Promise<void> {
  const { currentPassword, newPassword } = passwordChangeSchema.parse(input);
  const user = await existingUser(ctx.db, session.user.id);
  if (!(await ctx.passwordHashes.run(() => verifyPassword(currentPassword, user.password_hash)))) {
    await recordAudit(ctx.db, session.user, ctx.now(), { action: 'auth.password_change_failed', entityType: 'staff_user', entityId: user.id });
    throw new ServiceError('forbidden', 'wrong_current_password', 'The current password is wrong');
  }
  assertPasswordAllowed(newPassword, user.username, await sitePasswordWords(ctx));
  if (newPassword === currentPassword) throw new ServiceError('invalid', 'password_unchanged', 'Choose a password other than the current one');
  const passwordHash = await ctx.passwordHashes.run(() => hashPassword(newPassword, ctx.settings.passwordHashing));
  const now = ctx.now();
  await transaction(ctx.db, async (tx) => {
    await updateStaffUser(tx, user.id, { password_hash: passwordHash, must_change_password: 0, password_changed_at: now.toISOString(), temporary_password_expires_at: null });
    const sessionsEnded = await deleteUserSessions(tx, user.id, session.tokenHash);
    await recordAudit(tx, session.user, now, { action: 'staff_user.password_changed', entityType: 'staff_user', entityId: user.id, details: { sessionsEnded } });
  });
}

export async function listUserSessions(ctx: ServiceContext, id: string): Promise<ActiveSession[]> {
  return listSessions(ctx, id);
}

export async function revokeUserSessions(ctx: ServiceContext, by: StaffActor, id: string): Promise<RevokedSessions> {
  const now = ctx.now();
  return transaction(ctx.db, async (tx) => {
    const user = await existingUser(tx, id);
    const revoked = await deleteUserSessions(tx, id);
    await recordAudit(tx, by, now, { action: 'staff_user.sessions_revoked', entityType: 'staff_user', entityId: id, details: { username: user.username, revoked } });
    return { revoked };
  });
}

/** What a right password leads to: a session, or a second step first (its challenge token goes into its own cookie). */
export type LoginResult =
  | { kind: 'session'; token: string; user: StaffActor; mustChangePassword: boolean }
  | { kind: 'second_factor'; challengeToken: string; step: SecondFactorStep };

/**
 * Checks the password and opens a session, or a second-factor challenge (services/second-factor.ts);
 * a token goes into a cookie and nowhere else.
 * A disabled account gets the same 401 as a wrong password: the answer does not tell a guesser
 * that the password was right, nor which accounts exist or are disabled (the audit log says why).
 * A temporary password past its expiry is refused (403 temporary_password_expired: ask the admin).
 * A hash made with older scrypt parameters is re-made with the current ones.
 */
export async function login(ctx: ServiceContext, username: string, password: string, client: SignInClient = NO_CLIENT): Promise<LoginResult> {
  const row = await findStaffUserByUsername(ctx.db, username);
  // Hash even for an unknown user, so the answer's timing does not tell which usernames exist.
  const ok = await ctx.passwordHashes.run(async () => verifyPassword(password, row?.password_hash ?? (await decoyPasswordHash(ctx.settings.passwordHashing))));
  const now = ctx.now();
  if (!row || !ok || row.disabled_at !== null) {
    // The account's id when the name matched one, never what was typed: a password typed into the username field must not rest in the log.
    await recordAudit(ctx.db, null, now, { action: 'auth.login_failed', entityType: 'staff_user', entityId: row?.id ?? null, ...(row && ok ? { details: { reason: 'disabled' } } : {}) });
    throw new ServiceError('unauthenticated', 'invalid_credentials', 'Wrong username or password');
  }
  if (row.must_change_password === 1 && row.temporary_password_expires_at !== null && row.temporary_password_expires_at <= now.toISOString()) {
    await recordAudit(ctx.db, null, now, { action: 'auth.login_failed', entityType: 'staff_user', entityId: row.id, details: { reason: 'temporary_password_expired' } });
    throw new ServiceError('forbidden', 'temporary_password_expired', 'The temporary password has expired; ask an admin for a new one');
  }
  const rehashed = needsRehash(row.password_hash, ctx.settings.passwordHashing) ? await ctx.passwordHashes.run(() => hashPassword(password, ctx.settings.passwordHashing)) : null;
  // Only if the hash is still the one checked: a reset meanwhile wins.
  if (rehashed) await replacePasswordHash(ctx.db, row.id, row.password_hash, rehashed);
  const user = actorOf(row);
  const step = await secondFactorStep(ctx, row);
  if (step) return { kind: 'second_factor', challengeToken: await openChallenge(ctx, row.id), step };
  const token = await transaction(ctx.db, (tx) => openSession(ctx, tx, user, client, rehashed ? { passwordRehashed: true } : undefined));
  return { kind: 'session', token, user, mustChangePassword: row.must_change_password === 1 };
}

/** A valid session: its user, whether a new password must be chosen first, and the hash that names it. */
export interface StaffSession {
  user: StaffActor;
  mustChangePassword: boolean;
  tokenHash: string;
}

/** The session behind a token, or null when unknown, expired (idle or absolute) or its account is disabled. */
export async function resolveSession(ctx: ServiceContext, token: string): Promise<StaffSession | null> {
  const tokenHash = hashToken(token);
  const session = await findSession(ctx.db, tokenHash);
  if (!session) return null;
  const now = ctx.now();
  const { idleBefore, createdBefore } = expiryBounds(ctx, now);
  if (session.last_seen_at < idleBefore || session.created_at < createdBefore || session.disabled_at !== null) {
    await deleteSession(ctx.db, tokenHash);
    return null;
  }
  // Refresh the idle timer at most once a minute, not a write on every request.
  const touchEvery = Math.min(60_000, ctx.settings.sessionIdleMs / 10);
  if (now.getTime() - new Date(session.last_seen_at).getTime() >= touchEvery) await touchSession(ctx.db, tokenHash, now.toISOString());
  return {
    user: { type: 'staff', id: session.user_id, username: session.username, role: session.role },
    mustChangePassword: session.must_change_password === 1,
    tokenHash,
  };
}

export async function logout(ctx: ServiceContext, token: string, user: StaffActor): Promise<void> {
  await transaction(ctx.db, async (tx) => {
    await deleteSession(tx, hashToken(token));
    await recordAudit(tx, user, ctx.now(), { action: 'auth.logout', entityType: 'staff_user', entityId: user.id });
  });
}

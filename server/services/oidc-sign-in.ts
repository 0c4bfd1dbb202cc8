/**
 * Sign-in through the hospital's identity provider (OpenID Connect, issue 24): the authorization
 * code flow with PKCE through openid-client, which also checks the ID token (signature against the
 * provider's keys, issuer, audience, expiry, nonce). The sign-in in flight waits in the database
 * (oidc_logins), bound to the browser by a cookie, so any server process may take the callback, each
 * state once. The site's group mapping (Settings → Sign-in) gives the role; a user in no mapped
 * group gets no session and loses the sessions they had. Tokens are never stored or logged.
 */
import * as client from 'openid-client';
import type { LocalLogin, OidcConfig } from '../config.js';
import type { OidcRefusal } from '../contract/sign-in.js';
import { fullNameFromClaims, roleFromClaims, safeReturnPath, showsSecondFactor, unitIdsFromClaims, usernameFromClaims, type Claims } from '../domain/oidc-claims.js';
import { existingUnitIds } from '../storage/units.js';
import { setStaffUserAccess } from './units.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import { deleteExpiredOidcLogins, findStaffUserBySubject, insertOidcLogin, takeOidcLogin } from '../storage/oidc.js';
import { countEnabledAdmins, deleteUserSessions, findStaffUserById, findStaffUserByUsername, insertStaffUser, lockEnabledAdmins, updateStaffUser } from '../storage/staff-users.js';
import { transaction } from '../storage/transaction.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { hashToken } from './secrets.js';
import { actorOf, openSession, type SignInClient } from './staff-sessions.js';

/** How long a sign-in may stay at the provider (typing a password, a second factor). */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;
/** What a provider's user has instead of a password hash: no password matches it (services/secrets.ts reads no parameters from it). */
const NO_PASSWORD = '!oidc';

/** The provider's metadata, fetched at first use and kept per process (a provider down at start does not stop Lindring; a failed fetch is tried again). */
const discovered = new WeakMap<OidcConfig, Promise<client.Configuration>>();
function provider(config: OidcConfig): Promise<client.Configuration> {
  let found = discovered.get(config);
  if (!found) {
    // A plain-http issuer is allowed only outside production (config.ts): a provider on this machine in development and the tests.
    const execute = [client.enableNonRepudiationChecks, ...(config.issuer.startsWith('http://') ? [client.allowInsecureRequests] : [])];
    found = client.discovery(new URL(config.issuer), config.clientId, config.clientSecret, undefined, { execute, timeout: 10 });
    found.catch(() => discovered.delete(config));
    discovered.set(config, found);
  }
  return found;
}

/** The provider's discovery document could not be read (down, unreachable, not an OpenID provider). */
export class ProviderUnreachable extends Error {
  override readonly name = 'ProviderUnreachable';
}

function oidcConfig(ctx: ServiceContext): OidcConfig {
  const config = ctx.settings.oidc;
  if (!config) throw new ServiceError('not_found', 'not_found', 'Sign-in through an identity provider is not configured');
  return config;
}

/**
 * Starts a sign-in: stores the state (as a hash), nonce and PKCE verifier, bound to the browser's
 * cookie token, and returns the provider's authorization URL to redirect to.
 */
export async function startOidcSignIn(ctx: ServiceContext, browserToken: string, returnTo: unknown): Promise<URL> {
  const config = oidcConfig(ctx);
  const server = await provider(config).catch(() => {
    throw new ProviderUnreachable();
  });
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const now = ctx.now();
  await deleteExpiredOidcLogins(ctx.db, now.toISOString());
  await insertOidcLogin(ctx.db, {
    state_hash: hashToken(state), browser_hash: hashToken(browserToken), nonce, code_verifier: codeVerifier, return_to: safeReturnPath(returnTo),
    created_at: now.toISOString(), expires_at: new Date(now.getTime() + OIDC_LOGIN_TTL_MS).toISOString(),
  });
  return client.buildAuthorizationUrl(server, {
    redirect_uri: config.redirectUri, scope: 'openid profile email', state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier), code_challenge_method: 'S256',
  });
}

export type OidcSignInResult =
  | { kind: 'session'; token: string; user: StaffActor; returnTo: string }
  | { kind: 'refused'; reason: OidcRefusal };

/**
 * The callback: takes the sign-in in flight (once), exchanges the code, checks the ID token (the
 * library) and the second factor, maps the groups to a role, makes or updates the staff user and
 * opens a session. Every refusal is audited as a failed sign-in with its reason.
 * `query` is the callback's query string as received (code, state, or the provider's error).
 */
export async function finishOidcSignIn(ctx: ServiceContext, query: string, browserToken: string | undefined, signIn: SignInClient): Promise<OidcSignInResult> {
  const config = ctx.settings.oidc;
  if (!config) return { kind: 'refused', reason: 'not_configured' };
  const params = new URLSearchParams(query);
  const state = params.get('state');
  // A state shown is spent, whoever shows it: a callback URL caught and tried in another browser also ends the sign-in it belonged to.
  const login = state ? await takeOidcLogin(ctx.db, hashToken(state), ctx.now().toISOString()) : undefined;
  if (!login || !state || !browserToken || login.browser_hash !== hashToken(browserToken)) return refuse(ctx, 'unknown_state', null);
  if (params.has('error')) return refuse(ctx, 'provider_error', null);

  let claims: Claims;
  try {
    const server = await provider(config);
    // The URL the provider redirected to, rebuilt from the registered redirect URI (not the request's Host, which a proxy may change).
    const callback = new URL(config.redirectUri);
    callback.search = params.toString();
    const tokens = await client.authorizationCodeGrant(server, callback, { pkceCodeVerifier: login.code_verifier, expectedState: state, expectedNonce: login.nonce, idTokenExpected: true });
    const idClaims = tokens.claims();
    if (!idClaims) return refuse(ctx, 'invalid_token', null);
    claims = { ...idClaims };
  } catch {
    // The library's error may quote the token or the provider's answer: it is neither logged nor stored.
    return refuse(ctx, 'invalid_token', null);
  }
  if (config.requireMfa && !showsSecondFactor(claims)) return refuse(ctx, 'second_factor_required', null);

  const { oidc: mapping } = await ctx.siteSettings();
  const role = roleFromClaims(claims, mapping);
  const unitIds = unitIdsFromClaims(claims, mapping);
  const issuer = config.issuer;
  const subject = String(claims.sub);
  try {
    return await signInAs(ctx, { issuer, subject, claims, role, unitIds, returnTo: login.return_to }, signIn);
  } catch (error) {
    // Two first sign-ins of one user at once: the other made the user; this one signs in as that user.
    if (!isUniqueViolation(error)) throw error;
    return signInAs(ctx, { issuer, subject, claims, role, unitIds, returnTo: login.return_to }, signIn);
  }
}

interface Arrival {
  issuer: string;
  subject: string;
  claims: Claims;
  role: ReturnType<typeof roleFromClaims>;
  /** The mapped groups' units (issue 24); an admin with none is a site admin. */
  unitIds: string[];
  returnTo: string;
}

async function signInAs(ctx: ServiceContext, a: Arrival, signIn: SignInClient): Promise<OidcSignInResult> {
  const now = ctx.now();
  const outcome = await transaction(ctx.db, async (tx): Promise<OidcSignInResult | { kind: 'refusedUser'; reason: OidcRefusal; userId: string | null; sessionsEnded?: number }> => {
    const existing = await findStaffUserBySubject(tx, a.issuer, a.subject);
    if (!a.role) {
      // Removed from every mapped group: no session now, and none of the ones still open.
      const sessionsEnded = existing ? await deleteUserSessions(tx, existing.id) : 0;
      return { kind: 'refusedUser', reason: 'no_mapped_group', userId: existing?.id ?? null, sessionsEnded };
    }
    const fullName = fullNameFromClaims(a.claims);
    const email = typeof a.claims.email === 'string' ? a.claims.email.slice(0, 320) : null;
    let user: StaffActor;
    if (!existing) {
      const id = ctx.newId();
      const username = await freeUsername(tx, usernameFromClaims(a.claims));
      await insertStaffUser(tx, {
        id, username, password_hash: NO_PASSWORD, role: a.role, created_at: now.toISOString(), password_changed_at: null,
        full_name: fullName, title: null, email, oidc_issuer: a.issuer, oidc_subject: a.subject,
      });
      await recordAudit(tx, null, now, { action: 'staff_user.created', entityType: 'staff_user', entityId: id, details: { username, role: a.role, via: 'oidc' } });
      user = { type: 'staff', id, username, role: a.role };
    } else {
      if (existing.disabled_at !== null) return { kind: 'refusedUser', reason: 'disabled', userId: existing.id };
      if (existing.role !== a.role) {
        if (existing.role === 'admin') {
          await lockEnabledAdmins(tx);
          if ((await countEnabledAdmins(tx)) <= 1) return { kind: 'refusedUser', reason: 'last_admin', userId: existing.id };
        }
        await updateStaffUser(tx, existing.id, { role: a.role });
        await recordAudit(tx, null, now, {
          action: 'staff_user.role_changed', entityType: 'staff_user', entityId: existing.id, details: { username: existing.username, from: existing.role, to: a.role, via: 'oidc' },
        });
      }
      if (fullName !== existing.full_name || email !== existing.email) await updateStaffUser(tx, existing.id, { full_name: fullName, email });
      user = actorOf({ ...existing, role: a.role });
    }
    // The groups give the units at each sign-in, as they give the role; unknown unit ids are left out.
    const unitIds = await existingUnitIds(tx, a.unitIds);
    await setStaffUserAccess(tx, null, now, user.id, { unitIds, siteAdmin: a.role === 'admin' && unitIds.length === 0 });
    const token = await openSession(ctx, tx, user, signIn, { via: 'oidc' });
    return { kind: 'session', token, user, returnTo: a.returnTo };
  });
  if (outcome.kind !== 'refusedUser') return outcome;
  return refuse(ctx, outcome.reason, outcome.userId, outcome.sessionsEnded);
}

/** `<name>`, else the first free `<name>-2`, `<name>-3`, ...: never an existing (local) account's name. */
async function freeUsername(db: Db, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await findStaffUserByUsername(db, candidate))) return candidate;
  }
}

async function refuse(ctx: ServiceContext, reason: OidcRefusal, userId: string | null, sessionsEnded?: number): Promise<OidcSignInResult> {
  await recordAudit(ctx.db, null, ctx.now(), {
    action: 'auth.login_failed', entityType: 'staff_user', entityId: userId, details: { via: 'oidc', reason, ...(sessionsEnded ? { sessionsEnded } : {}) },
  });
  return { kind: 'refused', reason };
}

/**
 * The provider's logout for a user it signed in (RP-initiated logout), when the provider offers an
 * end_session_endpoint: it returns to the staff app. No ID token is kept, so the hint is the client id.
 * Null for local users, without a provider, or when the provider cannot be reached (the local session has ended anyway).
 */
export async function providerLogoutUrl(ctx: ServiceContext, userId: string): Promise<string | null> {
  const config = ctx.settings.oidc;
  if (!config || !(await findStaffUserById(ctx.db, userId))?.oidc_subject) return null;
  try {
    const server = await provider(config);
    if (!server.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(server, { client_id: config.clientId, post_logout_redirect_uri: new URL('/', config.redirectUri).href }).href;
  } catch {
    return null;
  }
}

/**
 * LOCAL_LOGIN=off: a password sign-in only for the break-glass admins the operator named
 * (LOCAL_LOGIN_ADMINS); checked on the name before any password is, so it reveals nothing about one.
 */
export function assertLocalLoginAllowed(localLogin: LocalLogin, username: string): void {
  if (localLogin.enabled || localLogin.breakGlassAdmins.includes(username.trim().toLowerCase())) return;
  throw new ServiceError('forbidden', 'local_login_off', 'Passwords are switched off here: sign in through the hospital');
}

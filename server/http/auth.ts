/** Staff sessions in a cookie, and role checks as middleware (one place, not pasted into handlers). */
import { parseCookie } from 'cookie';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Role } from '../contract/codes.js';
import type { ServiceContext, StaffActor } from '../services/context.js';
import { resolveSession, type StaffSession } from '../services/staff-auth.js';
import { HttpError } from './errors.js';

/**
 * The session cookie, named in one place. Over HTTPS (production) `__Host-`: the browser then takes
 * it only from this origin, Secure, with Path=/ and no Domain, so a neighbouring subdomain cannot
 * plant one. Over plain http (development) the prefix would be refused, so the plain name.
 */
export function sessionCookie(secure: boolean): { name: string; options: CookieOptions } {
  return { name: secure ? '__Host-lindring_session' : 'lindring_session', options: { httpOnly: true, sameSite: 'strict', secure, path: '/' } };
}

/**
 * The second sign-in step's cookie (issue 21): a login challenge's token, 5 minutes, sent only to
 * this origin like the session cookie; it opens nothing but the second step.
 */
export function challengeCookie(secure: boolean): { name: string; options: CookieOptions } {
  return { name: secure ? '__Host-lindring_sign_in' : 'lindring_sign_in', options: { httpOnly: true, sameSite: 'strict', secure, path: '/' } };
}

/**
 * The browser's binding to a sign-in through the identity provider (issue 24): 10 minutes, and
 * SameSite=Lax, because it must come back with the provider's cross-site redirect to the callback
 * (a Strict cookie would not). It opens nothing: the callback also needs the provider's code and state.
 */
export function oidcBindingCookie(secure: boolean): { name: string; options: CookieOptions } {
  return { name: secure ? '__Host-lindring_oidc' : 'lindring_oidc', options: { httpOnly: true, sameSite: 'lax', secure, path: '/' } };
}

/** The session token from the Cookie header; a cookie that does not decode is no session (not a 500). */
/** A cookie's value (the session's or the second step's) from the Cookie header; one that does not decode is none (not a 500). */
export function sessionToken(req: Request, cookieName: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header, { decode: decodeOrNothing })[cookieName] || undefined;
}

function decodeOrNothing(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Loads the signed-in staff user, if any, into res.locals.staff (and the whole session into res.locals.staffSession). */
export function loadSession(ctx: ServiceContext, cookieName: string): RequestHandler {
  return async (req, res, next) => {
    const token = sessionToken(req, cookieName);
    if (token) {
      const session = await resolveSession(ctx, token);
      if (session) {
        res.locals.staff = session.user;
        res.locals.staffSession = session;
      }
    }
    next();
  };
}

/** The signed-in session, also one that must change its password first (for /auth/me, /auth/password, /auth/logout only). */
export function signedInSession(res: Response): StaffSession {
  const session = res.locals.staffSession as StaffSession | undefined;
  if (!session) throw new HttpError(401, 'unauthenticated', 'Sign in first');
  return session;
}

/**
 * The signed-in staff user, for every staff route: after a password reset nothing but choosing a
 * new password is allowed (403 password_change_required), whatever the role.
 */
export function currentStaff(res: Response): StaffActor {
  const session = signedInSession(res);
  if (session.mustChangePassword) throw new HttpError(403, 'password_change_required', 'Choose a new password first');
  return session.user;
}

/** 401 without a valid session, 403 with a role not in the list. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const staff = currentStaff(res);
    if (!roles.includes(staff.role)) throw new HttpError(403, 'forbidden', 'Your role may not do this');
    next();
  };
}

/** Staff sessions in a cookie, and role checks as middleware (one place, not pasted into handlers). */
import { parseCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { Role, ServiceContext, StaffActor } from '../services/context.js';
import { resolveSession } from '../services/staff-auth.js';
import { HttpError } from './errors.js';

export const SESSION_COOKIE = 'lindring_session';

/** The session token from the Cookie header; a cookie that does not decode is no session (not a 500). */
export function sessionToken(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header, { decode: decodeOrNothing })[SESSION_COOKIE] || undefined;
}

function decodeOrNothing(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Loads the signed-in staff user, if any, into res.locals.staff. */
export function loadSession(ctx: ServiceContext): RequestHandler {
  return async (req, res, next) => {
    const token = sessionToken(req);
    if (token) {
      const staff = await resolveSession(ctx, token);
      if (staff) res.locals.staff = staff;
    }
    next();
  };
}

export function currentStaff(res: Response): StaffActor {
  const staff = res.locals.staff as StaffActor | undefined;
  if (!staff) throw new HttpError(401, 'unauthenticated', 'Sign in first');
  return staff;
}

/** 401 without a valid session, 403 with a role not in the list. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const staff = currentStaff(res);
    if (!roles.includes(staff.role)) throw new HttpError(403, 'forbidden', 'Your role may not do this');
    next();
  };
}

export const STAFF: Role[] = ['nurse', 'palliative_team', 'admin'];

import { Router, type CookieOptions } from 'express';
import { rateLimit } from 'express-rate-limit';
import { loginSchema, passwordChangeSchema } from '../../contract/accounts.js';
import type { SessionUser } from '../../contract/responses.js';
import type { ServiceContext } from '../../services/context.js';
import { changePassword, login, logout } from '../../services/staff-auth.js';
import { SESSION_COOKIE, sessionToken, signedInSession } from '../auth.js';
import { sendError } from '../errors.js';

export interface AuthRouteOptions {
  secureCookies: boolean;
  /** Failed logins allowed per client address and window. */
  loginRateLimit: { windowMs: number; limit: number };
}

export function authRouter(ctx: ServiceContext, options: AuthRouteOptions): Router {
  const cookie: CookieOptions = { httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/' };
  const limiter = rateLimit({
    windowMs: options.loginRateLimit.windowMs,
    limit: options.loginRateLimit.limit,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => sendError(res, 429, 'too_many_requests', 'Too many failed sign-ins; wait a while and try again'),
  });
  // A wrong current password (403) is a guess at it: counted like failed sign-ins, but apart from
  // them, and a refused new password (422) is no guess.
  const passwordChangeLimiter = rateLimit({
    windowMs: options.loginRateLimit.windowMs,
    limit: options.loginRateLimit.limit,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 403,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => sendError(res, 429, 'too_many_requests', 'Too many wrong passwords; wait a while and try again'),
  });

  return Router()
    .post('/auth/login', limiter, async (req, res) => {
      const { username, password } = loginSchema.parse(req.body);
      const { token, user, mustChangePassword } = await login(ctx, username, password);
      res.cookie(SESSION_COOKIE, token, { ...cookie, maxAge: ctx.settings.sessionAbsoluteMs });
      res.json({ user: { id: user.id, username: user.username, role: user.role, mustChangePassword } } satisfies SessionUser);
    })
    .post('/auth/logout', async (req, res) => {
      const token = sessionToken(req);
      const staff = res.locals.staff as Parameters<typeof logout>[2] | undefined;
      if (token && staff) await logout(ctx, token, staff);
      res.clearCookie(SESSION_COOKIE, cookie);
      res.status(204).end();
    })
    .get('/auth/me', (_req, res) => {
      const { user: { id, username, role }, mustChangePassword } = signedInSession(res);
      res.json({ user: { id, username, role, mustChangePassword } } satisfies SessionUser);
    })
    .post('/auth/password', passwordChangeLimiter, async (req, res) => {
      await changePassword(ctx, signedInSession(res), passwordChangeSchema.parse(req.body));
      res.status(204).end();
    });
}

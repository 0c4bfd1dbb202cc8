import { Router, type Request } from 'express';
import { loginSchema, passwordChangeSchema } from '../../contract/accounts.js';
import type { SessionUser } from '../../contract/responses.js';
import type { ServiceContext } from '../../services/context.js';
import { changePassword, login, logout } from '../../services/staff-auth.js';
import { ServiceError } from '../../services/errors.js';
import { limitPasswordTries, type LoginLimits } from '../../services/password-tries.js';
import { sessionCookie, sessionToken, signedInSession } from '../auth.js';
import { STATUS_OF_KIND } from '../errors.js';

export interface AuthRouteOptions {
  secureCookies: boolean;
  /** Failed password tries allowed per client address, and per account before it is slowed. */
  loginRateLimit: LoginLimits;
}

/** A wrong password at sign-in (401) or as the current one (403) is a guess; other refusals are not. */
const wrongPassword = (status: number) => (error: unknown) => error instanceof ServiceError && STATUS_OF_KIND[error.kind] === status;

export function authRouter(ctx: ServiceContext, options: AuthRouteOptions): Router {
  const { name: cookieName, options: cookie } = sessionCookie(options.secureCookies);
  const address = (req: Request) => req.ip ?? 'unknown';

  return Router()
    .post('/auth/login', async (req, res) => {
      const { username, password } = loginSchema.parse(req.body);
      const scope = { kind: 'login', address: address(req), account: username } as const;
      const { token, user, mustChangePassword } = await limitPasswordTries(ctx, scope, options.loginRateLimit, () => login(ctx, username, password), wrongPassword(401));
      // In production a session cookie (no Max-Age: gone with the browser); the server ends it after SESSION_ABSOLUTE_HOURS anyway.
      res.cookie(cookieName, token, options.secureCookies ? cookie : { ...cookie, maxAge: ctx.settings.sessionAbsoluteMs });
      res.json({ user: { id: user.id, username: user.username, role: user.role, mustChangePassword } } satisfies SessionUser);
    })
    .post('/auth/logout', async (req, res) => {
      const token = sessionToken(req, cookieName);
      const staff = res.locals.staff as Parameters<typeof logout>[2] | undefined;
      if (token && staff) await logout(ctx, token, staff);
      res.clearCookie(cookieName, cookie);
      res.status(204).end();
    })
    .get('/auth/me', (_req, res) => {
      const { user: { id, username, role }, mustChangePassword } = signedInSession(res);
      res.json({ user: { id, username, role, mustChangePassword } } satisfies SessionUser);
    })
    .post('/auth/password', async (req, res) => {
      const session = signedInSession(res);
      const change = passwordChangeSchema.parse(req.body);
      const scope = { kind: 'password', address: address(req), account: session.user.id } as const;
      await limitPasswordTries(ctx, scope, options.loginRateLimit, () => changePassword(ctx, session, change), wrongPassword(403));
      res.status(204).end();
    });
}

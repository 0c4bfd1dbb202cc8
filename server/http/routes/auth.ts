import { Router, type Request, type Response } from 'express';
import { ROUTES } from '../../contract/routes.js';
import { deviceName } from '../../domain/device.js';
import { unitsOfUser } from '../../services/units.js';
import type { ServiceContext } from '../../services/context.js';
import { changePassword, login, logout } from '../../services/staff-auth.js';
import { completeSignIn, hasSecondFactor, resolveChallenge, startEnrolment, CHALLENGE_TTL_MS } from '../../services/second-factor.js';
import type { SignInClient } from '../../services/staff-sessions.js';
import { ServiceError } from '../../services/errors.js';
import { limitPasswordTries, type LoginLimits } from '../../services/password-tries.js';
import { challengeCookie, oidcBindingCookie, sessionCookie, sessionToken, signedInSession } from '../auth.js';
import { SIGN_IN_REFUSED_PARAM } from '../../contract/sign-in.js';
import { assertLocalLoginAllowed, finishOidcSignIn, OIDC_LOGIN_TTL_MS, ProviderUnreachable, providerLogoutUrl, startOidcSignIn } from '../../services/oidc-sign-in.js';
import { STATUS_OF_KIND } from '../errors.js';
import { on } from '../route.js';

export interface AuthRouteOptions {
  secureCookies: boolean;
  /** Failed password tries allowed per client address, and per account before it is slowed. */
  loginRateLimit: LoginLimits;
}

/** A wrong password at sign-in (401) or as the current one (403) is a guess; other refusals are not. */
const wrongPassword = (status: number) => (error: unknown) =>
  error instanceof ServiceError && STATUS_OF_KIND[error.kind] === status && error.code !== 'second_factor_expired';
/** A wrong second-factor code is a guess too, counted like a wrong password. */
const wrongCode = (error: unknown) => error instanceof ServiceError && error.code === 'invalid_second_factor';

export function authRouter(ctx: ServiceContext, options: AuthRouteOptions): Router {
  const { name: cookieName, options: cookie } = sessionCookie(options.secureCookies);
  const pending = challengeCookie(options.secureCookies);
  const address = (req: Request) => req.ip ?? 'unknown';
  const clientOf = (req: Request): SignInClient => ({ address: req.ip ?? null, device: deviceName(req.get('user-agent')), previousToken: sessionToken(req, cookieName) });
  const setSession = (res: Response, token: string) => {
    // In production a session cookie (no Max-Age: gone with the browser); the server ends it after SESSION_ABSOLUTE_HOURS anyway.
    res.cookie(cookieName, token, options.secureCookies ? cookie : { ...cookie, maxAge: ctx.settings.sessionAbsoluteMs });
  };

  const router = Router();
  on(router, ROUTES.login, async ({ body: { username, password } }, req, res) => {
    assertLocalLoginAllowed(ctx.settings.localLogin, username);
    const scope = { kind: 'login', address: address(req), account: username } as const;
    const result = await limitPasswordTries(ctx, scope, options.loginRateLimit, () => login(ctx, username, password, clientOf(req)), wrongPassword(401));
    if (result.kind === 'second_factor') {
      // No session yet: the second step's own short-lived cookie.
      res.cookie(pending.name, result.challengeToken, { ...pending.options, maxAge: CHALLENGE_TTL_MS });
      return { secondFactor: result.step };
    }
    const { token, user, mustChangePassword } = result;
    setSession(res, token);
    return { user: { id: user.id, username: user.username, role: user.role, mustChangePassword } };
  });
  // The second step (issue 21): the code from the app or a recovery code; or, for a user who must set one up, the code that confirms it.
  on(router, ROUTES.secondFactor, async ({ body: { code } }, req, res) => {
    const challenge = await resolveChallenge(ctx, sessionToken(req, pending.name));
    const scope = { kind: 'login', address: address(req), account: `second-factor:${challenge.user.id}` } as const;
    const done = await limitPasswordTries(ctx, scope, options.loginRateLimit, () => completeSignIn(ctx, challenge, code, clientOf(req)), wrongCode);
    res.clearCookie(pending.name, pending.options);
    setSession(res, done.token);
    const { user, mustChangePassword } = done;
    return { user: { id: user.id, username: user.username, role: user.role, mustChangePassword, secondFactor: true }, ...(done.recoveryCodes ? { recoveryCodes: done.recoveryCodes } : {}) };
  });
  // A user the site requires to have a second factor sets it up during the sign-in.
  on(router, ROUTES.signInEnrolment, async (_input, req) => {
    const challenge = await resolveChallenge(ctx, sessionToken(req, pending.name));
    return startEnrolment(ctx, challenge.user);
  });
  const endSession = async (req: Request, res: Response): Promise<string | null> => {
    const token = sessionToken(req, cookieName);
    const staff = res.locals.staff as Parameters<typeof logout>[2] | undefined;
    let providerLogout: string | null = null;
    if (token && staff) {
      providerLogout = await providerLogoutUrl(ctx, staff.id);
      await logout(ctx, token, staff);
    }
    res.clearCookie(cookieName, cookie);
    res.clearCookie(pending.name, pending.options);
    return providerLogout;
  };
  on(router, ROUTES.logout, async (_input, req, res) => {
    await endSession(req, res);
  });

  // Sign-in through the hospital's identity provider (issue 24): redirects, never JSON.
  const binding = oidcBindingCookie(options.secureCookies);
  const refused = (reason: string) => `/?${SIGN_IN_REFUSED_PARAM}=${reason}`;
  on(router, ROUTES.signInOptions, () => ({ oidc: ctx.settings.oidc ? { name: ctx.settings.oidc.name } : null, localLogin: ctx.settings.localLogin.enabled }));
  on(router, ROUTES.oidcStart, async ({ query }, _req, res) => {
    if (!ctx.settings.oidc) return res.redirect(303, refused('not_configured'));
    const browser = ctx.newToken();
    let authorization: URL;
    try {
      authorization = await startOidcSignIn(ctx, browser, query.returnTo);
    } catch (error) {
      // The provider cannot be reached (its discovery document): the staff app says so.
      if (!(error instanceof ProviderUnreachable)) throw error;
      return res.redirect(303, refused('provider_error'));
    }
    res.cookie(binding.name, browser, { ...binding.options, maxAge: OIDC_LOGIN_TTL_MS });
    res.redirect(303, authorization.href);
  });
  on(router, ROUTES.oidcCallback, async (_input, req, res) => {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const result = await finishOidcSignIn(ctx, query, sessionToken(req, binding.name), clientOf(req));
    res.clearCookie(binding.name, binding.options);
    if (result.kind === 'refused') return res.redirect(303, refused(result.reason));
    setSession(res, result.token);
    res.redirect(303, result.returnTo);
  });
  on(router, ROUTES.oidcLogout, async (_input, req, res) => ({ providerLogoutUrl: await endSession(req, res) }));
  on(router, ROUTES.me, async (_input, _req, res) => {
    const { user: { id, username, role }, mustChangePassword } = signedInSession(res);
    return { user: { id, username, role, mustChangePassword, secondFactor: await hasSecondFactor(ctx, id), ...(await unitsOfUser(ctx, id, role)) } };
  });
  on(router, ROUTES.changePassword, async ({ body }, req, res) => {
    const session = signedInSession(res);
    const scope = { kind: 'password', address: address(req), account: session.user.id } as const;
    await limitPasswordTries(ctx, scope, options.loginRateLimit, () => changePassword(ctx, session, body), wrongPassword(403));
  });
  return router;
}

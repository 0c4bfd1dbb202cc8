/** The Express app: security headers, JSON-only API under /api, staff sessions, routes, errors; the built client after /api. */
import { existsSync } from 'node:fs';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { createServiceContext, type ContextOptions } from '../services/create-context.js';
import { recordAudit } from '../services/audit.js';
import type { ServiceContext, StaffActor } from '../services/context.js';
import { DEFAULT_LOGIN_LIMITS } from '../services/password-tries.js';
import type { Logger } from '../logging.js';
import { loadSession, sessionCookie } from './auth.js';
import { clientAssets } from './client-assets.js';
import { apiNotFound, errorHandler, routeOf, sendError, type ForbiddenHook } from './errors.js';
import { verifyJsonBody, requireOwnOrigin, requireWellFormedText } from './guards.js';
import { requestLogger } from './logging.js';
import { accountRouter } from './routes/account.js';
import { auditRouter } from './routes/audit.js';
import { authRouter, type AuthRouteOptions } from './routes/auth.js';
import { fhirRouter } from './routes/fhir.js';
import { dataOutRouter } from './routes/data-out.js';
import { flagsRouter } from './routes/flags.js';
import { invitationsRouter } from './routes/invitations.js';
import { overviewRouter } from './routes/overview.js';
import { patientsRouter } from './routes/patients.js';
import { programmesRouter } from './routes/programmes.js';
import { questionnairesRouter } from './routes/questionnaires.js';
import { referralsRouter } from './routes/referrals.js';
import { responsesRouter } from './routes/responses.js';
import { settingsRouter } from './routes/settings.js';
import { unitsRouter } from './routes/units.js';
import { usersRouter } from './routes/users.js';

export interface AppDeps extends ContextOptions {
  /** Cookies only over HTTPS; on in production. */
  secureCookies?: boolean;
  loginRateLimit?: AuthRouteOptions['loginRateLimit'];
  /** Largest accepted JSON body, e.g. "100kb". */
  bodyLimit?: string;
  /** Without a logger nothing is logged (tests). */
  log?: Logger;
  /** The built client (dist/client), served after /api when the folder exists. */
  clientDir?: string;
  /** Express "trust proxy" setting, when behind a reverse proxy (client addresses for the login rate limit). */
  trustProxy?: boolean | number | string;
}

export const DEFAULT_BODY_LIMIT = '100kb';

/** Every 403 is audited: who (if signed in) was refused what. */
function auditForbidden(ctx: ServiceContext): ForbiddenHook {
  return (req, res, code) =>
    recordAudit(ctx.db, (res.locals.staff as StaffActor | undefined) ?? null, ctx.now(), {
      action: 'access.denied', entityType: 'route', entityId: `${req.method} ${routeOf(req)}`, details: { code },
    });
}

/** A body must be JSON: anything else is 415, before it is parsed. */
const requireJson: RequestHandler = (req, res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is('application/json')) return sendError(res, 415, 'unsupported_media_type', 'Send the body as application/json');
  next();
};

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

export function createApp(deps: AppDeps): Express {
  const ctx = createServiceContext(deps);
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  // API answers are no-store: an ETag per response would be hashing for nothing.
  app.set('etag', false);
  app.use(
    helmet({
      // Over plain http (local use) an upgrade directive would break the client's own requests.
      // Styles and fonts from 'self' only (helmet's defaults also allow https: and inline styles).
      contentSecurityPolicy: { directives: { styleSrc: ["'self'"], fontSrc: ["'self'"], upgradeInsecureRequests: deps.secureCookies ? [] : null } },
    }),
  );
  if (deps.log) app.use(requestLogger(deps.log));

  const api = express.Router();
  const cookie = sessionCookie(deps.secureCookies ?? false);
  api.use(
    noStore,
    requireOwnOrigin(ctx.settings.publicUrl),
    requireJson,
    express.json({ limit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT, verify: verifyJsonBody }),
    requireWellFormedText,
    loadSession(ctx, cookie.name),
  );
  api.use(
    // The patients' routes first: they carry the most traffic.
    invitationsRouter(ctx),
    authRouter(ctx, { secureCookies: deps.secureCookies ?? false, loginRateLimit: deps.loginRateLimit ?? DEFAULT_LOGIN_LIMITS }),
    accountRouter(ctx),
    usersRouter(ctx),
    auditRouter(ctx),
    questionnairesRouter(ctx),
    patientsRouter(ctx),
    programmesRouter(ctx),
    flagsRouter(ctx),
    overviewRouter(ctx),
    referralsRouter(ctx),
    responsesRouter(ctx),
    settingsRouter(ctx),
    fhirRouter(ctx),
    dataOutRouter(ctx),
    unitsRouter(ctx),
  );
  api.use(apiNotFound);
  app.use('/api', api);

  if (deps.clientDir && existsSync(deps.clientDir)) app.use(clientAssets(deps.clientDir));
  app.use((_req, res) => sendError(res, 404, 'not_found', 'Not found'));
  app.use(errorHandler(deps.log, auditForbidden(ctx)));
  return app;
}

/** The Express app: security headers, JSON-only API under /api, staff sessions, routes, errors; the built client after /api. */
import { existsSync } from 'node:fs';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { createServiceContext, type ContextOptions } from '../services/create-context.js';
import { loadSession } from './auth.js';
import { clientAssets } from './client-assets.js';
import { apiNotFound, errorHandler, sendError } from './errors.js';
import { requestLogger, type Logger } from './logging.js';
import { auditRouter } from './routes/audit.js';
import { authRouter, type AuthRouteOptions } from './routes/auth.js';
import { flagsRouter } from './routes/flags.js';
import { invitationsRouter } from './routes/invitations.js';
import { overviewRouter } from './routes/overview.js';
import { patientsRouter } from './routes/patients.js';
import { questionnairesRouter } from './routes/questionnaires.js';
import { referralsRouter } from './routes/referrals.js';
import { settingsRouter } from './routes/settings.js';
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
export const DEFAULT_LOGIN_RATE_LIMIT = { windowMs: 15 * 60_000, limit: 10 };

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

/** The services' context for these deps (for code that calls services directly, e.g. seeding). */
export const contextOf = (deps: ContextOptions) => createServiceContext(deps);

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
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: deps.secureCookies ? [] : null } },
    }),
  );
  if (deps.log) app.use(requestLogger(deps.log));

  const api = express.Router();
  api.use(noStore, requireJson, express.json({ limit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT }), loadSession(ctx));
  api.use(
    // The patients' routes first: they carry the most traffic.
    invitationsRouter(ctx),
    authRouter(ctx, { secureCookies: deps.secureCookies ?? false, loginRateLimit: deps.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT }),
    usersRouter(ctx),
    auditRouter(ctx),
    questionnairesRouter(ctx),
    patientsRouter(ctx),
    flagsRouter(ctx),
    overviewRouter(ctx),
    referralsRouter(ctx),
    settingsRouter(ctx),
  );
  api.use(apiNotFound);
  app.use('/api', api);

  if (deps.clientDir && existsSync(deps.clientDir)) app.use(clientAssets(deps.clientDir));
  app.use((_req, res) => sendError(res, 404, 'not_found', 'Not found'));
  app.use(errorHandler(deps.log));
  return app;
}

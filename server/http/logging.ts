/**
 * The request log: one JSON line per request with the route pattern, status, time, the client's
 * address and the signed-in staff user's id (never a name); no bodies, URLs, tokens or patient data.
 */
import type { RequestHandler } from 'express';
import type { Logger } from '../logging.js';
import { routeOf } from './errors.js';

export function requestLogger(log: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const staffId = (res.locals.staff as { id?: string } | undefined)?.id;
      log({ msg: 'request', method: req.method, route: routeOf(req), status: res.statusCode, ms: Math.round(ms * 10) / 10, address: req.ip, ...(staffId ? { staffId } : {}) });
    });
    next();
  };
}

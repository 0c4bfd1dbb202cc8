/**
 * Structured logs: one JSON line per request with the route pattern, status, time, the client's
 * address and the signed-in staff user's id (never a name); no bodies, URLs, tokens or patient data.
 */
import type { RequestHandler } from 'express';
import { routeOf } from './errors.js';

export type LogEntry = Record<string, unknown> & { msg: string; level?: 'info' | 'warn' | 'error' };
export type Logger = (entry: LogEntry) => void;

export const jsonLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', ...entry })}\n`);
};

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

/**
 * Registers a route of the contract's table (server/contract/routes.ts) on a router: its method and
 * path, the check of who may call it, its request schemas, and its answer with the success status.
 * A route's roles are written only in the table.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z, ZodType } from 'zod';
import type { ParamName, ResponseOf, Route, Who } from '../contract/routes.js';
import { requireRole, signedInSession } from './auth.js';

type Parsed<S> = S extends ZodType ? z.output<S> : undefined;

/** What the handler gets: the parsed body and query, and the path's parameters by name. */
export interface RouteInput<R extends Route> {
  body: Parsed<R['body']>;
  query: Parsed<R['query']>;
  param: (name: ParamName<R['path']>) => string;
}

/** Returns the answer's body; a `raw` route writes its answer itself and returns nothing. */
export type RouteHandler<R extends Route> = (input: RouteInput<R>, req: Request, res: Response) => Promise<ResponseOf<R>> | ResponseOf<R>;

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

const anyone: RequestHandler = (_req, _res, next) => next();
const signedIn: RequestHandler = (_req, res, next) => {
  signedInSession(res);
  next();
};

function guard(who: Who): RequestHandler {
  if (who === 'anyone') return anyone;
  if (who === 'signed-in') return signedIn;
  return requireRole(...who);
}

function parse<S extends ZodType | undefined>(schema: S, value: unknown): Parsed<S>;
function parse(schema: ZodType | undefined, value: unknown): unknown {
  return schema ? schema.parse(value) : undefined;
}

export function on<R extends Route>(router: Router, route: R, handler: RouteHandler<R>): Router {
  return router[METHODS[route.method]](route.path.slice('/api'.length), guard(route.who), async (req, res) => {
    const input: RouteInput<R> = {
      body: parse<R['body']>(route.body, req.body),
      query: parse<R['query']>(route.query, req.query),
      param: (name) => String(req.params[name]),
    };
    const answer = await handler(input, req, res);
    if (route.raw) return;
    if (route.status === 204) res.status(204).end();
    else res.status(route.status ?? 200).json(answer);
  });
}

/** Every error becomes `{ error: { code, message, details? } }` here, in one place. */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import type { ApiErrorCode } from '../contract/errors.js';
import { MAX_JSON_DEPTH, type ErrorBody } from '../contract/responses.js';
import { AnswerValidationError } from '../domain/assessment.js';
import { ServiceError, type ServiceErrorKind } from '../services/errors.js';
import { isStorageUnavailable } from '../storage/database.js';
import type { Logger } from '../logging.js';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const STATUS_OF_KIND: Record<ServiceErrorKind, number> = {
  invalid: 422, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, gone: 410, unavailable: 503, rate_limited: 429, too_large: 413,
};

export function sendError(res: Response, status: number, code: ApiErrorCode, message: string, details?: unknown): void {
  res.status(status).json({ error: { code, message, ...(details === undefined ? {} : { details }) } } satisfies ErrorBody);
}

/** Errors thrown by body-parser carry a `type`. */
const BODY_ERRORS: Record<string, Answer> = {
  'entity.parse.failed': [400, 'malformed_json', 'The request body is not valid JSON'],
  'entity.too.large': [413, 'payload_too_large', 'The request body is too large'],
  'encoding.unsupported': [415, 'unsupported_media_type', 'Unsupported content encoding'],
  'charset.unsupported': [415, 'unsupported_media_type', 'Unsupported charset'],
  'request.aborted': [400, 'request_aborted', 'The request was aborted'],
  'entity.too.deep': [422, 'too_deep', `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`],
  'entity.invalid.utf8': [422, 'invalid_utf8', 'The request body is not valid UTF-8'],
};

type Answer = [status: number, code: ApiErrorCode, message: string, details?: unknown];

/** What a thrown error answers, or null for a bug (500). Messages are ours: never client data. */
function answerOf(error: unknown): Answer | null {
  if (error instanceof HttpError) return [error.status, error.code, error.message, error.details];
  if (error instanceof ServiceError) return [STATUS_OF_KIND[error.kind], error.code, error.message, error.details];
  if (error instanceof AnswerValidationError) return [422, 'invalid_answers', 'Some answers do not fit the questionnaire', error.problems];
  if (error instanceof ZodError) {
    // An unknown field is named by its own path ("site.fax"), like any other field in error.
    const details = error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => ({ path: [...i.path, key].join('.'), message: 'Unknown field' }))
        : [{ path: i.path.join('.') || '$', message: i.message }],
    );
    return [422, 'invalid_request', 'The request is not valid', details];
  }
  // A full disk, a read-only or vanished file, a database server gone: the request may work later.
  if (isStorageUnavailable(error)) return [503, 'storage_unavailable', 'The database is not available at the moment; try again shortly'];
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (known) return known;
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return [status, 'bad_request', 'The request could not be handled'];
  return null;
}

/** Called before every 403 is sent (to audit it); its own failure must not change the answer. */
export type ForbiddenHook = (req: Request, res: Response, code: string) => Promise<void>;

export function errorHandler(log?: Logger, onForbidden?: ForbiddenHook): ErrorRequestHandler {
  return async (error: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) return next(error);
    const answer = answerOf(error);
    if (!answer) {
      // Name and message only: never the request, which may hold answers or tokens.
      log?.({ level: 'error', msg: 'unhandled error', method: req.method, route: routeOf(req), error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), stack: error instanceof Error ? error.stack : undefined });
      return sendError(res, 500, 'internal_error', 'Something went wrong on the server');
    }
    const [status, code] = answer;
    if (status === 503) log?.({ level: 'error', msg: 'storage unavailable', method: req.method, route: routeOf(req), error: error instanceof Error ? `${String((error as { code?: unknown }).code ?? error.name)}: ${error.message}` : String(error) });
    if (status === 403 && onForbidden) {
      await onForbidden(req, res, code).catch((e: unknown) => log?.({ level: 'warn', msg: 'audit of a 403 failed', error: e instanceof Error ? e.message : String(e) }));
    }
    const retryAfter = (answer[3] as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    sendError(res, ...answer);
  };
}

/** For an /api path no route matched. */
export const apiNotFound: RequestHandler = (_req, res) => sendError(res, 404, 'not_found', 'No such API route');

/** The matched route pattern (never the raw URL, which can hold an invitation token). */
export function routeOf(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (!route?.path) return '(unmatched)';
  return req.originalUrl.startsWith('/api') ? `/api${String(route.path)}` : String(route.path);
}

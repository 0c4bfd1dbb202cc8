/** Guards before the routes: JSON nesting depth, well-formed text, and the Origin of state-changing requests. */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { hasLoneSurrogate } from '../contract/requests.js';
import { MAX_JSON_DEPTH } from '../contract/responses.js';
import { HttpError } from './errors.js';

const [OPEN_ARRAY, OPEN_OBJECT, CLOSE_ARRAY, CLOSE_OBJECT, QUOTE, BACKSLASH] = [0x5b, 0x7b, 0x5d, 0x7d, 0x22, 0x5c];

/**
 * express.json's `verify`: counts brackets outside strings in the raw body, so a body nested deeper
 * than MAX_JSON_DEPTH is refused (422 too_deep) before JSON.parse or any code recursing over it.
 */
function refuseDeepJson(_req: IncomingMessage, _res: unknown, body: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > MAX_JSON_DEPTH) throw Object.assign(new Error('JSON nested too deeply'), { type: 'entity.too.deep', status: 422 });
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth--;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * express.json's `verify` for invalid UTF-8: body-parser would replace each bad byte with U+FFFD
 * and store a text the client never sent. A body declared in another charset is left to
 * body-parser (it refuses all but the UTF family).
 */
function refuseInvalidUtf8(req: IncomingMessage, _res: unknown, body: Buffer): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return;
  try {
    strictUtf8.decode(body);
  } catch {
    throw Object.assign(new Error('Body is not valid UTF-8'), { type: 'entity.invalid.utf8', status: 422 });
  }
}

/** Every check of the raw JSON body, before it is parsed. */
export function verifyJsonBody(req: IncomingMessage, res: unknown, body: Buffer): void {
  refuseDeepJson(req, res, body);
  refuseInvalidUtf8(req, res, body);
}

/** Not text any store keeps as given: a lone surrogate (invalid UTF-8) or a NUL (PostgreSQL refuses it in text). */
const isMalformedText = (s: string): boolean => hasLoneSurrogate(s) || s.includes('\u0000');

/** The path of the first string (or key) in `value` that is malformed text, or null. */
function malformedTextAt(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return isMalformedText(value) ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (isMalformedText(key)) return path;
    const found = malformedTextAt(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Every string in a body must be well-formed Unicode without NUL: a lone surrogate would be stored
 * as invalid UTF-8 (or silently replaced), a NUL breaks PostgreSQL's text. Refused with 422, like
 * the contract's own rules, in every route.
 */
export const requireWellFormedText: RequestHandler = (req, _res, next) => {
  // Ids in the path and the query are text too (a %00 in an id reaches the database as a NUL).
  if (/%00/i.test(req.originalUrl)) throw new HttpError(422, 'invalid_request', 'The request is not valid', [{ path: '$url', message: 'must not contain a NUL character' }]);
  const at = malformedTextAt(req.body);
  if (at) throw new HttpError(422, 'invalid_request', 'The request is not valid', [{ path: at.join('.') || '$', message: 'must be well-formed Unicode text' }]);
  next();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request (sign-in included) whose Origin is another site's is refused (403
 * foreign_origin). Our origin is PUBLIC_URL's when set, else the request's own (Host). Requests
 * without an Origin (not from a browser's cross-site fetch or form) pass.
 */
export function requireOwnOrigin(publicUrl: string | undefined): RequestHandler {
  const fixed = publicUrl ? new URL(publicUrl).origin : undefined;
  return (req, _res, next) => {
    const origin = req.get('origin');
    if (origin === undefined || SAFE_METHODS.has(req.method)) return next();
    const own = fixed ?? `${req.protocol}://${req.get('host') ?? ''}`;
    if (origin !== own) throw new HttpError(403, 'foreign_origin', 'This request came from another site');
    next();
  };
}

import type { ApiErrorCode } from '../contract/errors.js';

/** What went wrong in a service, in terms the HTTP layer maps to a status (see http/errors.ts). */
export type ServiceErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'gone' | 'unavailable' | 'rate_limited' | 'too_large';

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly kind: ServiceErrorKind,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** 429 with Retry-After: too many requests (or, `too_many_attempts`, password tries); wait `retryAfterSeconds`. */
export function rateLimited(message: string, retryAfterMs: number, code: 'too_many_requests' | 'too_many_attempts' = 'too_many_requests'): ServiceError {
  return new ServiceError('rate_limited', code, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}

/**
 * Imported first by main.tsx, before any schema is made: zod compiles object parsers with
 * `new Function` unless told not to, and probing for that counts as a violation of the server's
 * Content-Security-Policy (script-src 'self', no eval) even though zod then falls back.
 */
import { z } from 'zod';

z.config({ jitless: true });

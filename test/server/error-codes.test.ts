/**
 * Every `error.code` the server can send is in the contract's list (issue 15), so the staff app
 * has a text for it. The types hold HttpError and ServiceError to the list; this scan also catches
 * a code written where the types do not look (a literal in a tuple, a cast).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../server/contract/errors.js';

const SERVER = path.resolve(import.meta.dirname, '..', '..', 'server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Codes as the server writes them: `new ServiceError('kind', 'code'`, `new HttpError(403, 'code'`, `sendError(res, 404, 'code'`, `[400, 'code', 'message']`. */
const PATTERNS = [
  /ServiceError\(\s*'[a-z_]+',\s*'([a-z_0-9]+)'/g,
  /HttpError\(\s*\d{3},\s*'([a-z_0-9]+)'/g,
  /sendError\(\s*\w+,\s*\d{3},\s*'([a-z_0-9]+)'/g,
  /\[\s*\d{3},\s*'([a-z_0-9]+)',\s*['`]/g,
];

function codesInServer(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(SERVER)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) for (const m of text.matchAll(pattern)) found.set(m[1]!, path.relative(SERVER, file));
  }
  return found;
}

describe('the API error codes', () => {
  it('lists every code the server writes', () => {
    const found = codesInServer();
    // The scan must see the server's codes at all (a pattern that matches nothing would pass vacuously).
    expect(found.size).toBeGreaterThan(25);
    const missing = [...found].filter(([code]) => !(API_ERROR_CODES as readonly string[]).includes(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists each code once', () => {
    expect(new Set(API_ERROR_CODES).size).toBe(API_ERROR_CODES.length);
  });
});

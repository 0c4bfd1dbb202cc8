/**
 * What the built pages load (dist/client, built by global-setup.ts): the patient's tablet never
 * downloads zod. The contract's schemas are the staff app's and the server's; the patient page
 * imports only the contract's plain types and constants.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CLIENT = path.resolve(import.meta.dirname, '..', '..', 'dist', 'client');

/** Names zod's classes carry in a minified bundle (`$constructor('$ZodType')`, `ZodError`) and its global registry. */
const ZOD = /\$ZodType|ZodError|__zod_global/;

/** Every script a page can load: its entry and preloads, then each chunk they import (statically, dynamically or by Vite's preload map). */
function scriptsOf(page: string): Map<string, string> {
  const html = readFileSync(path.join(CLIENT, page), 'utf8');
  const pending = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/assets\/([\w.-]+\.js)"/g)].map((m) => m[1]!);
  const scripts = new Map<string, string>();
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (scripts.has(name)) continue;
    const code = readFileSync(path.join(CLIENT, 'assets', name), 'utf8');
    scripts.set(name, code);
    for (const m of code.matchAll(/["'`](?:\.\/|assets\/)([\w.-]+\.js)["'`]/g)) pending.push(m[1]!);
  }
  return scripts;
}

function withZod(scripts: Map<string, string>): string[] {
  return [...scripts].filter(([, code]) => ZOD.test(code)).map(([name]) => name);
}

describe('the built client', () => {
  it('loads no zod on the patient page (entry, preloads and every chunk they import)', () => {
    const scripts = scriptsOf('answer.html');
    expect([...scripts.keys()].some((name) => name.startsWith('answer-'))).toBe(true);
    expect([...scripts.keys()].some((name) => name.startsWith('surveyjs-'))).toBe(true);
    expect(withZod(scripts)).toEqual([]);
  });

  it('finds zod in the staff app, which validates its forms with the contract', () => {
    expect(withZod(scriptsOf('staff.html')).length).toBeGreaterThan(0);
  });
});

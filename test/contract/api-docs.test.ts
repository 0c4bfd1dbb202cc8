/**
 * docs/api.md's route table is rendered from the contract's route table: a route added, removed or
 * given other roles there fails this test until the documentation says the same.
 * `UPDATE_API_DOCS=1 npx vitest run test/contract/api-docs.test.ts` rewrites the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ROLES } from '../../server/contract/codes.js';
import { ROUTES, type RouteSpec, type UnitAccess, type Who } from '../../server/contract/routes.js';

const DOC = new URL('../../docs/api.md', import.meta.url);
const START = '<!-- routes: rendered from server/contract/routes.ts by test/contract/api-docs.test.ts -->';
const END = '<!-- /routes -->';

const ROLE_NAMES = { nurse: 'nurse', palliative_team: 'palliative team', admin: 'admin' } as const;

function who(value: Who): string {
  if (value === 'anyone') return 'anyone';
  if (value === 'signed-in') return 'signed in';
  return value === ROLES ? 'any staff role' : value.map((role) => ROLE_NAMES[role]).join(', ');
}

/** The unit column (issue 24): whose data the route reaches besides the role's check (server/contract/routes.ts UnitAccess). */
const UNIT_WORDS: Record<UnitAccess, string> = {
  patient: "the patient's units (else 404)",
  units: 'own units only',
  receiving: "the referral's unit (else 404)",
  managed: 'managed units (else 404)',
  site: 'site admin',
};

function row(route: RouteSpec): string {
  return `| \`${route.method} ${route.path}\` | ${who(route.who)} | ${route.unit ? UNIT_WORDS[route.unit] : '–'} | ${route.status ?? 200} | ${route.summary} |`;
}

function renderRouteTable(): string {
  return ['| route | who | unit | success | what |', '|---|---|---|---|---|', ...Object.values(ROUTES).map(row)].join('\n');
}

it("docs/api.md's route table is the contract's", () => {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  expect(start, `docs/api.md has no ${START} marker`).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const table = renderRouteTable();
  const documented = doc.slice(start + START.length, end).trim();
  if (documented !== table && process.env.UPDATE_API_DOCS === '1') {
    writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`);
    return;
  }
  expect(documented, 'docs/api.md differs from server/contract/routes.ts: run UPDATE_API_DOCS=1 npx vitest run test/contract/api-docs.test.ts').toBe(table);
});

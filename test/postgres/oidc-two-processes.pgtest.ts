/**
 * Sign-in through the identity provider (issue 24) across two server processes on one PostgreSQL
 * database: the sign-in started at process A (its state, nonce and PKCE verifier in oidc_logins)
 * is finished by the provider's redirect to process B, once. A real OpenID provider runs in this
 * process (test/server/oidc-provider.ts). Run by `npm run test:postgres` (TEST_DATABASE_URL).
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { updateSiteSettings } from '../../server/services/settings.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { PASSWORD } from '../server/helpers.js';
import { TestBrowser } from '../server/oidc-browser.js';
import { startTestProvider, type TestProvider } from '../server/oidc-provider.js';
import { signalServerProcess, startServerProcess } from '../server/server-process.js';
import { freshDatabase, onPostgres, type TestDatabase } from '../server/test-database.js';

let database: TestDatabase;
let provider: TestProvider;
const children: ChildProcess[] = [];
let a: string;
let b: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  if (!onPostgres) throw new Error('Run by `npm run test:postgres` (TEST_DATABASE_URL=postgres://...)');
  database = await freshDatabase();
  const [portA, portB] = [await freePort(), await freePort()];
  // The provider sends every sign-in back to process B.
  const redirectUri = `http://127.0.0.1:${portB}/api/auth/oidc/callback`;
  provider = await startTestProvider({ redirectUri, postLogoutRedirectUri: `http://127.0.0.1:${portB}/` });
  provider.accounts.set('anne', { password: 'anne-pw', claims: { preferred_username: 'anne', groups: ['nurses'] }, amr: ['pwd'] });
  const ctx = createServiceContext({ db: database.db, questionnaires: new Map() });
  const admin = await createStaffUser(ctx, null, { username: 'admin', password: PASSWORD, role: 'admin' });
  await updateSiteSettings(ctx, { type: 'staff', ...admin }, { oidc: { groups: [{ group: 'nurses', role: 'nurse', unitIds: [] }] } });
  const env = { DATABASE_URL: database.url, SCHEDULER_TICK_SECONDS: '0', OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret, OIDC_REDIRECT_URI: redirectUri };
  const started = await Promise.all([startServerProcess({ ...env, PORT: String(portA) }), startServerProcess({ ...env, PORT: String(portB) })]);
  children.push(...started.map((s) => s.child));
  a = started[0].url;
  b = started[1].url;
});
afterAll(async () => {
  for (const child of children) await signalServerProcess(child, 'SIGTERM');
  await provider?.close();
  await database?.drop();
});

it('a sign-in started at process A is finished at process B, which spends its state', async () => {
  const browser = new TestBrowser();
  const atProvider = await browser.go(`${a}/api/auth/oidc/start?returnTo=/worklist`);
  expect(atProvider.url.origin).toBe(provider.issuer);
  const caught = await browser.go(atProvider.url.href, { method: 'POST', form: { login: 'anne', password: 'anne-pw' } }, (next) => next.pathname === '/api/auth/oidc/callback');
  expect(caught.url.origin).toBe(b);
  const inFlight = () => database.db.selectFrom('oidc_logins').select('state_hash').execute();
  expect(await inFlight()).toHaveLength(1);
  const back = await browser.go(caught.url.href);
  expect(back.url.href).toBe(`${b}/worklist`);
  // One session, valid at both processes (one database).
  expect((await browser.api(`${b}/api/auth/me`)).json).toMatchObject({ user: { username: 'anne', role: 'nurse' } });
  expect((await browser.api(`${a}/api/auth/me`)).status).toBe(200);
  // B took the state A stored: it is gone, and the same callback at process A is refused.
  expect(await inFlight()).toEqual([]);
  const replay = await browser.go(`${a}/api/auth/oidc/callback${caught.url.search}`);
  expect(replay.url.searchParams.get('signInRefused')).toBe('unknown_state');
});

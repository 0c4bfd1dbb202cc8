/**
 * Two server processes on one PostgreSQL database share the sign-in limits (rate_limits table,
 * services/rate-limits.ts): failures counted by process A refuse the next try at process B, per
 * address (10 failures in 15 minutes) and per account (over 10, one try a minute from anywhere).
 * Both run behind "one proxy" (TRUST_PROXY=1), so X-Forwarded-For names the client address.
 * Run by `npm run test:postgres` (TEST_DATABASE_URL).
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { DEFAULT_LOGIN_LIMITS } from '../../server/services/password-tries.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { PASSWORD } from '../server/helpers.js';
import { signalServerProcess, startServerProcess } from '../server/server-process.js';
import { freshDatabase, onPostgres, type TestDatabase } from '../server/test-database.js';

let database: TestDatabase;
const children: ChildProcess[] = [];
let a: string;
let nurseC: string;
let b: string;

async function startServer(): Promise<string> {
  const { child, url } = await startServerProcess({ DATABASE_URL: database.url, TRUST_PROXY: '1', SCHEDULER_TICK_SECONDS: '0' });
  children.push(child);
  return url;
}

const login = (server: string, from: string, username: string, password: string) =>
  fetch(`${server}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ username, password }),
  });

beforeAll(async () => {
  if (!onPostgres) throw new Error('Run by `npm run test:postgres` (TEST_DATABASE_URL=postgres://...)');
  database = await freshDatabase();
  const ctx = createServiceContext({ db: database.db, questionnaires: new Map() });
  for (const username of ['nurse-a', 'nurse-b']) await createStaffUser(ctx, null, { username, password: PASSWORD, role: 'nurse' });
  nurseC = (await createStaffUser(ctx, null, { username: 'nurse-c', password: PASSWORD, role: 'nurse' })).id;
  [a, b] = await Promise.all([startServer(), startServer()]);
});
afterAll(async () => {
  for (const child of children) await signalServerProcess(child, 'SIGTERM');
  await database?.drop();
});

describe('sign-in limits across two server processes on one PostgreSQL database', () => {
  it(`${DEFAULT_LOGIN_LIMITS.limit} failures from one address at process A: process B refuses that address (429), not another`, async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.limit; i++) expect((await login(a, '203.0.113.1', `nobody-${i}`, 'wrong password')).status).toBe(401);
    const refused = await login(b, '203.0.113.1', 'nurse-a', PASSWORD);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(DEFAULT_LOGIN_LIMITS.windowMs / 1000);
    expect((await login(b, '203.0.113.2', 'nurse-a', PASSWORD)).status).toBe(200);
  });

  it(`an account with ${DEFAULT_LOGIN_LIMITS.limit} failures at process A is slowed at process B too (429, Retry-After at most 60 s)`, async () => {
    // A new address per try: only the account's count adds up.
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.limit; i++) expect((await login(a, `198.51.100.${i}`, 'nurse-b', 'wrong password')).status).toBe(401);
    // Over its limit, the account gets one try a minute: A lets this one through (and it fails)...
    expect((await login(a, '198.51.100.50', 'nurse-b', 'wrong password')).status).toBe(401);
    // ...so B refuses the next, even with the right password and from yet another address.
    const slowed = await login(b, '198.51.100.51', 'nurse-b', PASSWORD);
    expect(slowed.status).toBe(429);
    const retryAfter = Number(slowed.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another account is not affected.
    expect((await login(b, '198.51.100.51', 'nurse-a', PASSWORD)).status).toBe(200);
  });

  it(`40 concurrent wrong passwords for one account from one address, half at each process: at most ${DEFAULT_LOGIN_LIMITS.limit} are tried, the rest 429 too_many_attempts`, async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? a : b, '192.0.2.9', 'nurse-c', 'wrong password')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(DEFAULT_LOGIN_LIMITS.limit);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40 - DEFAULT_LOGIN_LIMITS.limit);
    for (const r of answers.filter((x) => x.status === 429)) {
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const failed = await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'auth.login_failed').where('entity_id', '=', nurseC).executeTakeFirstOrThrow();
    expect(Number(failed.n)).toBeLessThanOrEqual(DEFAULT_LOGIN_LIMITS.limit);
  });
});

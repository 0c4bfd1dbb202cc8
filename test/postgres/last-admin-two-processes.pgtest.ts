/**
 * Two server processes on one PostgreSQL database: two admins, each signed in at another process,
 * disable each other at the same moment (issue 21). Without a lock each transaction counted the
 * other admin as still enabled (the other's change not yet committed) and both committed: no enabled
 * admin was left. To make "the same moment" certain, the test holds the admins' rows locked until
 * both requests wait for them, then lets them go together.
 * Run by `npm run test:postgres` (TEST_DATABASE_URL).
 */
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { PASSWORD } from '../server/helpers.js';
import { signalServerProcess, startServerProcess } from '../server/server-process.js';
import { freshDatabase, onPostgres, type TestDatabase } from '../server/test-database.js';

let database: TestDatabase;
const children: ChildProcess[] = [];
const admins: { id: string; username: string }[] = [];
let servers: string[];

async function startServer(): Promise<string> {
  const { child, url } = await startServerProcess({ DATABASE_URL: database.url, SCHEDULER_TICK_SECONDS: '0' });
  children.push(child);
  return url;
}

async function signIn(server: string, username: string): Promise<string> {
  const res = await fetch(`${server}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const disable = (server: string, cookie: string, id: string) =>
  fetch(`${server}/api/users/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ disabled: true }) });

/** Backends of this database waiting for a lock (the two requests, once both are blocked). */
async function waitingForLocks(): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(database.db);
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  if (!onPostgres) throw new Error('Run by `npm run test:postgres` (TEST_DATABASE_URL=postgres://...)');
  database = await freshDatabase();
  const ctx = createServiceContext({ db: database.db, questionnaires: new Map() });
  for (const username of ['admin-a', 'admin-b']) admins.push(await createStaffUser(ctx, null, { username, password: PASSWORD, role: 'admin' }));
  servers = await Promise.all([startServer(), startServer()]);
});
afterAll(async () => {
  for (const child of children) await signalServerProcess(child, 'SIGTERM');
  await database?.drop();
});

describe('the last enabled admin across two server processes on one PostgreSQL database', () => {
  it('two admins disabling each other at once: one succeeds, the other gets 409 last_admin, one admin stays enabled', async () => {
    const [a, b] = admins as [(typeof admins)[0], (typeof admins)[0]];
    const cookieA = await signIn(servers[0]!, a.username);
    const cookieB = await signIn(servers[1]!, b.username);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = database.db.transaction().execute(async (tx) => {
      await sql`select id from staff_users where role = 'admin' for update`.execute(tx);
      locked();
      await released;
    });
    await holding;
    const requests = [disable(servers[0]!, cookieA, b.id), disable(servers[1]!, cookieB, a.id)];
    while ((await waitingForLocks()) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await holder;
    const answers = await Promise.all(requests);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('last_admin');
    const enabled = await database.db.selectFrom('staff_users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
    expect(enabled).toHaveLength(1);
  });
});

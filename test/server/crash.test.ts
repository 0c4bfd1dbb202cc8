/**
 * A response acknowledged with 201 survives a crash: run the real server (`npx tsx server/main.ts`)
 * as a child process, submit, SIGKILL it at once, start it again on the same database file, and look.
 * npx and tsx each start a child process, so the server runs in its own process group and the
 * SIGKILL goes to the whole group: otherwise only the wrapper would die and the server live on.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { openDatabase } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { PASSWORD, tempDir } from './helpers.js';
import { signalServerProcess, startServerProcess, type ServerProcess } from './server-process.js';

let dir: string;
let databaseUrl: string;
const children = new Set<ChildProcess>();

/** Starts `tsx server/main.ts` on this test's database; resolves with its URL once it listens. */
async function startChild(): Promise<ServerProcess> {
  const started = await startServerProcess({ DATABASE_URL: databaseUrl });
  children.add(started.child);
  return started;
}

const kill = signalServerProcess;

/** True once nothing accepts connections at the URL any more (the server process is dead). */
async function refusesConnections(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await fetch(`${url}/api/auth/me`);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function call(url: string, method: string, pathname: string, body?: unknown, cookie?: string) {
  const res = await fetch(url + pathname, {
    method,
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(cookie ? { Cookie: cookie } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

beforeAll(async () => {
  dir = tempDir('lindring-crash-');
  databaseUrl = path.join(dir, 'lindring.sqlite');
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db);
  await createStaffUser(createServiceContext({ db, questionnaires: new Map() }), null, { username: 'nurse', password: PASSWORD, role: 'nurse' });
  await db.destroy();
});
afterAll(async () => {
  for (const child of children) await kill(child, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('durability', () => {
  it('keeps an acknowledged response and its flag after SIGKILL right after the 201', async () => {
    const first = await startChild();
    const login = await call(first.url, 'POST', '/api/auth/login', { username: 'nurse', password: PASSWORD });
    expect(login.status).toBe(200);
    const cookie = login.cookie!;
    const patient = await call(first.url, 'POST', '/api/patients', { externalId: 'crash-1', name: 'Crash Test' }, cookie);
    const invitation = await call(first.url, 'POST', '/api/invitations', { patientId: patient.body.id, questionnaireId: 'palliative-needs', trigger: 'other' }, cookie);
    expect(invitation.status).toBe(201);
    const answers = { c1: 1, c2: 1, c3: 1, c4: 1, c5: 4, c6: 1, c7: 1, c8: 1, c9: 1, c10: 1, c11: 1, c12: 4, c13: 1, c14: 1, relatives_worry: 1, relatives_strain: 1, practical_problems: 1, financial_problems: 1, cannot_cope: 1, lost_meaning: 1, fear_future: 1, faith_concerns: 1, c15: 4, contact_wish: ['none'] };
    const id = randomUUID();
    const submitted = await call(first.url, 'POST', `/api/invitations/${invitation.body.token}/responses`, { id, answers });
    expect(submitted.status).toBe(201);
    await kill(first.child, 'SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(await refusesConnections(first.url)).toBe(true);

    const second = await startChild();
    const again = await call(second.url, 'POST', '/api/auth/login', { username: 'nurse', password: PASSWORD });
    const flags = await call(second.url, 'GET', '/api/flags', undefined, again.cookie);
    expect(flags.status).toBe(200);
    expect(flags.body.items).toEqual([expect.objectContaining({ responseId: submitted.body.responseId, level: 'basic', patient: expect.objectContaining({ externalId: 'crash-1' }) })]);
    const detail = await call(second.url, 'GET', `/api/flags/${flags.body.items[0].id}`, undefined, again.cookie);
    expect(detail.body.answers.find((a: { question: string }) => a.question === 'c5').value).toBe(4);
    // The token stays spent, and a retry gets the same answer.
    expect((await call(second.url, 'GET', `/api/invitations/${invitation.body.token}`)).status).toBe(410);
    expect((await call(second.url, 'POST', `/api/invitations/${invitation.body.token}/responses`, { id, answers })).body).toEqual(submitted.body);
    await kill(second.child, 'SIGTERM');
    expect(await refusesConnections(second.url)).toBe(true);
  }, 60_000);
});

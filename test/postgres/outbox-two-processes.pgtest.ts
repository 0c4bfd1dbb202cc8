/**
 * Two server processes on one PostgreSQL database, both running the scheduler: every reminder is
 * written once and every message is sent once (reminders advance by a conditional UPDATE, messages
 * are claimed with FOR UPDATE SKIP LOCKED). Run by `npm run test:postgres` (TEST_DATABASE_URL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { enqueueMessage } from '../../server/services/notifications.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { PASSWORD } from '../server/helpers.js';
import { startWebhookReceiver } from '../server/notification-receivers.js';
import { freshDatabase, onPostgres, type TestDatabase } from '../server/test-database.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const REMINDERS = 60;
const ESCALATIONS = 240;
let database: TestDatabase;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
const children: ChildProcess[] = [];

function startServerProcess(): Promise<ChildProcess> {
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env, DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test',
      PUBLIC_URL: 'https://pro.example.org', NOTIFY_WEBHOOK_URL: webhook.url, SCHEDULER_TICK_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('"listening"')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening: ${err}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

beforeAll(async () => {
  if (!onPostgres) throw new Error('Run by `npm run test:postgres` (TEST_DATABASE_URL=postgres://...)');
  webhook = await startWebhookReceiver();
  database = await freshDatabase();
  const { db } = database;
  const nurse = await createStaffUser(createServiceContext({ db, questionnaires: new Map() }), null, { username: 'nurse', password: PASSWORD, role: 'nurse' });
  // Invitations four days old: the first reminder (P3D) is due for each.
  const created = new Date(Date.now() - 4 * 86_400_000).toISOString();
  const expires = new Date(Date.now() + 10 * 86_400_000).toISOString();
  for (let i = 0; i < REMINDERS; i++) {
    const patientId = randomUUID();
    await db.insertInto('patients').values({ id: patientId, external_id: `pg-${i}`, name: `Patient ${i}`, mobile: `+45${20000000 + i}`, email: null, created_at: created, created_by: nurse.id }).execute();
    await db.insertInto('invitations').values({
      id: randomUUID(), token_hash: randomUUID(), patient_id: patientId, questionnaire_id: 'palliative-needs', trigger: 'other', created_by: nurse.id,
      created_at: created, expires_at: expires, answered_at: null, draft_answers: null, draft_locale: null, draft_saved_at: null, last_reminder_at: null,
    }).execute();
  }
  for (let i = 0; i < ESCALATIONS; i++) {
    await enqueueMessage(db, { kind: 'escalation', channel: 'webhook', to: 'team-lead', subject: 'Overdue', text: 'A flag is overdue.', dedupeKey: `escalation:${i}` }, { id: randomUUID(), now: new Date() });
  }
});
afterAll(async () => {
  for (const child of children) await stop(child);
  await webhook?.close();
  await database?.drop();
});

describe('two server processes on one PostgreSQL database', () => {
  it('send every reminder and every message exactly once', async () => {
    await Promise.all([startServerProcess(), startServerProcess()]);
    await webhook.received(REMINDERS + ESCALATIONS);
    // Stopping waits for a tick in progress, so a duplicate would have arrived by now.
    for (const child of children) await stop(child);

    const keys = webhook.calls.map((c) => c.dedupeKey);
    expect(keys).toHaveLength(REMINDERS + ESCALATIONS);
    expect(new Set(keys).size).toBe(REMINDERS + ESCALATIONS);
    expect(keys.filter((k) => k.startsWith('reminder:'))).toHaveLength(REMINDERS);
    const statuses = await database.db.selectFrom('outbox_messages').select('status').execute();
    expect(statuses.every((r) => r.status === 'sent')).toBe(true);
    expect(await database.db.selectFrom('invitations').select('reminders_sent').where('reminders_sent', '!=', 1).execute()).toEqual([]);
  });
});

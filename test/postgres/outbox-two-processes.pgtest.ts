/**
 * Two server processes on one PostgreSQL database, both running the scheduler: every reminder is
 * written once and every message is sent once (reminders advance by a conditional UPDATE, messages
 * are claimed with FOR UPDATE SKIP LOCKED). Run by `npm run test:postgres` (TEST_DATABASE_URL).
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { enqueueMessage } from '../../server/services/notifications.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { PASSWORD } from '../server/helpers.js';
import { startWebhookReceiver } from '../server/notification-receivers.js';
import { signalServerProcess, startServerProcess } from '../server/server-process.js';
import { freshDatabase, onPostgres, type TestDatabase } from '../server/test-database.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';

const REMINDERS = 60;
const ESCALATIONS = 240;
let database: TestDatabase;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
const children: ChildProcess[] = [];

async function startServer(): Promise<ChildProcess> {
  const { child } = await startServerProcess({
    DATABASE_URL: database.url, PUBLIC_URL: 'https://pro.example.org', NOTIFY_WEBHOOK_URL: webhook.url, SCHEDULER_TICK_SECONDS: '1',
  });
  children.push(child);
  return child;
}

const stop = (child: ChildProcess) => signalServerProcess(child, 'SIGTERM');

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
      created_at: created, expires_at: expires, answered_at: null, draft_answers: null, draft_locale: null, draft_saved_at: null, last_reminder_at: null, unit_id: DEFAULT_UNIT_ID,
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
    await Promise.all([startServer(), startServer()]);
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

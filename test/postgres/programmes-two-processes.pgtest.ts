/**
 * Programmes (issue 25) with several server processes on one PostgreSQL database: each due
 * occurrence becomes one invitation, once, when two processes tick at the same moment, and when a
 * process is killed (SIGKILL) mid-way and others take over. The enrolments' cursors move by
 * compare-and-set; UNIQUE (enrolment, due time) stands behind it. Run by `npm run test:postgres`.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { PASSWORD } from '../server/helpers.js';
import { startWebhookReceiver } from '../server/notification-receivers.js';
import { signalServerProcess, startServerProcess } from '../server/server-process.js';
import { freshDatabase, onPostgres, type TestDatabase } from '../server/test-database.js';

const ENROLMENTS = 400;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
const children: ChildProcess[] = [];
const databases: TestDatabase[] = [];

/** A short lease: the messages the killed process had claimed are another's to send after it. */
async function startServer(database: TestDatabase): Promise<ChildProcess> {
  const { child } = await startServerProcess({
    DATABASE_URL: database.url, PUBLIC_URL: 'https://pro.example.org', NOTIFY_WEBHOOK_URL: webhook.url, SCHEDULER_TICK_SECONDS: '1', NOTIFY_LEASE_SECONDS: '3',
  });
  children.push(child);
  return child;
}

/** A database with ENROLMENTS active enrolments whose first occurrence is due now (daily programme: nothing more comes due during the test). */
async function databaseWithDueEnrolments(): Promise<TestDatabase> {
  const database = await freshDatabase();
  databases.push(database);
  const { db } = database;
  const nurse = await createStaffUser(createServiceContext({ db, questionnaires: new Map() }), null, { username: 'nurse', password: PASSWORD, role: 'nurse' });
  const now = new Date(Date.now() - 60_000).toISOString();
  await db.insertInto('programmes').values({
    id: 'daily', name_da: 'Dagligt', name_en: 'Daily', questionnaire_id: 'palliative-needs', schedule: JSON.stringify({ every: 'P1D' }), trigger: 'status_conversation',
    open_for: 'PT12H', when_open: 'skip', created_at: now, updated_at: now,
  }).execute();
  for (let i = 0; i < ENROLMENTS; i++) {
    const patientId = randomUUID();
    await db.insertInto('patients').values({ id: patientId, external_id: `pg-${i}`, name: `Patient ${i}`, mobile: `+45${20000000 + i}`, email: null, created_at: now, created_by: nurse.id }).execute();
    await db.insertInto('enrolments').values({
      id: randomUUID(), patient_id: patientId, programme_id: 'daily', status: 'active', reason: null, start_at: now, next_index: 0, next_due_at: now,
      created_by: nurse.id, created_at: now, updated_at: now,
    }).execute();
  }
  return database;
}

async function expectEachOccurrenceOnce(database: TestDatabase): Promise<void> {
  const { db } = database;
  const occurrences = await db.selectFrom('occurrences').select(['enrolment_id', 'invitation_id']).execute();
  expect(occurrences).toHaveLength(ENROLMENTS);
  expect(new Set(occurrences.map((o) => o.enrolment_id)).size).toBe(ENROLMENTS);
  expect(occurrences.every((o) => o.invitation_id !== null)).toBe(true);
  expect(await db.selectFrom('invitations').select('id').execute()).toHaveLength(ENROLMENTS);
  expect(await db.selectFrom('enrolments').select('id').where('next_index', '!=', 1).execute()).toEqual([]);
}

beforeAll(async () => {
  if (!onPostgres) throw new Error('Run by `npm run test:postgres` (TEST_DATABASE_URL=postgres://...)');
  webhook = await startWebhookReceiver();
});
afterAll(async () => {
  for (const child of children) await signalServerProcess(child, 'SIGTERM');
  await webhook?.close();
  for (const database of databases) await database.drop();
});

describe('programme occurrences with several server processes on one PostgreSQL database', () => {
  it('two processes make each occurrence once and send each link once', async () => {
    webhook.calls.length = 0;
    const database = await databaseWithDueEnrolments();
    const pair = await Promise.all([startServer(database), startServer(database)]);
    await webhook.received(ENROLMENTS);
    // Stopping waits for a tick in progress, so a duplicate would have arrived by now.
    for (const child of pair) await signalServerProcess(child, 'SIGTERM');
    await expectEachOccurrenceOnce(database);
    const keys = webhook.calls.map((c) => c.dedupeKey);
    expect(keys).toHaveLength(ENROLMENTS);
    expect(new Set(keys).size).toBe(ENROLMENTS);
  });

  it('a process killed (SIGKILL) while ticking leaves nothing half-made: the others make each occurrence once', async () => {
    webhook.calls.length = 0;
    const database = await databaseWithDueEnrolments();
    const first = await startServer(database);
    // Killed as soon as its first links go out: its tick may be anywhere.
    await webhook.received(1);
    await signalServerProcess(first, 'SIGKILL');
    const others = await Promise.all([startServer(database), startServer(database)]);
    await expect.poll(async () => (await database.db.selectFrom('occurrences').select('id').execute()).length, { timeout: 60_000, interval: 200 }).toBe(ENROLMENTS);
    await expect.poll(() => new Set(webhook.calls.map((c) => c.dedupeKey)).size, { timeout: 60_000, interval: 200 }).toBe(ENROLMENTS);
    for (const child of others) await signalServerProcess(child, 'SIGTERM');
    await expectEachOccurrenceOnce(database);
  });
});

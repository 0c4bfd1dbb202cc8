/**
 * No usable link at rest (issue 21): every token that was ever in a link the server handed out (the
 * invitation's own, and each reminder's, captured where the SMTP server and the webhook received
 * them) is absent from the database: on SQLite the raw bytes of the file and its WAL, on PostgreSQL
 * every row of every table. And the outbox forgets finished messages after the retention setting.
 */
import { readFileSync, existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { migrations } from '../../migrations/index.js';
import type { ServiceContext } from '../../server/services/context.js';
import { removeStaleData } from '../../server/services/housekeeping.js';
import { enqueueMessage } from '../../server/services/notifications.js';
import { runSchedulerTick, type SchedulerContext } from '../../server/services/scheduler.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { createSchedulerTestServer, DAY, MINUTE, type TestServer } from './helpers.js';
import { receiversForTests } from './notification-receivers.js';
import { freshDatabase, onPostgres } from './test-database.js';

const PUBLIC_URL = 'https://pro.example.org';
let server: TestServer;
let ctx: ServiceContext;
let scheduler: SchedulerContext;

const receivers = receiversForTests();
beforeEach(async () => {
  const settings = { publicUrl: PUBLIC_URL, smtpUrl: receivers.smtp.url, notifyWebhookUrl: receivers.webhook.url };
  // The site settings from the database, as the server reads them.
  ({ server, ctx, scheduler } = await createSchedulerTestServer({ settings }));
}, 60_000);
afterEach(() => server.close());

const TOKEN_IN_LINK = /\/answer\/([A-Za-z0-9_-]{20,})/g;

/** What the database holds: on SQLite the file and its WAL byte for byte, on PostgreSQL every row of every table as text. */
async function storedText(): Promise<string> {
  if (!onPostgres) {
    return [server.url, `${server.url}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('\n');
  }
  const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = 'public'`.execute(server.db);
  const parts: string[] = [];
  for (const { tablename } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(tablename)} t`.execute(server.db);
    parts.push(...rows.rows.map((r) => r.row));
  }
  return parts.join('\n');
}

describe('tokens at rest', () => {
  it('keeps no token of any link it sent or handed out in the database, its WAL or freed pages', async () => {
    const nurse = await server.as('nurse');
    const admin = await server.as('admin');
    await admin.put('/api/settings').send({ reminders: ['PT1M', 'PT2M'] }).expect(200);
    const handedOut: string[] = [];
    for (const contact of [{ email: 'karen@example.org', mobile: '+4520304050' }, { mobile: '+4520304051' }]) {
      const patient = await nurse.post('/api/patients').send({ externalId: `ext-${randomUUID()}`, name: 'Karen Jensen', ...contact }).expect(201);
      const invitation = await nurse.post('/api/invitations').send({ patientId: patient.body.id, questionnaireId: 'minimal', trigger: 'deterioration' }).expect(201);
      handedOut.push(invitation.body.token as string);
      await server.request.put(`/api/invitations/${invitation.body.token}/draft`).send({ answers: { pain: 2 } }).expect(204);
    }

    // The first attempt fails (a retry makes a link too), then every reminder of both steps goes out.
    receivers.webhook.state.status = 500;
    server.clock.advance(MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 2, sent: 1, retrying: 2 });
    receivers.webhook.state.status = 204;
    server.clock.advance(MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 2, sent: 5, retrying: 0 });

    const sent = [...receivers.smtp.mails.map((m) => m.text), ...receivers.webhook.calls.map((c) => `${c.text} ${c.link ?? ''}`)].join('\n');
    const reminderTokens = [...new Set([...sent.matchAll(TOKEN_IN_LINK)].map((m) => m[1]!))];
    expect(reminderTokens.length).toBeGreaterThanOrEqual(4);
    // They are working links to the patient's draft.
    for (const token of reminderTokens) expect((await server.request.get(`/api/invitations/${token}`).expect(200)).body.draft).toEqual({ answers: { pain: 2 } });

    const stored = await storedText();
    expect(stored).toContain('karen@example.org'); // the scan does see the data
    for (const token of [...handedOut, ...reminderTokens]) expect(stored.includes(token), `token ${token.slice(0, 6)}… is stored`).toBe(false);
    // SQLite zeroes what is deleted or overwritten (PostgreSQL has no such switch; its rows are checked above).
    if (!onPostgres) expect((await sql<{ secure_delete: number }>`pragma secure_delete`.execute(server.db)).rows).toEqual([{ secure_delete: 1 }]);

    // 2 e-mails (patient 1, two steps) and 6 webhook calls (2 failed tries, their retries, step 2), each with its own link.
    expect(receivers.smtp.mails).toHaveLength(2);
    expect(receivers.webhook.calls).toHaveLength(6);
    expect(reminderTokens).toHaveLength(8);
  });

});

describe('outbox retention', () => {
  it('deletes finished messages once the retention setting has passed and keeps recent and unsent ones', async () => {
    const write = (key: string) =>
      enqueueMessage(server.db, { kind: 'escalation', channel: 'webhook', to: 'team@example.org', subject: 'Overdue', text: 'A flag is overdue.', dedupeKey: key }, { id: randomUUID(), now: server.clock.now() });
    await write('old-sent');
    await write('old-failed');
    await write('old-cancelled');
    await write('old-pending');
    await server.db.updateTable('outbox_messages').set({ status: 'sent', sent_at: server.clock.now().toISOString() }).where('dedupe_key', '=', 'old-sent').execute();
    await server.db.updateTable('outbox_messages').set({ status: 'failed' }).where('dedupe_key', '=', 'old-failed').execute();
    await server.db.updateTable('outbox_messages').set({ status: 'cancelled' }).where('dedupe_key', '=', 'old-cancelled').execute();
    await server.db.updateTable('outbox_messages').set({ next_attempt_at: new Date(server.clock.now().getTime() + 60 * DAY).toISOString() }).where('dedupe_key', '=', 'old-pending').execute();
    server.clock.advance(20 * DAY);
    await write('recent-sent');
    await server.db.updateTable('outbox_messages').set({ status: 'sent', sent_at: server.clock.now().toISOString() }).where('dedupe_key', '=', 'recent-sent').execute();

    const keys = async () => (await server.db.selectFrom('outbox_messages').select('dedupe_key').orderBy('dedupe_key').execute()).map((r) => r.dedupe_key);
    server.clock.advance(9 * DAY);
    expect(await removeStaleData(ctx)).toMatchObject({ messagesDeleted: 0 });
    server.clock.advance(2 * DAY); // 31 days: past the default P30D
    expect(await removeStaleData(ctx)).toMatchObject({ messagesDeleted: 3 });
    expect(await keys()).toEqual(['old-pending', 'recent-sent']);

    // An admin shortens it (audited); the scheduler's tick purges.
    const admin = await server.as('admin');
    await admin.put('/api/settings').send({ retention: { sentMessages: 'P7D' } }).expect(200);
    const audit = await server.db.selectFrom('audit_log').select('details').where('action', '=', 'settings.changed').execute();
    expect(audit.map((a) => String(a.details)).join()).toContain('retention.sentMessages');
    await runSchedulerTick(scheduler);
    expect(await keys()).toEqual(['old-pending']);
    await admin.put('/api/settings').send({ retention: { sentMessages: 'soon' } }).expect(422);
  });
});

describe('migration 0018', () => {
  it('takes the links out of the messages written before it and keeps the invitation they open', async () => {
    const { db, url, drop } = await freshDatabase({ migrate: false });
    onTestFinished(drop);
    expect((await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0015_patient_status')).error).toBeUndefined();
    const at = '2026-01-01T09:00:00.000Z';
    const link = `${PUBLIC_URL}/answer/OldReminderTokenOldReminderToken123`;
    await db.insertInto('staff_users').values({ id: 'u', username: 'u', password_hash: 'x', role: 'nurse', created_at: at }).execute();
    await db.insertInto('patients').values({ id: 'p', external_id: 'p', name: 'P', created_at: at, created_by: 'u' }).execute();
    await db.insertInto('invitations').values({ id: 'i', token_hash: 'h', patient_id: 'p', questionnaire_id: 'minimal', trigger: 'other', created_by: 'u', created_at: at, expires_at: at } as never).execute();
    for (const [id, status] of [['m1', 'sent'], ['m2', 'pending']] as const) {
      await db.insertInto('outbox_messages').values({
        id, kind: 'reminder', channel: 'webhook', recipient: '+4520304050', subject: 'S', text: `Åbn det her: ${link}\n\nOpen it here: ${link}`, link,
        dedupe_key: `reminder:i:${id}:webhook`, status, next_attempt_at: at, created_at: at, patient_id: 'p',
      } as never).execute();
    }
    await migrateToLatest(db);
    // Nor in the SQLite file or its WAL, where the page images from before the migration were.
    if (!onPostgres) {
      const bytes = [url, `${url}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1')).join('\n');
      expect(bytes.includes('OldReminderTokenOldReminderToken123')).toBe(false);
    }
    expect(await db.selectFrom('outbox_messages').select(['id', 'text', 'link', 'invitation_id']).orderBy('id').execute()).toEqual([
      { id: 'm1', text: 'Åbn det her: {link}\n\nOpen it here: {link}', link: null, invitation_id: 'i' },
      { id: 'm2', text: 'Åbn det her: {link}\n\nOpen it here: {link}', link: null, invitation_id: 'i' },
    ]);
  });
});

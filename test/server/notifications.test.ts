/**
 * Reminders and the outbox end to end: the scheduler's tick (with the test clock) writes reminders
 * and delivers them to a real local SMTP server and a local webhook receiver.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkNotificationConfig } from '../../server/config.js';
import { MAX_DELIVERY_ATTEMPTS } from '../../server/domain/reminders.js';
import { countFailedMessages, enqueueMessage } from '../../server/services/notifications.js';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../../server/contract/settings.js';
import { runSchedulerTick, type SchedulerContext } from '../../server/services/scheduler.js';
import { createSchedulerTestServer, MINUTE, DAY, type TestServer } from './helpers.js';
import { receiversForTests } from './notification-receivers.js';

const PUBLIC_URL = 'https://pro.example.org';
let server: TestServer;
let scheduler: SchedulerContext;
const site: SiteSettings = { ...DEFAULT_SITE_SETTINGS, site: { ...DEFAULT_SITE_SETTINGS.site, name: 'Palliativt Team Nord' }, reminders: ['PT1M', 'PT2M'] };

const receivers = receiversForTests();

beforeEach(async () => {
  site.reminders = ['PT1M', 'PT2M'];
  const settings = { publicUrl: PUBLIC_URL, smtpUrl: receivers.smtp.url, notifyWebhookUrl: receivers.webhook.url };
  const siteSettings = async () => site;
  ({ server, scheduler } = await createSchedulerTestServer({ settings, siteSettings }));
}, 60_000); // a fresh database and three staff users (scrypt) each: slow on a busy machine
afterEach(() => server.close());

async function patientWith(contact: { email?: string; mobile?: string }) {
  const nurse = await server.as('nurse');
  const created = await nurse.post('/api/patients').send({ externalId: `ext-${randomUUID()}`, name: 'Karen Jensen', ...contact }).expect(201);
  return created.body.id as string;
}

async function inviteFor(patientId: string) {
  const nurse = await server.as('nurse');
  const res = await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'deterioration' }).expect(201);
  return res.body.token as string;
}

async function openList() {
  return (await (await server.as('nurse')).get('/api/invitations').expect(200)).body as Array<Record<string, unknown>>;
}

const tokenOf = (link: string) => link.slice(`${PUBLIC_URL}/answer/`.length);

describe('reminders', () => {
  it('sends each due reminder by e-mail and webhook once, without health information, with a link to the same invitation and its draft', async () => {
    const patientId = await patientWith({ email: 'karen@example.org', mobile: '20 30 40 50' });
    const token = await inviteFor(patientId);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { pain: 2 } }).expect(204);
    expect(await openList()).toEqual([expect.objectContaining({ channels: ['smtp', 'webhook'], remindersSent: 0, lastReminderAt: null, call: false })]);

    expect(await runSchedulerTick(scheduler)).toEqual({ occurrences: 0, reminders: 0, escalations: 0, sent: 0, retrying: 0, failed: 0 });
    server.clock.advance(MINUTE);
    expect(await runSchedulerTick(scheduler)).toEqual({ occurrences: 0, reminders: 1, escalations: 0, sent: 2, retrying: 0, failed: 0 });
    // The next tick at the same time finds nothing new: no duplicates.
    expect(await runSchedulerTick(scheduler)).toEqual({ occurrences: 0, reminders: 0, escalations: 0, sent: 0, retrying: 0, failed: 0 });

    expect(receivers.smtp.mails).toHaveLength(1);
    expect(receivers.smtp.mails[0]!.to).toEqual(['karen@example.org']);
    expect(receivers.webhook.calls).toEqual([expect.objectContaining({ kind: 'reminder', to: '+4520304050', dedupeKey: expect.any(String), link: expect.stringMatching(/^https:\/\/pro\.example\.org\/answer\//) })]);
    const link = receivers.webhook.calls[0]!.link!;
    expect(receivers.webhook.calls[0]!.text).toContain(link);
    // Each message gets its own link when it goes out (the outbox never holds one): both open the same invitation.
    const mailLink = /https:\/\/pro\.example\.org\/answer\/[A-Za-z0-9_-]+/.exec(receivers.smtp.mails[0]!.text)![0];
    expect(mailLink).not.toBe(link);
    expect((await server.request.get(`/api/invitations/${tokenOf(mailLink)}`).expect(200)).body.draft).toEqual({ answers: { pain: 2 } });
    expect(receivers.smtp.mails[0]!.text).toContain('Palliativt Team Nord');
    for (const content of [receivers.smtp.mails[0]!.text, JSON.stringify(receivers.webhook.calls[0])]) {
      for (const secret of ['Lille spørgeskema', 'Small questionnaire', 'minimal', 'deterioration', 'Karen Jensen']) expect(content).not.toContain(secret);
    }

    const opened = await server.request.get(`/api/invitations/${tokenOf(link)}`).expect(200);
    expect(opened.body.questionnaire.id).toBe('minimal');
    expect(opened.body.draft).toEqual({ answers: { pain: 2 } });
    expect(tokenOf(link)).not.toBe(token);

    server.clock.advance(MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 1, sent: 2 });
    expect(new Set(receivers.webhook.calls.map((c) => c.link)).size).toBe(2);
    expect(await openList()).toEqual([expect.objectContaining({ remindersSent: 2, lastReminderAt: server.clock.now().toISOString(), call: true })]);
    server.clock.advance(DAY);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 0, sent: 0 });
  });

  it('reminds no more once the invitation is answered, and a reminder link then says it was answered', async () => {
    const token = await inviteFor(await patientWith({ mobile: '+4520304050' }));
    server.clock.advance(MINUTE);
    await runSchedulerTick(scheduler);
    const link = receivers.webhook.calls[0]!.link!;
    await server.request.post(`/api/invitations/${tokenOf(link)}/responses`).send({ id: randomUUID(), answers: { pain: 1 } }).expect(201);
    server.clock.advance(10 * MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 0, sent: 0 });
    expect(receivers.webhook.calls).toHaveLength(1);
    expect((await server.request.get(`/api/invitations/${token}`)).status).toBe(410);
  });

  it('reminds no more once the invitation has expired', async () => {
    site.reminders = ['P15D']; // the invitation lives 14 days
    await inviteFor(await patientWith({ email: 'karen@example.org' }));
    server.clock.advance(16 * DAY);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 0, sent: 0 });
    expect(receivers.smtp.mails).toHaveLength(0);
  });

  it('sends nothing to a patient no channel reaches, and the list says call', async () => {
    await inviteFor(await patientWith({}));
    expect(await openList()).toEqual([expect.objectContaining({ channels: [], call: true })]);
    server.clock.advance(MINUTE);
    expect(await runSchedulerTick(scheduler)).toEqual({ occurrences: 0, reminders: 1, escalations: 0, sent: 0, retrying: 0, failed: 0 });
    expect(await server.db.selectFrom('outbox_messages').selectAll().execute()).toEqual([]);
    expect(await openList()).toEqual([expect.objectContaining({ remindersSent: 0, call: true })]);
  });
});

describe('configuration', () => {
  it('refuses a notification channel without PUBLIC_URL (the links would not work) and a URL of the wrong kind', () => {
    expect(() => checkNotificationConfig({ notifyWebhookUrl: 'https://sms.example.org/hook' })).toThrow(/PUBLIC_URL/);
    expect(() => checkNotificationConfig({ publicUrl: PUBLIC_URL, smtpUrl: 'https://mail.example.org' })).toThrow(/SMTP_URL/);
    expect(() => checkNotificationConfig({ publicUrl: PUBLIC_URL, smtpUrl: 'smtp://mail.example.org:25', notifyWebhookUrl: 'https://sms.example.org/hook' })).not.toThrow();
    expect(() => checkNotificationConfig({})).not.toThrow();
  });
});

describe('the outbox', () => {
  it('delivers a few messages at once, each once (an e-mail opens its own connection)', async () => {
    for (let i = 0; i < 20; i++) {
      await enqueueMessage(server.db, { kind: 'escalation', channel: 'webhook', to: 'team-lead', subject: 'Overdue', text: 'A flag is overdue.', dedupeKey: `many:${i}` }, { id: randomUUID(), now: server.clock.now() });
    }
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const slowWebhook = async (m: { dedupeKey: string }) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(m.dedupeKey);
      inFlight--;
    };
    expect(await runSchedulerTick({ ...scheduler, transports: { webhook: slowWebhook } })).toMatchObject({ sent: 20, retrying: 0, failed: 0 });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    expect(new Set(seen).size).toBe(20);
    expect(await runSchedulerTick({ ...scheduler, transports: { webhook: slowWebhook } })).toMatchObject({ sent: 0 });
  });

  it('retries a failing delivery with doubling delays and marks it failed after the last attempt', async () => {
    receivers.webhook.state.status = 500;
    await enqueueMessage(server.db, { kind: 'escalation', channel: 'webhook', to: 'team-lead', subject: 'Overdue', text: 'A flag is overdue.', dedupeKey: 'test:1' }, { id: randomUUID(), now: server.clock.now() });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      const result = await runSchedulerTick(scheduler);
      expect(result).toMatchObject(attempt < MAX_DELIVERY_ATTEMPTS ? { retrying: 1, failed: 0 } : { retrying: 0, failed: 1 });
      const row = await server.db.selectFrom('outbox_messages').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ attempts: attempt, last_error: 'webhook: HTTP 500', claim_token: null });
      if (attempt === MAX_DELIVERY_ATTEMPTS) {
        expect(row.status).toBe('failed');
        break;
      }
      // Not before its time.
      expect(await runSchedulerTick(scheduler)).toMatchObject({ retrying: 0, sent: 0 });
      const delay = Date.parse(row.next_attempt_at) - server.clock.now().getTime();
      delays.push(delay);
      server.clock.advance(delay);
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
    expect(receivers.webhook.calls).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(await countFailedMessages(server.db)).toBe(1);
    server.clock.advance(DAY);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
  });

  it('stores a message once per dedupe key', async () => {
    const message = { kind: 'escalation' as const, channel: 'log' as const, to: 'team', subject: 'S', text: 'T', dedupeKey: 'same' };
    expect(await enqueueMessage(server.db, message, { id: randomUUID(), now: server.clock.now() })).toBe(true);
    expect(await enqueueMessage(server.db, message, { id: randomUUID(), now: server.clock.now() })).toBe(false);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ sent: 1 });
  });

  it('leaves a message claimed by a live lease alone, and retries it once the lease has passed', async () => {
    await enqueueMessage(server.db, { kind: 'escalation', channel: 'webhook', to: 'x', subject: 'S', text: 'T', dedupeKey: 'lease' }, { id: randomUUID(), now: server.clock.now() });
    // As if another process had claimed it and died while sending.
    await server.db.updateTable('outbox_messages').set({ claimed_until: new Date(server.clock.now().getTime() + 10_000).toISOString(), claim_token: 'dead' }).execute();
    expect(await runSchedulerTick(scheduler)).toMatchObject({ sent: 0 });
    server.clock.advance(10_000);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ sent: 1 });
    expect(receivers.webhook.calls).toHaveLength(1);
  });
});

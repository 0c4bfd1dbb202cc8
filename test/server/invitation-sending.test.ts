/**
 * Issue 23: "Send som SMS" / "Send som e-mail" on a new invitation queues one outbox message,
 * delivered by the scheduler to a real local SMTP server and webhook receiver with a link (a new
 * token) to the same invitation; the admin sees whether any channel is set up.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedInvitation } from '../../server/contract/responses.js';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../../server/contract/settings.js';
import { runSchedulerTick, type SchedulerContext } from '../../server/services/scheduler.js';
import { createSchedulerTestServer, createTestServer, DAY, type TestServer } from './helpers.js';
import { receiversForTests } from './notification-receivers.js';

const PUBLIC_URL = 'https://pro.example.org';
const site: SiteSettings = { ...DEFAULT_SITE_SETTINGS, site: { ...DEFAULT_SITE_SETTINGS.site, name: 'Palliativt Team Syd' }, reminders: [] };
const receivers = receiversForTests();
let server: TestServer;
let bare: TestServer;
let scheduler: SchedulerContext;

beforeAll(async () => {
  const settings = { publicUrl: PUBLIC_URL, smtpUrl: receivers.smtp.url, notifyWebhookUrl: receivers.webhook.url, sessionIdleMs: 365 * DAY, sessionAbsoluteMs: 365 * DAY };
  const siteSettings = async () => site;
  ({ server, scheduler } = await createSchedulerTestServer({ settings, siteSettings }));
  // A site whose operator set up no channel.
  bare = await createTestServer();
}, 60_000);
afterAll(async () => {
  await server.close();
  await bare.close();
});

async function invitePatient(on: TestServer, contact: { email?: string; mobile?: string }): Promise<CreatedInvitation> {
  const nurse = await on.as('nurse');
  const { body: patient } = await nurse.post('/api/patients').send({ externalId: `ext-${randomUUID()}`, name: 'Bodil Send', ...contact }).expect(201);
  return (await nurse.post('/api/invitations').send({ patientId: patient.id, questionnaireId: 'minimal', trigger: 'other' }).expect(201)).body;
}

const tokenOf = (link: string) => link.slice(`${PUBLIC_URL}/answer/`.length);

describe('sending a new link by SMS or e-mail', () => {
  it('says which channels can send it, queues one message per channel, and delivers a working link without health information', async () => {
    const created = await invitePatient(server, { email: 'bodil@example.org', mobile: '20 30 40 50' });
    expect(created).toMatchObject({ id: expect.any(String), sendBy: ['sms', 'email'] });
    const nurse = await server.as('nurse');
    expect((await nurse.post(`/api/invitations/${created.id}/send`).send({ channel: 'sms' }).expect(200)).body).toEqual({ invitationId: created.id, channel: 'sms', queued: true });
    // A second click queues nothing more.
    expect((await nurse.post(`/api/invitations/${created.id}/send`).send({ channel: 'sms' }).expect(200)).body.queued).toBe(false);
    await nurse.post(`/api/invitations/${created.id}/send`).send({ channel: 'email' }).expect(200);
    const outbox = await server.db.selectFrom('outbox_messages').selectAll().where('invitation_id', '=', created.id).execute();
    expect(outbox.map((m) => [m.kind, m.channel, m.recipient]).sort()).toEqual([['invitation', 'smtp', 'bodil@example.org'], ['invitation', 'webhook', '+4520304050']]);
    // No usable link at rest.
    for (const m of outbox) expect(m.text).toContain('{link}');

    expect(await runSchedulerTick(scheduler)).toMatchObject({ sent: 2, failed: 0 });
    expect(receivers.webhook.calls).toEqual([expect.objectContaining({ kind: 'invitation', to: '+4520304050', link: expect.stringMatching(/^https:\/\/pro\.example\.org\/answer\//) })]);
    expect(receivers.smtp.mails.map((m) => m.to)).toEqual([['bodil@example.org']]);
    const link = receivers.webhook.calls[0]!.link!;
    await server.request.get(`/api/invitations/${tokenOf(link)}`).expect(200);
    for (const content of [receivers.smtp.mails[0]!.text, JSON.stringify(receivers.webhook.calls[0])]) {
      expect(content).toContain('Palliativt Team Syd');
      for (const secret of ['Bodil', 'minimal', 'Lille']) expect(content).not.toContain(secret);
    }
    const audit = await server.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', created.id).where('action', '=', 'invitation.sent').execute();
    expect(audit.map((a) => JSON.parse(a.details ?? '{}').channel).sort()).toEqual(['email', 'sms']);
  });

  it('refuses a channel with nothing on file (409), a bad channel (422), an answered link (410), and the team (403)', async () => {
    const nurse = await server.as('nurse');
    const created = await invitePatient(server, { email: 'only-mail@example.org' });
    expect(created.sendBy).toEqual(['email']);
    expect((await nurse.post(`/api/invitations/${created.id}/send`).send({ channel: 'sms' }).expect(409)).body.error.code).toBe('send_channel_unavailable');
    await nurse.post(`/api/invitations/${created.id}/send`).send({ channel: 'fax' }).expect(422);
    expect((await (await server.as('palliative_team')).post(`/api/invitations/${created.id}/send`).send({ channel: 'email' }).expect(403)).body.error.code).toBe('forbidden');
    await server.request.post(`/api/invitations/${created.token}/responses`).send({ id: randomUUID(), answers: { pain: 1, worry: 1, walk: 1, contact: ['nurse'] } }).expect(201);
    expect((await nurse.post(`/api/invitations/${created.id}/send`).send({ channel: 'email' }).expect(410)).body.error.code).toBe('invitation_answered');
    expect(await server.db.selectFrom('outbox_messages').select('id').where('invitation_id', '=', created.id).execute()).toEqual([]);
  });

  it('offers nothing and refuses to send when the operator set up no channel; the admin sees it', async () => {
    const created = await invitePatient(bare, { email: 'x@example.org', mobile: '20304050' });
    expect(created.sendBy).toEqual([]);
    expect((await (await bare.as('nurse')).post(`/api/invitations/${created.id}/send`).send({ channel: 'email' }).expect(409)).body.error.code).toBe('send_channel_unavailable');
    expect((await (await bare.as('admin')).get('/api/notification-status').expect(200)).body).toEqual({ email: false, sms: false });
    expect((await (await server.as('admin')).get('/api/notification-status').expect(200)).body).toEqual({ email: true, sms: true });
    await (await bare.as('nurse')).get('/api/notification-status').expect(403);
  });
});

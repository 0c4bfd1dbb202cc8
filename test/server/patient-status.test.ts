/**
 * When a patient dies or leaves the service, nothing more goes out (clinical rules v2, part 6):
 * PATCH /api/patients/:id {status}, or closing a flag with the outcome "patient died", withdraws
 * every open link (410 invitation_withdrawn), cancels queued reminders (never delivered to a real
 * local SMTP server) and refuses new links (409 patient_not_active).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../../server/contract/settings.js';
import type { ServiceContext } from '../../server/services/context.js';
import { createDueReminders } from '../../server/services/reminders.js';
import { runSchedulerTick, type SchedulerContext } from '../../server/services/scheduler.js';
import { createSchedulerTestServer, MINUTE, type TestServer } from './helpers.js';
import { startSmtpReceiver } from './notification-receivers.js';

const PUBLIC_URL = 'https://pro.example.org';
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let server: TestServer;
let ctx: ServiceContext;
let scheduler: SchedulerContext;
const site: SiteSettings = { ...DEFAULT_SITE_SETTINGS, reminders: ['PT1M', 'PT2M'] };

beforeAll(async () => {
  smtp = await startSmtpReceiver();
});
afterAll(async () => {
  await smtp.close();
});

beforeEach(async () => {
  smtp.mails.length = 0;
  const settings = { publicUrl: PUBLIC_URL, smtpUrl: smtp.url };
  const siteSettings = async () => site;
  ({ server, ctx, scheduler } = await createSchedulerTestServer({ settings, siteSettings }));
}, 60_000); // a fresh database and three staff users (scrypt) each: slow on a busy machine
afterEach(() => server.close());

async function newPatient() {
  const nurse = await server.as('nurse');
  const created = await nurse.post('/api/patients').send({ externalId: `ext-${randomUUID()}`, name: 'Karen Jensen', email: 'karen@example.org' }).expect(201);
  return created.body.id as string;
}

async function inviteFor(patientId: string, questionnaireId = 'minimal') {
  const nurse = await server.as('nurse');
  return (await nurse.post('/api/invitations').send({ patientId, questionnaireId, trigger: 'deterioration' }).expect(201)).body.token as string;
}

async function outboxStatuses() {
  return (await server.db.selectFrom('outbox_messages').select(['kind', 'status', 'patient_id']).execute());
}

describe('a patient who is no longer active', () => {
  it('withdraws the open link (410 invitation_withdrawn), cancels the queued reminder, which is never delivered, and refuses a new link', async () => {
    const patientId = await newPatient();
    const token = await inviteFor(patientId);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { pain: 2 } }).expect(204);
    server.clock.advance(MINUTE);
    // The reminder is written to the outbox, not yet delivered.
    expect(await createDueReminders(ctx)).toBe(1);
    expect(await outboxStatuses()).toEqual([{ kind: 'reminder', status: 'pending', patient_id: patientId }]);

    const nurse = await server.as('nurse');
    const patched = await nurse.patch(`/api/patients/${patientId}`).send({ status: 'deceased' }).expect(200);
    expect(patched.body).toMatchObject({ id: patientId, status: 'deceased', email: 'karen@example.org' });

    const link = await server.request.get(`/api/invitations/${token}`).expect(410);
    expect(link.body.error.code).toBe('invitation_withdrawn');
    expect((await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { pain: 3 } }).expect(410)).body.error.code).toBe('invitation_withdrawn');
    expect((await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 1 } }).expect(410)).body.error.code).toBe('invitation_withdrawn');

    // Never sent: not now, not on the next step of the schedule.
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 0, sent: 0 });
    server.clock.advance(10 * MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 0, sent: 0 });
    expect(smtp.mails).toHaveLength(0);
    expect(await outboxStatuses()).toEqual([{ kind: 'reminder', status: 'cancelled', patient_id: patientId }]);

    const refused = await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'other' }).expect(409);
    expect(refused.body.error.code).toBe('patient_not_active');
    // The withdrawn link is no longer listed as open; the list shows the status.
    expect((await nurse.get('/api/invitations').query({ patientId }).expect(200)).body).toEqual([]);
    const [listed] = (await nurse.get('/api/patients').query({ query: 'Karen' }).expect(200)).body.filter((p: { id: string }) => p.id === patientId);
    expect(listed.status).toBe('deceased');
  });

  it('leaves other patients alone, and back to active allows new links (the withdrawn one stays withdrawn)', async () => {
    const leaving = await newPatient();
    const staying = await newPatient();
    const leavingToken = await inviteFor(leaving);
    const stayingToken = await inviteFor(staying);
    const nurse = await server.as('nurse');
    await nurse.patch(`/api/patients/${leaving}`).send({ status: 'discharged' }).expect(200);
    await server.request.get(`/api/invitations/${stayingToken}`).expect(200);
    server.clock.advance(MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ reminders: 1, sent: 1 });
    expect(smtp.mails).toHaveLength(1);

    await nurse.patch(`/api/patients/${leaving}`).send({ status: 'active' }).expect(200);
    expect((await server.request.get(`/api/invitations/${leavingToken}`).expect(410)).body.error.code).toBe('invitation_withdrawn');
    await server.request.get(`/api/invitations/${await inviteFor(leaving)}`).expect(200);
  });

  it('refuses an unknown status with 422 naming the field, and an unknown patient with 404', async () => {
    const nurse = await server.as('nurse');
    const patientId = await newPatient();
    const bad = await nurse.patch(`/api/patients/${patientId}`).send({ status: 'gone' }).expect(422);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'status' })]);
    await nurse.patch('/api/patients/no-such-patient').send({ status: 'deceased' }).expect(404);
  });

  it('is for nurses and admins only, and audits who changed the status, from what to what', async () => {
    const patientId = await newPatient();
    await inviteFor(patientId);
    await (await server.as('palliative_team')).patch(`/api/patients/${patientId}`).send({ status: 'deceased' }).expect(403);
    await server.request.patch(`/api/patients/${patientId}`).send({ status: 'deceased' }).expect(401);
    await (await server.as('admin')).patch(`/api/patients/${patientId}`).send({ status: 'discharged' }).expect(200);
    const audit = (await (await server.as('admin')).get('/api/audit').query({ patientId }).expect(200)).body as Array<{ action: string; actor: { name: string | null }; details: unknown }>;
    const entry = audit.find((e) => e.action === 'patient.status_changed');
    expect(entry).toMatchObject({ actor: { name: 'admin-user' }, details: { from: 'active', to: 'discharged', via: 'patch', invitationsWithdrawn: 1, messagesCancelled: 0 } });
    expect(audit.some((e) => e.action === 'patient.contact_updated')).toBe(false);
  });

  it('becomes deceased when a flag is closed with the outcome "patient died"', async () => {
    const patientId = await newPatient();
    const answered = await inviteFor(patientId);
    await server.request.post(`/api/invitations/${answered}/responses`).send({ id: randomUUID(), answers: { pain: 4 } }).expect(201);
    const open = await inviteFor(patientId);
    const nurse = await server.as('nurse');
    const flag = (await nurse.get('/api/flags').expect(200)).body.items.find((f: { patient: { id: string } }) => f.patient.id === patientId);
    await nurse.post(`/api/flags/${flag.id}/close`).send({ outcome: 'patient_died' }).expect(200);
    expect((await server.request.get(`/api/invitations/${open}`).expect(410)).body.error.code).toBe('invitation_withdrawn');
    const audit = (await (await server.as('admin')).get('/api/audit').query({ patientId }).expect(200)).body as Array<{ action: string; details: unknown }>;
    expect(audit.find((e) => e.action === 'patient.status_changed')).toMatchObject({ details: { from: 'active', to: 'deceased', via: 'flag_closed' } });
  });
});

describe('the submission\'s 201', () => {
  it('says whether the answers are urgent, also to a retry with the same id', async () => {
    const patientId = await newPatient();
    const urgentToken = await inviteFor(patientId, 'palliative-needs');
    const id = randomUUID();
    const answers = { c1: 1, c4: 4 }; // breathlessness "Very much": urgent review
    expect((await server.request.post(`/api/invitations/${urgentToken}/responses`).send({ id, answers }).expect(201)).body).toMatchObject({ urgent: true });
    expect((await server.request.post(`/api/invitations/${urgentToken}/responses`).send({ id, answers })).body).toMatchObject({ urgent: true });
    const calmToken = await inviteFor(patientId, 'palliative-needs');
    expect((await server.request.post(`/api/invitations/${calmToken}/responses`).send({ id: randomUUID(), answers: { c1: 1, c4: 2 } }).expect(201)).body).toMatchObject({ urgent: false });
  });
});

/**
 * Programmes (issue 25): the admin's definitions, enrolment, the scheduler making each occurrence
 * once as an ordinary invitation (its link out through the outbox), pause, resume and end, a
 * patient who is not active, an open previous one (wait or skip), and a plan's next evaluation.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from '../../server/contract/settings.js';
import type { ServiceContext } from '../../server/services/context.js';
import { makeDueOccurrences } from '../../server/services/occurrences.js';
import { runSchedulerTick, type SchedulerContext } from '../../server/services/scheduler.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';
import { createSchedulerTestServer, DAY, MINUTE, type TestServer } from './helpers.js';
import { startSmtpReceiver } from './notification-receivers.js';

const PUBLIC_URL = 'https://pro.example.org';
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let server: TestServer;
let ctx: ServiceContext;
let scheduler: SchedulerContext;
const site: SiteSettings = { ...DEFAULT_SITE_SETTINGS, reminders: [] };

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
}, 60_000);
afterEach(() => server.close());

const programme = (over: Record<string, unknown> = {}) => ({
  name: { da: 'Hvert tiende minut', en: 'Every ten minutes' }, questionnaireId: 'minimal', schedule: { every: 'PT10M' }, trigger: 'status_conversation',
  openFor: 'PT5M', whenOpen: 'skip', ...over,
});

async function newProgramme(over: Record<string, unknown> = {}): Promise<string> {
  const admin = await server.as('admin');
  return (await admin.post('/api/programmes').send(programme(over)).expect(201)).body.id as string;
}

async function newPatient(contact: { email?: string } = { email: 'karen@example.org' }): Promise<string> {
  const nurse = await server.as('nurse');
  return (await nurse.post('/api/patients').send({ externalId: `ext-${randomUUID()}`, name: 'Karen Jensen', ...contact }).expect(201)).body.id as string;
}

async function enrol(patientId: string, programmeId: string, startDate = server.clock.now().toISOString()): Promise<string> {
  const nurse = await server.as('nurse');
  return (await nurse.post(`/api/patients/${patientId}/enrolments`).send({ programmeId, startDate }).expect(201)).body.id as string;
}

async function enrolments(patientId: string) {
  const nurse = await server.as('nurse');
  return (await nurse.get(`/api/patients/${patientId}/enrolments`).expect(200)).body as {
    id: string; status: string; nextDueAt: string | null; occurrences: { dueAt: string; invitationId: string | null; state: string }[];
  }[];
}

/** Answers the patient's open link of `minimal` as a staff entry (it answers the open link too). */
async function answer(patientId: string) {
  const nurse = await server.as('nurse');
  return (await nurse.post(`/api/patients/${patientId}/responses`).send({ id: randomUUID(), questionnaireId: 'minimal', mode: 'assisted', answers: { pain: 2 } }).expect(201)).body as { flagId: string };
}

const invitationsOf = (patientId: string) => server.db.selectFrom('invitations').selectAll().where('patient_id', '=', patientId).where('token_hash', 'not like', 'staff-entry:%').execute();
const at = (ms: number) => new Date(ms).toISOString();

describe('programme definitions', () => {
  it('ships palliative follow-up every 14 days and rehabilitation at start, 3, 6 and 12 months', async () => {
    const nurse = await server.as('nurse');
    const list = (await nurse.get('/api/programmes').expect(200)).body as { id: string; schedule: unknown; questionnaireId: string }[];
    expect(list.find((p) => p.id === 'palliative-follow-up')).toMatchObject({ questionnaireId: 'palliative-needs', schedule: { every: 'P14D' } });
    expect(list.find((p) => p.id === 'rehabilitation')).toMatchObject({ questionnaireId: 'rehabilitation-needs', schedule: { at: ['P0D', 'P3M', 'P6M', 'P12M'] } });
  });

  it('lets an admin create and change one (audited), and refuses a nurse', async () => {
    const id = await newProgramme();
    const admin = await server.as('admin');
    const changed = await admin.patch(`/api/programmes/${id}`).send({ name: { da: 'Ny', en: 'New' }, whenOpen: 'wait' }).expect(200);
    expect(changed.body).toMatchObject({ id, name: { da: 'Ny', en: 'New' }, whenOpen: 'wait', schedule: { every: 'PT10M' }, openFor: 'PT5M' });
    const nurse = await server.as('nurse');
    expect((await nurse.post('/api/programmes').send(programme()).expect(403)).body.error.code).toBe('forbidden');
    await nurse.patch(`/api/programmes/${id}`).send({ whenOpen: 'skip' }).expect(403);
    const actions = await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(actions.map((a) => a.action)).toEqual(['programme.created', 'programme.changed']);
    expect((await admin.patch('/api/programmes/nope').send({ whenOpen: 'skip' }).expect(404)).body.error.code).toBe('programme_not_found');
  });

  it('a changed schedule counts from each enrolment\'s start, after its latest occurrence', async () => {
    const id = await newProgramme();
    const patientId = await newPatient();
    const start = server.clock.now().getTime();
    await enrol(patientId, id);
    expect((await enrolments(patientId))[0]!.nextDueAt).toBe(at(start + 10 * MINUTE));
    const admin = await server.as('admin');
    await admin.patch(`/api/programmes/${id}`).send({ schedule: { at: ['P0D', 'PT30M', 'PT90M'] } }).expect(200);
    // P0D was made already: the next is PT30M.
    expect((await enrolments(patientId))[0]!.nextDueAt).toBe(at(start + 30 * MINUTE));
    const audit = await server.db.selectFrom('audit_log').select('details').where('entity_id', '=', id).where('action', '=', 'programme.changed').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details!)).toEqual({ fields: ['schedule'], enrolmentsRescheduled: 1 });
    expect((await admin.patch(`/api/programmes/${id}`).send({ questionnaireId: 'nope' }).expect(422)).body.error.code).toBe('unknown_questionnaire');
    expect((await admin.patch(`/api/programmes/${id}`).send({}).expect(422)).body.error.code).toBe('invalid_request');
  });

  it('refuses a bad schedule, open time or questionnaire with 422 naming the field', async () => {
    const admin = await server.as('admin');
    const bad = async (over: Record<string, unknown>) => (await admin.post('/api/programmes').send(programme(over)).expect(422)).body.error;
    expect((await bad({ schedule: { at: ['P3M', 'three months'] } })).details).toEqual([expect.objectContaining({ path: 'schedule.at.1' })]);
    expect((await bad({ schedule: {} })).details).toEqual([expect.objectContaining({ path: 'schedule' })]);
    expect((await bad({ schedule: { every: 'P0D' } })).details).toEqual([expect.objectContaining({ path: 'schedule.every', message: 'must be longer than zero' })]);
    expect((await bad({ openFor: 'P1M' })).details).toEqual([expect.objectContaining({ path: 'openFor' })]);
    expect((await bad({ questionnaireId: 'nope' })).code).toBe('unknown_questionnaire');
  });
});

describe('enrolment and the scheduler', () => {
  it('makes the first occurrence at once as an invitation whose link goes out by e-mail, each occurrence once', async () => {
    const programmeId = await newProgramme();
    const patientId = await newPatient();
    const start = server.clock.now().getTime();
    const enrolmentId = await enrol(patientId, programmeId);
    const [invitation] = await invitationsOf(patientId);
    expect(invitation).toMatchObject({ questionnaire_id: 'minimal', trigger: 'status_conversation', expires_at: at(start + 5 * MINUTE), created_by: server.users.nurse.id });
    expect(await enrolments(patientId)).toEqual([expect.objectContaining({
      id: enrolmentId, status: 'active', nextDueAt: at(start + 10 * MINUTE), occurrences: [{ dueAt: at(start), invitationId: invitation!.id, state: 'open' }],
    })]);
    // The tick sends the link (a new token at delivery) and makes nothing twice.
    expect(await runSchedulerTick(scheduler)).toMatchObject({ occurrences: 0, sent: 1 });
    expect(smtp.mails).toHaveLength(1);
    const link = /https:\/\/pro\.example\.org\/answer\/[\w-]+/.exec(smtp.mails[0]!.text)?.[0];
    expect(link).toBeDefined();
    await server.request.get(`/api/invitations/${link!.split('/').pop()}`).expect(200);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ occurrences: 0, sent: 0 });

    // Answered, then the next one is due ten minutes after the start.
    await answer(patientId);
    server.clock.advance(10 * MINUTE);
    expect((await makeDueOccurrences(ctx)).made).toBe(1);
    expect((await makeDueOccurrences(ctx)).made).toBe(0);
    const [listed] = await enrolments(patientId);
    expect(listed!.occurrences.map((o) => [o.dueAt, o.state])).toEqual([[at(start + 10 * MINUTE), 'open'], [at(start), 'answered']]);
    expect(listed!.nextDueAt).toBe(at(start + 20 * MINUTE));
    // Unanswered past its open time: missed.
    server.clock.advance(6 * MINUTE);
    expect((await enrolments(patientId))[0]!.occurrences[0]!.state).toBe('missed');
  });

  it('of the occurrences already due at enrolment makes only the latest, and refuses a second enrolment in the programme', async () => {
    const programmeId = await newProgramme();
    const patientId = await newPatient();
    const now = server.clock.now().getTime();
    await enrol(patientId, programmeId, at(now - 35 * MINUTE));
    const [listed] = await enrolments(patientId);
    expect(listed!.occurrences).toEqual([expect.objectContaining({ dueAt: at(now - 5 * MINUTE), state: 'open' })]);
    expect(listed!.nextDueAt).toBe(at(now + 5 * MINUTE));
    expect(await invitationsOf(patientId)).toHaveLength(1);
    const nurse = await server.as('nurse');
    expect((await nurse.post(`/api/patients/${patientId}/enrolments`).send({ programmeId, startDate: '2026-03-02' }).expect(409)).body.error.code).toBe('already_enrolled');
  });

  it('makes more than a batch in one tick, each once, and delivers while the rest are made', async () => {
    const programmeId = await newProgramme();
    const due = 1_250; // more than one batch of 1,000 (services/occurrences.ts)
    const now = server.clock.now().toISOString();
    const patients = Array.from({ length: due }, (_, i) => ({
      id: ctx.newId(), external_id: `BATCH-${i}`, name: `Patient ${i}`, email: `p${i}@example.org`, created_at: now, created_by: server.users.nurse.id,
    }));
    // Stored directly: a thousand enrolments through the API would be most of the test's time.
    for (let i = 0; i < due; i += 250) {
      const chunk = patients.slice(i, i + 250);
      await server.db.insertInto('patients').values(chunk).execute();
      await server.db.insertInto('enrolments').values(chunk.map((p) => ({
        id: ctx.newId(), patient_id: p.id, programme_id: programmeId, status: 'active', start_at: now, next_index: 0, next_due_at: now,
        created_by: server.users.nurse.id, created_at: now, updated_at: now, unit_id: DEFAULT_UNIT_ID,
      }))).execute();
    }
    const countOccurrences = async () => Number((await server.db.selectFrom('occurrences').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    // The tick starts delivering when the first batch is stored and more are due (counted as the call comes; on
    // PostgreSQL the count runs on a connection of its own, so it may also see the second batch).
    const counts: Promise<number>[] = [];
    expect(await makeDueOccurrences(ctx, { onMoreDue: () => void counts.push(countOccurrences()) })).toMatchObject({ made: due, skipped: 0 });
    const storedWhenMoreDue = await Promise.all(counts);
    expect(storedWhenMoreDue.length).toBeGreaterThan(0);
    expect(storedWhenMoreDue[0]).toBeGreaterThanOrEqual(1_000);
    expect(await countOccurrences()).toBe(due);

    // The next occurrences, made by the tick, which sends a delivery batch of them (the rest in the next ticks).
    server.clock.advance(10 * MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ occurrences: due, sent: 100, retrying: 0, failed: 0 });
    expect(await countOccurrences()).toBe(2 * due);
    const perEnrolment = await server.db.selectFrom('occurrences').select(['enrolment_id', (eb) => eb.fn.countAll().as('n')]).groupBy('enrolment_id').execute();
    expect(perEnrolment).toHaveLength(due);
    expect(perEnrolment.every((row) => Number(row.n) === 2)).toBe(true);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ occurrences: 0 });
  }, 60_000);

  it('takes a start date as 00:00 in Copenhagen', async () => {
    const patientId = await newPatient();
    await enrol(patientId, 'rehabilitation', '2026-03-10');
    const [listed] = await enrolments(patientId);
    expect(listed!.nextDueAt).toBe('2026-03-09T23:00:00.000Z');
    expect(listed!.occurrences).toEqual([]);
  });

  it('skips an occurrence due while the previous one is open (whenOpen skip), never doubling', async () => {
    const programmeId = await newProgramme({ openFor: 'PT15M' });
    const patientId = await newPatient();
    await enrol(patientId, programmeId);
    server.clock.advance(10 * MINUTE);
    expect(await makeDueOccurrences(ctx)).toMatchObject({ made: 0, skipped: 1 });
    expect((await enrolments(patientId))[0]!.occurrences.map((o) => o.state)).toEqual(['skipped', 'open']);
    expect(await invitationsOf(patientId)).toHaveLength(1);
  });

  it('waits while the previous one is open (whenOpen wait), then makes it once', async () => {
    const programmeId = await newProgramme({ openFor: 'PT15M', whenOpen: 'wait' });
    const patientId = await newPatient();
    const start = server.clock.now().getTime();
    await enrol(patientId, programmeId);
    server.clock.advance(10 * MINUTE);
    expect(await makeDueOccurrences(ctx)).toMatchObject({ made: 0, waiting: 1 });
    server.clock.advance(MINUTE);
    expect(await makeDueOccurrences(ctx)).toMatchObject({ made: 0, waiting: 1 });
    await answer(patientId);
    expect(await makeDueOccurrences(ctx)).toMatchObject({ made: 1, waiting: 0 });
    expect((await enrolments(patientId))[0]!.occurrences.map((o) => [o.dueAt, o.state])).toEqual([[at(start + 10 * MINUTE), 'open'], [at(start), 'answered']]);
  });

  it('makes nothing while paused, the latest due at once on resume, and nothing after the end', async () => {
    const programmeId = await newProgramme();
    const patientId = await newPatient();
    const start = server.clock.now().getTime();
    const id = await enrol(patientId, programmeId);
    const nurse = await server.as('nurse');
    expect((await nurse.patch(`/api/enrolments/${id}`).send({ status: 'paused' }).expect(422)).body.error.details).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect((await nurse.patch(`/api/enrolments/${id}`).send({ status: 'paused', reason: 'admitted' }).expect(200)).body).toMatchObject({ status: 'paused', reason: 'admitted', nextDueAt: null });
    server.clock.advance(25 * MINUTE);
    expect((await makeDueOccurrences(ctx)).made).toBe(0);
    const resumed = await nurse.patch(`/api/enrolments/${id}`).send({ status: 'active' }).expect(200);
    expect(resumed.body.occurrences.map((o: { dueAt: string }) => o.dueAt)).toEqual([at(start + 20 * MINUTE), at(start)]);
    expect(resumed.body.nextDueAt).toBe(at(start + 30 * MINUTE));
    expect((await nurse.patch(`/api/enrolments/${id}`).send({ status: 'ended', reason: 'completed' }).expect(200)).body).toMatchObject({ status: 'ended', reason: 'completed' });
    server.clock.advance(60 * MINUTE);
    expect((await makeDueOccurrences(ctx)).made).toBe(0);
    expect((await (await server.as('nurse')).patch(`/api/enrolments/${id}`).send({ status: 'active' }).expect(409)).body.error.code).toBe('enrolment_ended');
    const actions = (await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).orderBy('id').execute()).map((a) => a.action);
    expect(actions).toEqual(['enrolment.created', 'enrolment.paused', 'enrolment.resumed', 'enrolment.ended']);
    // Ended, the patient may be enrolled again.
    await enrol(patientId, programmeId);
  });

  it('gives a patient who is not active nothing more, and refuses to enrol one', async () => {
    const programmeId = await newProgramme();
    const patientId = await newPatient();
    await enrol(patientId, programmeId);
    await (await server.as('nurse')).patch(`/api/patients/${patientId}`).send({ status: 'deceased' }).expect(200);
    server.clock.advance(DAY);
    const nurse = await server.as('nurse');
    expect(await runSchedulerTick(scheduler)).toMatchObject({ occurrences: 0, sent: 0 });
    expect(smtp.mails).toHaveLength(0);
    expect(await invitationsOf(patientId)).toHaveLength(1);
    // The page says nothing is coming.
    expect((await enrolments(patientId))[0]).toMatchObject({ status: 'active', nextDueAt: null });
    const other = await newPatient();
    await nurse.patch(`/api/patients/${other}`).send({ status: 'discharged' }).expect(200);
    expect((await nurse.post(`/api/patients/${other}/enrolments`).send({ programmeId, startDate: '2026-03-02' }).expect(409)).body.error.code).toBe('patient_not_active');
  });

  it('puts a patient without a channel on the call list', async () => {
    const programmeId = await newProgramme();
    const patientId = await newPatient({});
    await enrol(patientId, programmeId);
    expect(await server.db.selectFrom('outbox_messages').select('id').execute()).toEqual([]);
    const nurse = await server.as('nurse');
    const [open] = (await nurse.get('/api/invitations').query({ patientId }).expect(200)).body;
    expect(open).toMatchObject({ channels: [], call: true });
  });

  it('refuses bad input: 404 for an unknown patient or enrolment, 422 for an unknown programme or a bad date', async () => {
    const nurse = await server.as('nurse');
    const patientId = await newPatient();
    expect((await nurse.post('/api/patients/nope/enrolments').send({ programmeId: 'rehabilitation', startDate: '2026-03-02' }).expect(404)).body.error.code).toBe('patient_not_found');
    expect((await nurse.get('/api/patients/nope/enrolments').expect(404)).body.error.code).toBe('patient_not_found');
    expect((await nurse.post(`/api/patients/${patientId}/enrolments`).send({ programmeId: 'nope', startDate: '2026-03-02' }).expect(422)).body.error.code).toBe('unknown_programme');
    expect((await nurse.post(`/api/patients/${patientId}/enrolments`).send({ programmeId: 'rehabilitation', startDate: '2026-02-30' }).expect(422)).body.error.details)
      .toEqual([expect.objectContaining({ path: 'startDate' })]);
    expect((await nurse.patch('/api/enrolments/nope').send({ status: 'active' }).expect(404)).body.error.code).toBe('enrolment_not_found');
  });
});

describe("a plan's next evaluation", () => {
  it("moves the next occurrence in the programme of the flag's questionnaire to that date", async () => {
    const programmeId = await newProgramme({ schedule: { every: 'P14D' }, openFor: 'P7D' });
    const patientId = await newPatient();
    const id = await enrol(patientId, programmeId, '2026-03-02');
    const { flagId } = await answer(patientId);
    const nurse = await server.as('nurse');
    await nurse.post(`/api/flags/${flagId}/decision`).send({ action: 'basic', responsible: 'Nurse Hansen', nextEvaluation: '2026-03-09', note: 'Follow up pain' }).expect(200);
    const [listed] = await enrolments(patientId);
    expect(listed!.nextDueAt).toBe('2026-03-08T23:00:00.000Z');
    server.clock.advance(7 * DAY);
    expect((await makeDueOccurrences(ctx)).made).toBe(1);
    const after = (await enrolments(patientId))[0]!;
    expect(after.occurrences[0]!.dueAt).toBe('2026-03-08T23:00:00.000Z');
    // 16 March was the occurrence moved; the schedule goes on with 30 March (28 days from the start, summer time).
    expect(after.nextDueAt).toBe('2026-03-29T22:00:00.000Z');
    expect(await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', '=', 'enrolment.moved').execute()).toHaveLength(1);
  });

  it('makes a one-off invitation on that date when the patient is in no matching programme', async () => {
    const patientId = await newPatient();
    const { flagId } = await answer(patientId);
    const nurse = await server.as('nurse');
    await nurse.post(`/api/flags/${flagId}/decision`).send({ action: 'basic', responsible: 'Nurse Hansen', nextEvaluation: '2026-03-05', note: 'Follow up pain' }).expect(200);
    expect((await makeDueOccurrences(ctx)).made).toBe(0);
    server.clock.advance(2 * DAY); // 4 March 09:00
    expect((await makeDueOccurrences(ctx)).made).toBe(0);
    server.clock.advance(DAY); // 5 March 09:00
    expect((await makeDueOccurrences(ctx)).made).toBe(1);
    expect((await makeDueOccurrences(ctx)).made).toBe(0);
    const made = await invitationsOf(patientId);
    expect(made).toEqual([expect.objectContaining({ questionnaire_id: 'minimal', trigger: 'intervention_follow_up', created_by: server.users.nurse.id })]);
  });
});

describe('adherence', () => {
  it('counts answered of decided occurrences per programme and month on a worked example, and marks a patient who missed the last two', async () => {
    const programmeId = await newProgramme();
    const [a, b] = [await newPatient(), await newPatient()];
    const nurse = async () => server.as('nurse');
    // 09:00: the first of each. A answers (with a need, so A has a flag on the worklist); B does not.
    await enrol(a!, programmeId);
    await enrol(b!, programmeId);
    await (await nurse()).post(`/api/patients/${a}/responses`).send({ id: randomUUID(), questionnaireId: 'minimal', mode: 'assisted', answers: { pain: 4, worry: 4 } }).expect(201);
    // 09:10: the second of each (B's first expired at 09:05). B answers; A does not.
    server.clock.advance(10 * MINUTE);
    expect((await makeDueOccurrences(ctx)).made).toBe(2);
    await answer(b!);
    // 09:20: the third of each, open: not counted yet.
    server.clock.advance(10 * MINUTE);
    expect((await makeDueOccurrences(ctx)).made).toBe(2);
    const indicators = (await (await nurse()).get('/api/indicators').query({ from: '2026-03-02', to: '2026-03-02' }).expect(200)).body;
    expect(indicators.programmes).toEqual([{
      programmeId, name: { da: 'Hvert tiende minut', en: 'Every ten minutes' }, scheduled: 4, answered: 2, adherence: 0.5,
      months: [{ month: '2026-03', scheduled: 4, answered: 2, adherence: 0.5 }],
    }]);
    const before = (await (await nurse()).get('/api/flags').expect(200)).body.items.find((i: { patient: { id: string } }) => i.patient.id === a);
    expect(before.tags).not.toContainEqual({ kind: 'missedLastTwo' });
    // 09:26: the third ones expired. A missed the last two (09:10, 09:20); B answered 09:10.
    server.clock.advance(6 * MINUTE);
    const items = (await (await nurse()).get('/api/flags').expect(200)).body.items as { patient: { id: string }; tags: { kind: string }[] }[];
    expect(items.find((i) => i.patient.id === a)!.tags[0]).toEqual({ kind: 'missedLastTwo' });
    expect(items.filter((i) => i.patient.id === b).flatMap((i) => i.tags)).not.toContainEqual({ kind: 'missedLastTwo' });
    const after = (await (await nurse()).get('/api/indicators').query({ from: '2026-03-02', to: '2026-03-02' }).expect(200)).body.programmes[0];
    expect(after).toMatchObject({ scheduled: 6, answered: 2, adherence: 0.333 });
    // Another period: nothing due in it.
    expect((await (await nurse()).get('/api/indicators').query({ from: '2026-03-03', to: '2026-03-31' }).expect(200)).body.programmes).toEqual([]);
  });
});

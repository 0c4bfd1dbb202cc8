/**
 * Inclusive answering (issue 13) through the API: staff-assisted entry, a relative's link (proxy)
 * and paper with a second user's verification; the mode on the flag, the worklist and the history;
 * the role matrix of the new routes; idempotency; the 422 cases; and migration 0012 on rows stored
 * before it.
 */
import { randomUUID } from 'node:crypto';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { migrations } from '../../migrations/index.js';
import type { Role } from '../../server/contract/codes.js';
import type { FlagDetail, FlagSummary, PatientHistory, PatientInvitation, WorklistItem, WorklistPage } from '../../server/contract/responses.js';
import { createServiceContext } from '../../server/services/create-context.js';
import type { Transport } from '../../server/services/notification-channels.js';
import { runSchedulerTick } from '../../server/services/scheduler.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { answersFixture, countRows, createTestServer, DAY, MINUTE, testCatalog, type TestServer } from './helpers.js';
import { freshDatabase } from './test-database.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ settings: { sessionIdleMs: 365 * DAY, sessionAbsoluteMs: 365 * DAY } });
}, 60_000);
afterAll(() => server.close());

/** The test clock's day (2026-03-02T09:00Z) in Copenhagen. */
const TODAY = '2026-03-02';
const BASIC = { pain: 2, worry: 1, walk: 1, contact: ['nurse'] };

const staffRef = (role: Role) => ({ id: server.users[role].id, username: server.users[role].username });

async function newPatient(name = 'Karen Marie Jensen'): Promise<string> {
  const nurse = await server.as('nurse');
  return (await nurse.post('/api/patients').send({ externalId: `ext-${randomUUID()}`, name }).expect(201)).body.id;
}

/** Staff record answers for the patient (assisted, minimal, basic answers unless the body says otherwise); expects the status. */
async function record(patientId: string, body: Record<string, unknown>, status: number, role: Role = 'nurse') {
  return (await server.as(role)).post(`/api/patients/${patientId}/responses`).send({ id: randomUUID(), questionnaireId: 'minimal', mode: 'assisted', answers: BASIC, ...body }).expect(status);
}

async function flagOf(responseId: string): Promise<FlagDetail> {
  const id = (await server.db.selectFrom('flags').select('id').where('response_id', '=', responseId).executeTakeFirstOrThrow()).id;
  return (await (await server.as('nurse')).get(`/api/flags/${id}`).expect(200)).body;
}

/** The flag's worklist row, expanded (its provenance comes with the row's reasons); undefined when it is not on the worklist. */
async function worklistItem(flagId: string): Promise<FlagSummary | undefined> {
  const nurse = await server.as('nurse');
  const page = (await nurse.get('/api/flags').query({ limit: 1000 }).expect(200)).body as WorklistPage;
  const row = page.items.find((f) => f.id === flagId);
  return row ? ((await nurse.get(`/api/flags/${flagId}/summary`).expect(200)).body as FlagSummary) : undefined;
}

async function relativeLink(patientId: string, relationship = 'datter') {
  const nurse = await server.as('nurse');
  return (await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'relative_concern', respondent: 'relative', relationship }).expect(201)).body
    .token as string;
}

describe('staff-assisted entry', () => {
  it('stores an assisted response, scored and flagged, with the mode, the recorder and the day on the flag, the worklist and the history', async () => {
    const patientId = await newPatient();
    const res = await record(patientId, { answers: { pain: 4, worry: 4 } }, 201);
    expect(res.body).toEqual({ responseId: expect.any(String), flagId: expect.any(String), status: 'open' });

    const detail = await flagOf(res.body.responseId);
    const provenance = {
      mode: 'assisted', respondent: 'patient', relationship: null, recordedBy: staffRef('nurse'), answeredOn: TODAY, verifiedBy: null, verifiedAt: null,
    };
    expect(detail.flag).toMatchObject({ ...provenance, id: res.body.flagId, status: 'open', level: 'specialized', trigger: 'other' });
    expect(detail.flag.respondentNote).toBeUndefined();
    expect(detail.history.at(-1)).toMatchObject({ ...provenance, responseId: res.body.responseId });
    expect(await worklistItem(res.body.flagId)).toMatchObject(provenance);
    const history = (await (await server.as('nurse')).get(`/api/patients/${patientId}/history`).expect(200)).body as PatientHistory;
    expect(history.responses).toEqual([expect.objectContaining({ ...provenance, responseId: res.body.responseId, status: 'open', level: 'specialized' })]);

    const audit = await server.db.selectFrom('audit_log').selectAll().where('entity_id', '=', res.body.responseId).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'response.recorded', actor_type: 'staff', actor_id: server.users.nurse.id, patient_id: patientId });
    expect(JSON.parse(audit.details!)).toMatchObject({ mode: 'assisted', respondent: 'patient', flagId: res.body.flagId, level: 'specialized', urgent: false });
  });

  it('scores and flags an assisted response exactly as the same answers on the patient link', async () => {
    const answers = answersFixture('palliative-specialized');
    const onLink = await newPatient('Link Patient');
    const nurse = await server.as('nurse');
    const { token } = (await nurse.post('/api/invitations').send({ patientId: onLink, questionnaireId: 'palliative-needs', trigger: 'other' }).expect(201)).body;
    const linked = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers }).expect(201);
    const assisted = await record(await newPatient('Assisted Patient'), { questionnaireId: 'palliative-needs', answers }, 201);

    const [a, b] = [await flagOf(linked.body.responseId), await flagOf(assisted.body.responseId)];
    const judged = (d: FlagDetail) => ({
      questionnaire: d.questionnaire, answers: d.answers, scores: d.scores, reasons: d.reasons, contact: d.contact,
      flag: { level: d.flag.level, urgent: d.flag.urgent, urgentReasons: d.flag.urgentReasons, ownWords: d.flag.ownWords, reasons: d.flag.reasons, dueAt: d.flag.dueAt, status: d.flag.status },
    });
    expect(b.flag.level).toBe('specialized');
    expect(judged(b)).toEqual(judged(a));
    expect([a.flag.mode, b.flag.mode]).toEqual(['self', 'assisted']);
  });

  it('is idempotent on the id: a retry gets the same 201 and stores nothing twice; the same id for another patient is that patient\'s own', async () => {
    const patientId = await newPatient();
    const body = { id: randomUUID(), questionnaireId: 'minimal', mode: 'assisted', answers: BASIC };
    const nurse = await server.as('nurse');
    const first = await nurse.post(`/api/patients/${patientId}/responses`).send(body).expect(201);
    const before = await countRows(server.db);
    const retries = await Promise.all([1, 2, 3].map(() => nurse.post(`/api/patients/${patientId}/responses`).send(body)));
    for (const retry of retries) expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first.body });
    expect(await countRows(server.db)).toEqual(before);

    const other = await nurse.post(`/api/patients/${await newPatient()}/responses`).send(body).expect(201);
    expect(other.body.responseId).not.toBe(first.body.responseId);
  });

  it('leaves a staff entry out of the invitation lists: nobody was invited', async () => {
    const patientId = await newPatient();
    await record(patientId, {}, 201);
    const nurse = await server.as('nurse');
    expect((await nurse.get('/api/invitations').query({ status: 'answered', patientId }).expect(200)).body).toEqual([]);
  });

  it('refuses with 422 a self or unknown mode, a future or impossible date, invalid answers, an unknown questionnaire, and a relationship without a relative; nothing is stored', async () => {
    const patientId = await newPatient();
    const before = await countRows(server.db);
    const refused = async (body: Record<string, unknown>) => (await record(patientId, body, 422)).body.error;
    expect(await refused({ mode: 'self' })).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'mode' })] });
    expect(await refused({ mode: 'proxy' })).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'mode' })] });
    expect(await refused({ mode: 'phone' })).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'mode' })] });
    expect(await refused({ mode: undefined })).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'mode' })] });
    expect(await refused({ mode: 'paper', answeredOn: '2026-03-03' })).toMatchObject({ code: 'answered_on_in_future', details: [{ path: 'answeredOn', message: expect.any(String) }] });
    expect(await refused({ answeredOn: '2026-02-30' })).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'answeredOn' })] });
    expect(await refused({ answers: { pain: 9 } })).toMatchObject({ code: 'invalid_answers' });
    expect(await refused({ questionnaireId: 'no-such' })).toMatchObject({ code: 'unknown_questionnaire' });
    expect(await refused({ relationship: 'datter' })).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'relationship' })] });
    expect(await refused({ respondent: 'relative' })).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'relationship' })] });
    expect(await refused({ id: 'not-a-uuid' })).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'id' })] });
    expect((await record('no-such-patient', {}, 404)).body.error.code).toBe('patient_not_found');
    expect(await countRows(server.db)).toEqual(before);
  });

  it('records a paper form a relative filled in, with the relationship', async () => {
    const res = await record(await newPatient(), { mode: 'paper', respondent: 'relative', relationship: 'søn', answeredOn: '2026-02-27' }, 201);
    const { flag } = await flagOf(res.body.responseId);
    expect(flag).toMatchObject({ mode: 'paper', respondent: 'relative', relationship: 'søn', answeredOn: '2026-02-27', status: 'awaiting_verification' });
    expect(flag.respondentNote?.en).toContain('A relative (søn) answered');
    expect(flag.respondentNote?.da).toContain('En pårørende (søn)');
  });
});

describe('worse since last time, for a paper form entered late', () => {
  /** The palliative questionnaire with every problem "Not at all"; pain is c5 and c12. */
  const pal = (a: Record<string, unknown> = {}) => ({
    c1: 1, c2: 1, c3: 1, c4: 1, c5: 1, c6: 1, c7: 1, c8: 1, c9: 1, c10: 1, c11: 1, c12: 1, c13: 1, c14: 1,
    relatives_worry: 1, relatives_strain: 1, practical_problems: 1, financial_problems: 1, cannot_cope: 1,
    lost_meaning: 1, fear_future: 1, faith_concerns: 1, c15: 6, contact_wish: ['none'], ...a,
  });
  const worse = async (patientId: string, body: Record<string, unknown>) =>
    (await flagOf((await record(patientId, { questionnaireId: 'palliative-needs', ...body }, 201)).body.responseId)).flag.worseSinceLast;
  const PAIN = { scale: 'pa', title: { da: 'Smerter', en: 'Pain' } };

  it('compares each response with the one answered before it, by the day it was answered, not by when it was entered', async () => {
    const patientId = await newPatient();
    // Today, with the patient: no pain.
    expect(await worse(patientId, { answers: pal() })).toEqual([]);
    // A paper form from ten days ago, entered now, with pain: nothing was answered before it, so nothing is "worse" (not today's painless answers).
    expect(await worse(patientId, { mode: 'paper', answeredOn: '2026-02-20', answers: pal({ c5: 3, c12: 3 }) })).toEqual([]);
    // A paper form from five days ago: compared with the one from ten days ago.
    expect(await worse(patientId, { mode: 'paper', answeredOn: '2026-02-25', answers: pal({ c5: 4, c12: 4 }) }))
      .toEqual([{ ...PAIN, from: expect.closeTo(66.67, 1), to: 100 }]);
    // Today again: compared with today's earlier answers (no pain), not with the paper form entered last.
    expect(await worse(patientId, { answers: pal({ c5: 3, c12: 3 }) })).toEqual([{ ...PAIN, from: 0, to: expect.closeTo(66.67, 1) }]);
  });
});

describe("a relative's link", () => {
  it("shows the patient's first name only and that a relative answers; the patient's own link shows neither", async () => {
    const patientId = await newPatient('Karen Marie Jensen');
    const opened = (await server.request.get(`/api/invitations/${await relativeLink(patientId)}`).expect(200)).body as PatientInvitation;
    expect(opened).toMatchObject({ respondent: 'relative', patientFirstName: 'Karen' });
    expect(JSON.stringify(opened)).not.toMatch(/Jensen|Marie|ext-|datter/);

    const nurse = await server.as('nurse');
    const own = (await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'other' }).expect(201)).body.token;
    const ownPage = (await server.request.get(`/api/invitations/${own}`).expect(200)).body as PatientInvitation;
    expect(ownPage.respondent).toBe('patient');
    expect(ownPage).not.toHaveProperty('patientFirstName');
    expect(JSON.stringify(ownPage)).not.toContain('Karen');

    const listed = (await nurse.get('/api/invitations').query({ patientId }).expect(200)).body;
    expect(listed.map((i: { respondent: string; relationship: string | null }) => [i.respondent, i.relationship])).toEqual([['relative', 'datter'], ['patient', null]]);
  });

  it('stores the answers as proxy by a relative, flagged like any other, and the flag says a relative answered in both languages', async () => {
    const patientId = await newPatient();
    const token = await relativeLink(patientId);
    const res = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
    const detail = await flagOf(res.body.responseId);
    expect(detail.flag).toMatchObject({
      mode: 'proxy', respondent: 'relative', relationship: 'datter', recordedBy: null, answeredOn: TODAY, status: 'open', level: 'specialized', trigger: 'relative_concern',
    });
    expect(detail.flag.respondentNote).toEqual({
      da: 'En pårørende (datter) har svaret på patientens vegne ud fra, hvordan de tror, patienten har det.',
      en: "A relative (datter) answered on the patient's behalf, giving their view of how the patient is.",
    });
    expect((await worklistItem(detail.flag.id))?.respondentNote).toEqual(detail.flag.respondentNote);
  });

  it('needs a relationship for a relative, and allows none for the patient', async () => {
    const patientId = await newPatient();
    const nurse = await server.as('nurse');
    const base = { patientId, questionnaireId: 'minimal', trigger: 'other' };
    for (const body of [{ ...base, respondent: 'relative' }, { ...base, respondent: 'relative', relationship: '  ' }, { ...base, relationship: 'datter' }]) {
      const res = await nurse.post('/api/invitations').send(body).expect(422);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'relationship' })]);
    }
    expect((await nurse.post('/api/invitations').send({ ...base, respondent: 'friend' }).expect(422)).body.error.details).toEqual([expect.objectContaining({ path: 'respondent' })]);
  });
});

describe('paper and its verification', () => {
  it('lists a paper entry as awaiting verification until a second staff user checks it; then it is open and can be decided', async () => {
    const patientId = await newPatient();
    const res = await record(patientId, { mode: 'paper', answeredOn: '2026-02-20', answers: { pain: 4, worry: 4 } }, 201);
    expect(res.body.status).toBe('awaiting_verification');
    const { responseId, flagId } = res.body;
    const waiting = await worklistItem(flagId);
    expect(waiting).toMatchObject({ status: 'awaiting_verification', mode: 'paper', answeredOn: '2026-02-20', recordedBy: staffRef('nurse'), verifiedBy: null, level: 'specialized' });
    const onlyWaiting = (await (await server.as('nurse')).get('/api/flags').query({ status: 'awaiting_verification' }).expect(200)).body.items as WorklistItem[];
    expect(onlyWaiting.map((f) => f.id)).toContain(flagId);
    expect(onlyWaiting.every((f) => f.status === 'awaiting_verification')).toBe(true);

    // Not decided on an unchecked transcription.
    const nurse = await server.as('nurse');
    await nurse.get(`/api/flags/${flagId}`).expect(200);
    const decided = await nurse.post(`/api/flags/${flagId}/decision`).send({ action: 'no_action', note: 'Set.' }).expect(409);
    expect(decided.body.error.code).toBe('flag_awaiting_verification');

    // The recorder cannot verify their own transcription.
    expect((await nurse.post(`/api/responses/${responseId}/verify`).expect(409)).body.error.code).toBe('verifier_is_recorder');
    expect((await worklistItem(flagId))?.status).toBe('awaiting_verification');

    server.clock.advance(10 * MINUTE);
    const verified = await (await server.as('admin')).post(`/api/responses/${responseId}/verify`).expect(200);
    const at = server.clock.now().toISOString();
    expect(verified.body).toEqual({ responseId, flagId, status: 'open', verifiedBy: staffRef('admin'), verifiedAt: at });
    const open = await worklistItem(flagId);
    expect(open).toMatchObject({ status: 'open', verifiedBy: staffRef('admin'), verifiedAt: at, dueAt: waiting!.dueAt });
    const history = (await nurse.get(`/api/patients/${patientId}/history`).expect(200)).body as PatientHistory;
    expect(history.responses[0]).toMatchObject({ mode: 'paper', status: 'open', verifiedBy: staffRef('admin'), answeredOn: '2026-02-20' });

    // Once only.
    expect((await (await server.as('admin')).post(`/api/responses/${responseId}/verify`).expect(409)).body.error.code).toBe('not_awaiting_verification');
    await nurse.post(`/api/flags/${flagId}/decision`).send({ action: 'no_action', note: 'Checked.' }).expect(200);

    const actions = await server.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', responseId).orderBy('id').execute();
    expect(actions).toEqual([{ action: 'response.recorded', actor_id: server.users.nurse.id }, { action: 'response.verified', actor_id: server.users.admin.id }]);
  });

  it('verifies only a paper entry: 409 for an assisted or a linked response, 404 for none', async () => {
    const assisted = await record(await newPatient(), {}, 201);
    const admin = await server.as('admin');
    expect((await admin.post(`/api/responses/${assisted.body.responseId}/verify`).expect(409)).body.error.code).toBe('not_awaiting_verification');
    expect((await admin.post(`/api/responses/${randomUUID()}/verify`).expect(404)).body.error.code).toBe('response_not_found');
  });

  it('escalates an unverified paper entry when it passes its deadline, like any open flag: the check cannot delay care', async () => {
    const ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, settings: {} });
    const scheduler = { ctx, transports: { log: async (_m: Parameters<Transport>[0]) => undefined }, leaseMs: 10_000 };
    const res = await record(await newPatient(), { mode: 'paper', answers: { pain: 4, worry: 4 } }, 201);
    const { dueAt } = (await worklistItem(res.body.flagId))!;
    expect(dueAt).toBe(new Date(server.clock.now().getTime() + 2 * DAY).toISOString()); // specialized: P2D by default
    server.clock.advance(2 * DAY + MINUTE);
    await runSchedulerTick(scheduler);
    const flag = await server.db.selectFrom('flags').select(['status', 'escalated_at']).where('id', '=', res.body.flagId).executeTakeFirstOrThrow();
    expect(flag).toEqual({ status: 'awaiting_verification', escalated_at: server.clock.now().toISOString() });
  });
});

describe('who may', () => {
  it('lets nurses and admins record and verify; the palliative team gets 403, anyone signed out 401, and nothing is stored', async () => {
    const patientId = await newPatient();
    const paper = await record(patientId, { mode: 'paper' }, 201, 'admin');
    const before = await countRows(server.db);
    const body = { id: randomUUID(), questionnaireId: 'minimal', mode: 'assisted', answers: BASIC };
    const team = await server.as('palliative_team');
    expect((await team.post(`/api/patients/${patientId}/responses`).send(body).expect(403)).body.error.code).toBe('forbidden');
    expect((await team.post(`/api/responses/${paper.body.responseId}/verify`).expect(403)).body.error.code).toBe('forbidden');
    expect((await server.request.post(`/api/patients/${patientId}/responses`).send(body).expect(401)).body.error.code).toBe('unauthenticated');
    expect((await server.request.post(`/api/responses/${paper.body.responseId}/verify`).expect(401)).body.error.code).toBe('unauthenticated');
    expect(await countRows(server.db)).toEqual(before);
    expect((await server.db.selectFrom('responses').select('verified_at').where('id', '=', paper.body.responseId).executeTakeFirstOrThrow()).verified_at).toBeNull();
    // Recorded by the admin: the nurse is the second user.
    await (await server.as('nurse')).post(`/api/responses/${paper.body.responseId}/verify`).expect(200);
  });
});

describe('migration 0012', () => {
  it('makes every response stored before it self-reported by the patient, with no recorder, and every invitation the patient\'s own', async () => {
    const { db, drop } = await freshDatabase({ migrate: false });
    onTestFinished(drop);
    onTestFinished(() => db.destroy());
    expect((await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0011_rate_limits')).error).toBeUndefined();
    // The current table types fit the old tables: every column 0012 adds has a default or may be null.
    const old = db;
    const at = '2026-01-01T23:30:00.000Z';
    await old.insertInto('staff_users').values({ id: 'u', username: 'u', password_hash: 'x', role: 'nurse', created_at: at }).execute();
    await old.insertInto('patients').values({ id: 'p', external_id: 'p', name: 'P', created_at: at, created_by: 'u' }).execute();
    await old.insertInto('invitations').values({ id: 'i', token_hash: 'h', patient_id: 'p', questionnaire_id: 'minimal', trigger: 'other', created_by: 'u', created_at: at, expires_at: at } as never).execute();
    await old.insertInto('responses').values({ id: 'r', client_id: 'c', invitation_id: 'i', patient_id: 'p', questionnaire_id: 'minimal', questionnaire_version: '1.0.0', answers: '{}', submitted_at: at }).execute();
    await migrateToLatest(db);
    expect(await db.selectFrom('responses').select(['mode', 'respondent', 'relationship', 'recorded_by', 'answered_on', 'verified_by', 'verified_at']).execute()).toEqual([
      { mode: 'self', respondent: 'patient', relationship: null, recorded_by: null, answered_on: null, verified_by: null, verified_at: null },
    ]);
    expect(await db.selectFrom('invitations').select(['respondent', 'relationship']).execute()).toEqual([{ respondent: 'patient', relationship: null }]);
  });
});

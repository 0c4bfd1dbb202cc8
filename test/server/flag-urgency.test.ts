/**
 * Issue 10 through the API: own words, urgent review, worse since last time, every scale in the
 * detail, and "a response with own words is never closed without a nurse having opened it".
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { migrations } from '../../migrations/index.js';
import type { FlagDetail, FlagSummary, WorklistItem, WorklistPage } from '../../server/contract/responses.js';
import { openDatabase } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { createTestServer, DAY, invite, tempDir, type TestServer } from './helpers.js';

const BASE: Record<string, unknown> = {
  c1: 1, c2: 1, c3: 1, c4: 1, c5: 1, c6: 1, c7: 1, c8: 1, c9: 1, c10: 1, c11: 1, c12: 1, c13: 1, c14: 1,
  relatives_worry: 1, relatives_strain: 1, practical_problems: 1, financial_problems: 1, cannot_cope: 1,
  lost_meaning: 1, fear_future: 1, faith_concerns: 1, c15: 6, contact_wish: ['none'],
};
const pal = (a: Record<string, unknown> = {}) => ({ ...BASE, ...a });
/** Specialized by "four problems across two areas", nothing at its worst: not urgent. */
const SPECIALIZED = pal({ c5: 3, c6: 3, fear_future: 3, relatives_worry: 3 });
/** Breathlessness "Very much": basic, and urgent. */
const URGENT_BASIC = pal({ c4: 4 });
/** Sleep "Quite a bit": basic, not urgent. */
const BASIC = pal({ c6: 3 });
const SUICIDAL = 'Jeg har tanker om at tage mit eget liv. Jeg kan ikke mere.';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

type Patient = { externalId: string; name: string };
const newPatient = (name: string): Patient => ({ externalId: `ext-${randomUUID()}`, name });

/** Invites and answers; returns the response's flag as the worklist shows it. */
async function answer(answers: Record<string, unknown>, patient: Patient = newPatient('Test Patient'), questionnaireId = 'palliative-needs'): Promise<FlagSummary> {
  const { token } = await invite(server, questionnaireId, patient);
  const { body } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers }).expect(201);
  const item = (await worklist()).find((f) => f.responseId === body.responseId);
  if (!item) throw new Error('the response is not on the worklist');
  // The row's reasons, own words and what is worse come on expand (the worklist page carries what a row shows).
  return (await (await server.as('nurse')).get(`/api/flags/${item.id}/summary`).expect(200)).body as FlagSummary;
}

async function worklist(query: Record<string, string> = {}): Promise<WorklistItem[]> {
  const nurse = await server.as('nurse');
  return ((await nurse.get('/api/flags').query({ limit: '1000', ...query }).expect(200)).body as WorklistPage).items;
}

describe('own words', () => {
  it('puts a response with only free text on the worklist at the basic level, marked with its words', async () => {
    const flag = await answer({ talk_about_other: SUICIDAL });
    expect(flag).toMatchObject({ level: 'basic', ownWords: true, ownWordsExcerpts: [SUICIDAL], urgent: false, urgentReasons: [], urgentReasonCount: 0, worseSinceLast: [] });
    expect(flag.reasons.map((r) => r.rule)).toEqual(['own-words', 'incomplete']); // nothing else answered
    expect((await answer(BASIC)).ownWords).toBe(false);
    expect((await answer(BASIC)).ownWordsExcerpts).toEqual([]);
  });

  it('shows every text, the agenda\'s first and the others in survey order, each cut at a word to about 140 characters', async () => {
    const long = 'Svimmel når jeg rejser mig, og munden er meget tør hele tiden. '.repeat(4);
    const flag = await answer({ other_symptoms: 'Lidt tør i munden.', talk_about_other: SUICIDAL });
    expect(flag.ownWordsExcerpts).toEqual([SUICIDAL, 'Lidt tør i munden.']);
    const cut = (await answer({ other_symptoms: long })).ownWordsExcerpts;
    expect(cut).toEqual(['Svimmel når jeg rejser mig, og munden er meget tør hele tiden. Svimmel når jeg rejser mig, og munden er meget tør hele tiden. Svimmel når…']);
    expect(cut[0]!.length).toBeLessThanOrEqual(141);
  });

  it('keeps the patient text out of the audit log', async () => {
    await answer({ talk_about_other: SUICIDAL });
    const rows = await server.db.selectFrom('audit_log').select('details').execute();
    expect(rows.filter((r) => r.details?.includes('eget liv'))).toEqual([]);
  });

  it('refuses a decision (409 own_words_unread) until a nurse opened the response, then accepts it', async () => {
    const flag = await answer({ talk_about_other: SUICIDAL });
    const nurse = await server.as('nurse');
    const decision = { action: 'no_action', note: 'Called the patient.' };
    const refused = await nurse.post(`/api/flags/${flag.id}/decision`).send(decision).expect(409);
    expect(refused.body.error.code).toBe('own_words_unread');
    expect((await worklist()).find((f) => f.id === flag.id)?.status).toBe('open');
    await nurse.get(`/api/flags/${flag.id}`).expect(200);
    expect((await nurse.post(`/api/flags/${flag.id}/decision`).send(decision).expect(200)).body.status).toBe('no_action');
    // Without own words, opening first is not needed.
    const plain = await answer(BASIC);
    await nurse.post(`/api/flags/${plain.id}/decision`).send(decision).expect(200);
  });

  it('refuses to close (409 own_words_unread) a response with own words nobody opened; taking it is fine', async () => {
    const flag = await answer({ talk_about_other: SUICIDAL });
    const nurse = await server.as('nurse');
    await nurse.post(`/api/flags/${flag.id}/take`).expect(200);
    const close = { outcome: 'contacted_phone' };
    expect((await nurse.post(`/api/flags/${flag.id}/close`).send(close).expect(409)).body.error.code).toBe('own_words_unread');
    await nurse.get(`/api/flags/${flag.id}`).expect(200);
    expect((await nurse.post(`/api/flags/${flag.id}/close`).send(close).expect(200)).body.outcome).toBe('contacted_phone');
  });
});

describe('own words are read within a day', () => {
  const HOUR = 3_600_000;
  const dueIn = (flag: FlagSummary): number => Date.parse(flag.dueAt) - Date.parse(flag.submittedAt);
  async function setDeadlines(deadlines: Record<string, string>): Promise<void> {
    await (await server.as('admin')).put('/api/settings').send({ deadlines }).expect(200);
  }

  it('makes a flag with own words due at the earlier of its level\'s deadline and the own-words deadline', async () => {
    await setDeadlines({ ownWords: 'PT24H', basic: 'P5D', specialized: 'P2D', urgent: 'PT24H' });
    onTestFinished(() => setDeadlines({ ownWords: 'PT24H', basic: 'P5D', specialized: 'P2D', urgent: 'PT24H' }));
    // Otherwise mild answers and a text: basic, due in 24 hours, not 5 days.
    expect(dueIn(await answer({ talk_about_other: SUICIDAL }))).toBe(24 * HOUR);
    expect(dueIn(await answer(BASIC))).toBe(5 * 24 * HOUR);
    // The setting is honoured, and never makes a flag due later than its level or urgency would.
    await setDeadlines({ ownWords: 'PT4H' });
    expect(dueIn(await answer({ ...SPECIALIZED, talk_about_other: 'Hjælp' }))).toBe(4 * HOUR);
    await setDeadlines({ ownWords: 'P3D', urgent: 'PT6H' });
    expect(dueIn(await answer({ talk_about_other: 'Hjælp' }))).toBe(3 * 24 * HOUR);
    expect(dueIn(await answer({ ...URGENT_BASIC, talk_about_other: 'Hjælp' }))).toBe(6 * HOUR);
    expect(dueIn(await answer({ ...SPECIALIZED, talk_about_other: 'Hjælp' }))).toBe(2 * 24 * HOUR);
  });

  it('validates and audits the own-words deadline like the others', async () => {
    const admin = await server.as('admin');
    const refused = await admin.put('/api/settings').send({ deadlines: { ownWords: 'a day' } }).expect(422);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'deadlines.ownWords' })]);
    expect((await admin.get('/api/settings').expect(200)).body.deadlines.ownWords).toBe('PT24H');
    await setDeadlines({ ownWords: 'PT12H' });
    onTestFinished(() => setDeadlines({ ownWords: 'PT24H' }));
    const audits = await server.db.selectFrom('audit_log').select('details').where('action', '=', 'settings.changed').execute();
    expect(audits.map((a) => JSON.parse(a.details!))).toContainEqual({ changed: ['deadlines.ownWords'], changes: [{ path: 'deadlines.ownWords', from: 'PT24H', to: 'PT12H' }] });
  });
});

describe('urgent review', () => {
  it('lists urgent first, then specialized, basic, none, each oldest first', async () => {
    const specialized = await answer(SPECIALIZED);
    server.clock.advance(DAY);
    const basicOld = await answer(BASIC);
    server.clock.advance(DAY);
    const urgent = await answer(URGENT_BASIC);
    server.clock.advance(DAY);
    const basicNew = await answer(BASIC);
    const none = await answer(pal());
    expect(urgent).toMatchObject({ level: 'basic', urgent: true, urgentReasonCount: 1 });
    expect(urgent.urgentReasons[0]).toMatchObject({ rule: 'symptom-at-worst', evidence: [{ kind: 'item', item: 'c4', value: 4 }] });
    expect(specialized.urgent).toBe(false);

    const ids = [specialized, basicOld, urgent, basicNew, none].map((f) => f.id);
    const order = (await worklist()).map((f) => f.id).filter((id) => ids.includes(id));
    expect(order).toEqual([urgent.id, specialized.id, basicOld.id, basicNew.id, none.id]);
    // Paging keeps the order: the first item alone is the urgent one.
    const nurse = await server.as('nurse');
    const first = (await nurse.get('/api/flags').query({ limit: 1 }).expect(200)).body as WorklistPage;
    expect(first.items[0]!.urgent).toBe(true);
  });

  it('gives the detail its urgent reasons with evidence', async () => {
    const flag = await answer(URGENT_BASIC);
    const nurse = await server.as('nurse');
    const detail = (await nurse.get(`/api/flags/${flag.id}`).expect(200)).body as FlagDetail;
    expect(detail.flag.urgent).toBe(true);
    expect(detail.flag.urgentReasons).toEqual([expect.objectContaining({ rule: 'symptom-at-worst', text: expect.objectContaining({ en: expect.stringContaining('Very much') }) })]);
  });
});

describe('worse since last time', () => {
  it('compares with the same patient\'s previous response to the same questionnaire', async () => {
    const karen = newPatient('Karen');
    expect((await answer(pal(), karen)).worseSinceLast).toEqual([]);
    server.clock.advance(DAY);
    const second = await answer(pal({ c5: 3, c12: 3 }), karen);
    expect(second.worseSinceLast).toEqual([{ scale: 'pa', title: { da: 'Smerter', en: 'Pain' }, from: 0, to: expect.closeTo(66.67, 1) }]);
    const nurse = await server.as('nurse');
    expect(((await nurse.get(`/api/flags/${second.id}`).expect(200)).body as FlagDetail).flag.worseSinceLast).toEqual(second.worseSinceLast);

    // Another patient's first response is compared with nothing.
    expect((await answer(pal({ c5: 4, c12: 4 }), newPatient('Other'))).worseSinceLast).toEqual([]);
    // Nor is a first response to another questionnaire of the same patient.
    const ole = newPatient('Ole');
    await answer(pal(), ole);
    server.clock.advance(DAY);
    const rehab = await answer({ pain: 4, pain_daily: 4 }, ole, 'rehabilitation-needs');
    expect(rehab.worseSinceLast).toEqual([]);
  });
});

describe('the detail\'s scores', () => {
  it('lists every scale of the questionnaire, a missing one with score null', async () => {
    const { c13: _c13, c14: _c14, ...noEmotions } = BASIC;
    const flag = await answer(noEmotions);
    const nurse = await server.as('nurse');
    const detail = (await nurse.get(`/api/flags/${flag.id}`).expect(200)).body as FlagDetail;
    expect(detail.scores.map((s) => s.scale)).toEqual(['pf', 'ef', 'fa', 'nv', 'pa', 'dy', 'sl', 'ap', 'co', 'ql', 'relatives', 'practical', 'fi', 'existential']);
    expect(detail.scores.find((s) => s.scale === 'ef')).toMatchObject({ score: null, isNeed: false });
    expect(detail.scores.find((s) => s.scale === 'sl')?.score).toBeCloseTo(66.67, 1);
  });
});

describe('migration 0009', () => {
  it('sets urgent and own words of flags stored before it from their stored reasons', async () => {
    const db = openDatabase(path.join(tempDir(), 'db.sqlite'));
    onTestFinished(() => db.destroy());
    expect((await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0005_idempotency_per_invitation')).error).toBeUndefined();
    const old = db as unknown as Kysely<any>;
    const at = '2026-01-01T00:00:00.000Z';
    const flag = (id: string, reasons: unknown) => ({
      id, response_id: `r-${id}`, patient_id: 'p', level: 'basic', level_rank: 1, status: 'open', reasons: JSON.stringify(reasons), created_at: at, updated_at: at,
    });
    await old.insertInto('staff_users').values({ id: 'u', username: 'u', password_hash: 'x', role: 'nurse', created_at: at }).execute();
    await old.insertInto('patients').values({ id: 'p', external_id: 'p', name: 'P', created_at: at, created_by: 'u' }).execute();
    for (const id of ['urgent', 'own', 'plain']) {
      await old.insertInto('invitations').values({ id: `i-${id}`, token_hash: `h-${id}`, patient_id: 'p', questionnaire_id: 'minimal', trigger: 'other', created_by: 'u', created_at: at, expires_at: at }).execute();
      await old.insertInto('responses').values({ id: `r-${id}`, client_id: `r-${id}`, invitation_id: `i-${id}`, patient_id: 'p', questionnaire_id: 'minimal', questionnaire_version: '1.0.0', answers: '{}', submitted_at: at }).execute();
    }
    await old.insertInto('flags').values([
      flag('urgent', { evidence: [], reasons: [], urgent: [{ rule: 'symptom-at-worst', evidence: [] }] }),
      flag('own', { evidence: [{ kind: 'item', item: 'talk_about_other', value: 'Hjælp', comparison: 'answered' }], reasons: [{ rule: 'own-words', level: 'basic', evidence: [0] }] }),
      flag('plain', [{ rule: 'pa-need', level: 'basic', text: { da: 'x', en: 'x' }, evidence: [] }]),
    ]).execute();
    await migrateToLatest(db);
    const rows = await db.selectFrom('flags').select(['id', 'urgent', 'own_words', 'worse_since_last', 'opened_at']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'own', urgent: 0, own_words: 1, worse_since_last: null, opened_at: null },
      { id: 'plain', urgent: 0, own_words: 0, worse_since_last: null, opened_at: null },
      { id: 'urgent', urgent: 1, own_words: 0, worse_since_last: null, opened_at: null },
    ]);
  });
});

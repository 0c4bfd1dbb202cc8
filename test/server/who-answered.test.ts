/**
 * Clinical rules v2, 11-13 through the API: the `respondent` answer on the patient's own link sets
 * the stored mode; a relative's own link does not show the question; "worse since last time" and
 * the trend rule `worse-by-two-steps` compare like with like (patient with patient, relative with
 * relative). The questionnaire `who-answers` (test/fixtures/respondent) is the minimal one with the
 * question `respondent` first.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlagDetail, FlagSummary, WorklistItem } from '../../server/contract/responses.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { createTestServer, DAY, FIXTURES, testCatalog, type TestServer } from './helpers.js';

const Q = 'who-answers';
let server: TestServer;
beforeAll(async () => {
  const questionnaires = new Map([...(await testCatalog()), ...(await loadQuestionnaires(path.join(FIXTURES, 'respondent')))]);
  server = await createTestServer({ questionnaires });
});
afterAll(() => server.close());

async function newPatient(): Promise<string> {
  const nurse = await server.as('nurse');
  return (await nurse.post('/api/patients').send({ externalId: `ext-${randomUUID()}`, name: 'Inge Holm' }).expect(201)).body.id;
}

async function link(patientId: string, relative = false): Promise<string> {
  const nurse = await server.as('nurse');
  const body = { patientId, questionnaireId: Q, trigger: 'other', ...(relative ? { respondent: 'relative', relationship: 'søn' } : {}) };
  return (await nurse.post('/api/invitations').send(body).expect(201)).body.token;
}

/** Answers on a new link (the patient's own, or a relative's) a day after the last; returns the flag as the detail shows it. */
async function answer(patientId: string, answers: Record<string, unknown>, relative = false): Promise<FlagDetail> {
  server.clock.advance(DAY);
  const token = await link(patientId, relative);
  const { responseId } = (await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers }).expect(201)).body;
  const flagId = (await server.db.selectFrom('flags').select('id').where('response_id', '=', responseId).executeTakeFirstOrThrow()).id;
  return (await (await server.as('nurse')).get(`/api/flags/${flagId}`).expect(200)).body;
}

const modeOf = (d: FlagDetail) => ({ mode: d.flag.mode, respondent: d.flag.respondent });

describe('who is filling in, on the patient\'s own link', () => {
  it('stores assisted for "with help", proxy for "a relative", self for "I am" or no answer', async () => {
    const patientId = await newPatient();
    expect(modeOf(await answer(patientId, { pain: 1, respondent: 'assisted' }))).toEqual({ mode: 'assisted', respondent: 'patient' });
    expect(modeOf(await answer(patientId, { pain: 1, respondent: 'relative' }))).toEqual({ mode: 'proxy', respondent: 'relative' });
    expect(modeOf(await answer(patientId, { pain: 1, respondent: 'self' }))).toEqual({ mode: 'self', respondent: 'patient' });
    expect(modeOf(await answer(patientId, { pain: 1 }))).toEqual({ mode: 'self', respondent: 'patient' });
    const relative = await answer(patientId, { pain: 1, respondent: 'relative' });
    expect(relative.flag.recordedBy).toBeNull();
    expect(relative.flag.respondentNote?.en).toMatch(/^A relative answered/);
    const rows = await server.db.selectFrom('responses').select(['mode', 'respondent']).where('patient_id', '=', patientId).orderBy('submitted_at').execute();
    expect(rows.map((r) => r.mode)).toEqual(['assisted', 'proxy', 'self', 'self', 'proxy']);
  });

  it('refuses an answer that is not one of the choices (422)', async () => {
    const token = await link(await newPatient());
    const res = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 1, respondent: 'nurse' } }).expect(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ question: 'respondent', code: 'not_a_choice' })]);
  });

  it('says in the own-words reason that the relative wrote, when a relative answered', async () => {
    const patientId = await newPatient();
    const own = await answer(patientId, { pain: 1, other: 'Hun sover dårligt.', respondent: 'relative' });
    expect(own.flag.reasons.find((r) => r.rule === 'own-words')?.text).toEqual({ da: 'Den pårørende har skrevet med egne ord: læs dem.', en: 'The relative wrote in their own words: read them.' });
    const viaRelativeLink = await answer(patientId, { pain: 1, other: 'Hun sover dårligt.' }, true);
    expect(viaRelativeLink.reasons.find((r) => r.rule === 'own-words')?.text.en).toBe('The relative wrote in their own words: read them.');
    const patient = await answer(patientId, { pain: 1, other: 'Jeg sover dårligt.', respondent: 'self' });
    expect(patient.flag.reasons.find((r) => r.rule === 'own-words')?.text.en).toBe('The patient wrote in their own words: read them.');
  });
});

describe('a relative\'s own link', () => {
  it('does not show the question: the survey sent to the link hides it, and the answers stay proxy', async () => {
    const patientId = await newPatient();
    const questionOf = (survey: { pages: { elements: { name: string; visible?: boolean }[] }[] }) =>
      survey.pages.flatMap((p) => p.elements).find((e) => e.name === 'respondent');
    const relativeToken = await link(patientId, true);
    const relativePage = (await server.request.get(`/api/invitations/${relativeToken}`).expect(200)).body;
    expect(questionOf(relativePage.questionnaire.survey)).toMatchObject({ name: 'respondent', visible: false });
    const ownPage = (await server.request.get(`/api/invitations/${await link(patientId)}`).expect(200)).body;
    expect(questionOf(ownPage.questionnaire.survey)?.visible).toBeUndefined();
    // Hidden on the relative's link only: the questionnaire itself is unchanged for the next link.
    const ownAgain = (await server.request.get(`/api/invitations/${await link(patientId)}`).expect(200)).body;
    expect(questionOf(ownAgain.questionnaire.survey)?.visible).toBeUndefined();
    expect(modeOf(await answer(patientId, { pain: 1 }, true))).toEqual({ mode: 'proxy', respondent: 'relative' });
  });
});

describe('like with like', () => {
  it('compares worse since last time only with the latest response of the same kind of respondent', async () => {
    const patientId = await newPatient();
    await answer(patientId, { pain: 1, respondent: 'self' });
    // A relative rates the pain worse: not "worse" than the patient's own answers.
    const relative = await answer(patientId, { pain: 3, respondent: 'relative' });
    expect(relative.flag.worseSinceLast).toEqual([]);
    // The patient again: compared with the patient's first answers, not the relative's.
    const patient = await answer(patientId, { pain: 2, respondent: 'assisted' });
    expect(patient.flag.worseSinceLast).toEqual([expect.objectContaining({ scale: 'pa', from: 0, to: expect.closeTo(100 / 3, 6) })]);
    // The relative again: compared with the relative's own earlier answers.
    const relativeAgain = await answer(patientId, { pain: 4 }, true);
    expect(relativeAgain.flag.worseSinceLast).toEqual([expect.objectContaining({ scale: 'pa', from: expect.closeTo(200 / 3, 6), to: 100 })]);
  });
});

describe('the trend rule worse-by-two-steps', () => {
  const TREND = {
    rule: 'worse-by-two-steps',
    text: { da: '»Smerter?« er blevet meget værre siden sidst: vurdér i dag.', en: '“Pain?” is much worse than last time: review today.' },
    evidence: [{ kind: 'item', item: 'pain', value: 3, comparison: 'atLeast', expected: 3 }],
  };

  it('makes a response urgent when a symptom is two answer steps worse than the patient\'s previous response', async () => {
    const patientId = await newPatient();
    const first = await answer(patientId, { pain: 1, walk: 1 });
    expect(first.flag.urgent).toBe(false); // no history: no trend
    const second = await answer(patientId, { pain: 3, walk: 1 });
    expect(second.flag).toMatchObject({ urgent: true, urgentReasons: [TREND], urgentReasonCount: 1 });
    // Due as urgent review (PT24H by default), and on the worklist with the same reason.
    expect(Date.parse(second.flag.dueAt) - Date.parse(second.flag.submittedAt)).toBe(DAY);
    const nurse = await server.as('nurse');
    const page = (await nurse.get('/api/flags').query({ limit: 1000 }).expect(200)).body.items as WorklistItem[];
    expect(page.find((f) => f.id === second.flag.id)?.urgent).toBe(true);
    const summary = (await nurse.get(`/api/flags/${second.flag.id}/summary`).expect(200)).body as FlagSummary;
    expect(summary.urgentReasons).toEqual([TREND]);
    // FHIR: the DetectedIssue names the urgency rule with its text.
    const bundle = (await (await server.as('nurse')).get('/api/fhir/Bundle').query({ response: second.flag.responseId }).expect(200)).body;
    const issue = bundle.entry.map((e: { resource: Record<string, unknown> }) => e.resource).find((r: { resourceType: string }) => r.resourceType === 'DetectedIssue');
    expect(JSON.stringify(issue)).toContain('worse-by-two-steps');
    expect(JSON.stringify(issue)).toContain('is much worse than last time: review today.');
  });

  it('does not fire for one step, for a functional item, or without an answer on either side', async () => {
    const patientId = await newPatient();
    await answer(patientId, { pain: 2, walk: 1 });
    // Pain one step worse; trouble walking three steps (a functional scale: not a symptom item).
    expect((await answer(patientId, { pain: 3, walk: 4 })).flag.urgentReasons).toEqual([]);
    expect((await answer(patientId, { pain: 1 })).flag.urgentReasons).toEqual([]);
    expect((await answer(patientId, { pain: 1, worry: 4 })).flag.urgentReasons).toEqual([]); // worry unanswered last time
  });

  it('compares with the same kind of respondent: patient then relative does not fire, relative then relative does', async () => {
    const patientId = await newPatient();
    await answer(patientId, { pain: 1 });
    const relative = await answer(patientId, { pain: 3 }, true);
    expect(relative.flag.urgentReasons).toEqual([]);
    const viaOwnLink = await answer(patientId, { pain: 3, respondent: 'relative' });
    expect(viaOwnLink.flag.urgentReasons).toEqual([]); // the relative's previous answer was 3 too
    const relativeWorse = await answer(patientId, { pain: 1 }, true);
    expect(relativeWorse.flag.urgentReasons).toEqual([]);
    expect((await answer(patientId, { pain: 3 }, true)).flag.urgentReasons.map((r) => r.rule)).toEqual(['worse-by-two-steps']);
  });

  it('only adds urgency: the level and reasons are those the same answers get without history', async () => {
    const patientId = await newPatient();
    await answer(patientId, { pain: 2, worry: 1 });
    const after = await answer(patientId, { pain: 4, worry: 1 });
    const fresh = await answer(await newPatient(), { pain: 4, worry: 1 });
    expect(fresh.flag.urgent).toBe(false);
    expect(after.flag).toMatchObject({ level: fresh.flag.level, reasons: fresh.flag.reasons, urgent: true });
    expect(after.flag.urgentReasons.map((r) => r.rule)).toEqual(['worse-by-two-steps']);
  });
});

/**
 * palliative-needs 2.0.1 (issue 23): a new title without "PRO-pal-lignende", the paper form and
 * the patient's page read it; a response answered under 2.0.0 keeps that version, its title and
 * its scores after the server serves 2.0.1.
 */
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import type { QuestionnaireCatalog } from '../../server/questionnaire-loader.js';
import { answersFixture, createTestServer, invite, PASSWORD, TEST_PASSWORD_HASHING, testCatalog, type TestServer } from './helpers.js';

const OLD_TITLE = { en: 'Palliative needs (PRO-pal style)', da: 'Palliative behov (PRO-pal-lignende)' };

/** The catalog as it was before 2.0.1: the same file under 2.0.0 with the old title. */
async function catalogBefore(): Promise<QuestionnaireCatalog> {
  const catalog = await testCatalog();
  const now = catalog.get('palliative-needs')!;
  catalog.set('palliative-needs', { ...now, definition: { ...now.definition, version: '2.0.0', title: OLD_TITLE } });
  return catalog;
}

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ questionnaires: await catalogBefore() });
});
afterAll(() => server.close());

describe('palliative-needs 2.0.1', () => {
  it('serves a title a patient can read, in both languages, on the link and the paper form', async () => {
    const served = (await testCatalog()).get('palliative-needs')!.definition;
    expect(served.version).toBe('2.0.1');
    expect(served.title).toEqual({ en: 'Palliative needs', da: 'Palliative behov' });
    // Nothing a patient reads names the professional shorthand.
    expect(JSON.stringify({ title: served.title, survey: served.survey, completion: served.completion })).not.toMatch(/PRO-pal/i);
  });

  it('keeps a response answered under 2.0.0 on its version, title and scores once 2.0.1 is served; new links get 2.0.1', async () => {
    const { token, patientId } = await invite(server, 'palliative-needs');
    await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: answersFixture('palliative-specialized') }).expect(201);
    const nurse = await server.as('nurse');
    const flagId = (await nurse.get('/api/flags').query({ limit: 1000 }).expect(200)).body.items.find((f: { patient: { id: string } }) => f.patient.id === patientId).id;
    const before = (await nurse.get(`/api/flags/${flagId}`).expect(200)).body;
    expect(before.questionnaire).toMatchObject({ id: 'palliative-needs', version: '2.0.0', title: OLD_TITLE });

    // The server restarts with the shipped files (2.0.1) on the same database.
    const app = createApp({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
    const staff = supertest.agent(app);
    await staff.post('/api/auth/login').send({ username: server.users.nurse.username, password: PASSWORD }).expect(200);
    const after = (await staff.get(`/api/flags/${flagId}`).expect(200)).body;
    expect(after.questionnaire).toMatchObject({ version: '2.0.0', title: OLD_TITLE });
    expect(after.scores).toEqual(before.scores);
    expect(after.flag.level).toBe(before.flag.level);
    expect(after.scores.some((s: { score: number | null }) => s.score !== null)).toBe(true);
    // The response is shown with the form it was answered with.
    expect((await staff.get('/api/questionnaires/palliative-needs/form').query({ version: '2.0.0' }).expect(200)).body.title).toEqual(OLD_TITLE);

    const blank = (await staff.get('/api/questionnaires/palliative-needs/form').expect(200)).body;
    expect(blank).toMatchObject({ version: '2.0.1', title: { en: 'Palliative needs', da: 'Palliative behov' } });
    const created = (await staff.post('/api/invitations').send({ patientId, questionnaireId: 'palliative-needs', trigger: 'status_conversation' }).expect(201)).body;
    const page = (await supertest(app).get(`/api/invitations/${created.token}`).expect(200)).body;
    expect(page.questionnaire).toMatchObject({ version: '2.0.1', title: { da: 'Palliative behov' } });
    expect(JSON.stringify(page)).not.toMatch(/PRO-pal/i);
  });
});

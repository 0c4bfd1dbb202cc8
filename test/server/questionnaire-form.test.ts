/** GET /api/questionnaires/:id/form: the SurveyJS form staff fill in, print blank, or show a response with. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertQuestionnaireVersionIfAbsent } from '../../server/storage/questionnaire-versions.js';
import { createTestServer, FIXTURES, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

describe('questionnaire form', () => {
  it('sends the version served now, with its survey, the scored items and the site for the safety message', async () => {
    const nurse = await server.as('nurse');
    const { body } = await nurse.get('/api/questionnaires/palliative-needs/form').expect(200);
    const summary = (await nurse.get('/api/questionnaires').expect(200)).body.find((q: { id: string }) => q.id === 'palliative-needs');
    expect(body).toMatchObject({ id: 'palliative-needs', version: summary.version, title: summary.title });
    expect(Array.isArray(body.survey.pages)).toBe(true);
    expect(body.scoredItems).toContain('c1');
    expect(body.site).toHaveProperty('phone');
  });

  it('sends an older version a response was answered with, as stored', async () => {
    // The test questionnaire as it was under an older version, with other wording.
    const old = JSON.parse(readFileSync(path.join(FIXTURES, 'questionnaires', 'minimal.json'), 'utf8'));
    old.version = '0.9-old';
    old.title.en = 'Old wording';
    await insertQuestionnaireVersionIfAbsent(server.db, { questionnaire_id: 'minimal', version: '0.9-old', definition: JSON.stringify(old), registered_at: new Date().toISOString() });
    const { body } = await (await server.as('palliative_team')).get('/api/questionnaires/minimal/form').query({ version: '0.9-old' }).expect(200);
    expect(body).toMatchObject({ version: '0.9-old', title: { en: 'Old wording' }, survey: old.survey, scoredItems: ['pain', 'worry', 'walk'] });
  });

  it('pipes no answer into the HTML of a version stored before placeholders in HTML were refused', async () => {
    // The refused fixture's survey, as if a site had loaded it under an older release.
    const old = JSON.parse(readFileSync(path.join(FIXTURES, 'questionnaires', 'minimal.json'), 'utf8'));
    old.version = '0.8-piped';
    old.survey = JSON.parse(readFileSync(path.join(FIXTURES, 'unsafe-questionnaires', 'piped-html.json'), 'utf8')).survey;
    delete old.survey.completedHtmlOnCondition;
    await insertQuestionnaireVersionIfAbsent(server.db, { questionnaire_id: 'minimal', version: '0.8-piped', definition: JSON.stringify(old), registered_at: new Date().toISOString() });
    const { body } = await (await server.as('nurse')).get('/api/questionnaires/minimal/form').query({ version: '0.8-piped' }).expect(200);
    const echo = body.survey.pages[0].elements[5];
    expect(echo.html).toEqual({ default: '<p>You wrote: &#123;other&#125;</p>', da: '<p>Du skrev: &#123;other&#125;</p>' });
    expect(body.survey.completedHtml.default).toBe('<p>Thank you, &#123;other&#125;</p>');
    // Conditions keep their placeholders: they are expressions, not HTML.
    expect(body.survey.pages[0].elements[6].elements[0].visibleIf).toBe('{pain} >= 2');
  });

  it('answers 404 naming the questionnaire or version that does not exist', async () => {
    const admin = await server.as('admin');
    const unknown = await admin.get('/api/questionnaires/no-such/form').expect(404);
    expect(unknown.body.error).toMatchObject({ code: 'questionnaire_not_found', message: expect.stringContaining('no-such') });
    const noVersion = await admin.get('/api/questionnaires/minimal/form').query({ version: '99' }).expect(404);
    expect(noVersion.body.error.message).toContain('"99"');
  });
});

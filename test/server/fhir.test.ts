/** FHIR R4 routes (issue 14): every resource conforms to R4, the values are the stored ones, reads are audited, errors are clear. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FHIR_SYSTEMS } from '../../server/domain/fhir.js';
import { fhirProblems } from '../fhir-validator.js';
import { answersFixture, createTestServer, FIXTURES, invite, type TestServer } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- FHIR JSON the tests reach into
type Json = any;

const EXTERNAL_ID = '010203-1234';
let server: TestServer;
let responseId: string;
let submittedAt: string;

beforeAll(async () => {
  server = await createTestServer();
  const { token } = await invite(server, 'palliative-needs', { externalId: EXTERNAL_ID, name: 'Karen Jensen' });
  // Overall quality of life left blank: its scale is missing.
  const { c15: _blank, ...answers } = answersFixture('palliative-specialized');
  submittedAt = server.clock.now().toISOString();
  responseId = (await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers, locale: 'da' }).expect(201)).body.responseId;
});
afterAll(() => server.close());

async function get(url: string, status = 200): Promise<Json> {
  const res = await (await server.as('nurse')).get(url).expect(status);
  if (status === 200) {
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const body = JSON.parse(res.text);
    expect(fhirProblems(body)).toEqual([]);
    return body;
  }
  return res.body;
}

describe('GET /api/fhir/QuestionnaireResponse/:id', () => {
  it('gives the response with the exact questionnaire version, the patient by external id and every answer coded', async () => {
    const qr = await get(`/api/fhir/QuestionnaireResponse/${responseId}`);
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse', id: responseId, status: 'completed', authored: submittedAt,
      questionnaire: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/api/fhir/Questionnaire/palliative-needs\\|2\\.0\\.1$`)),
      subject: { type: 'Patient', identifier: { system: FHIR_SYSTEMS.patientExternalId, value: EXTERNAL_ID } },
      source: { type: 'Patient' }, author: { type: 'Patient' },
    });
    const answers = answersFixture('palliative-specialized');
    const items = qr.item.flatMap((g: Json) => g.item);
    expect(items.find((i: Json) => i.linkId === 'c15')).toBeUndefined();
    for (const item of items) {
      const stored = answers[item.linkId];
      const codes = item.answer.map((a: Json) => a.valueCoding?.code ?? a.valueString);
      expect(codes).toEqual((Array.isArray(stored) ? stored : [stored]).map(String));
    }
  });

  it('is 404 for an unknown response', async () => {
    expect((await get('/api/fhir/QuestionnaireResponse/no-such-response', 404)).error.code).toBe('response_not_found');
  });
});

describe('GET /api/fhir/Observation?response=', () => {
  it('gives one Observation per scale whose value is the stored score, unrounded, and dataAbsentReason for a missing scale', async () => {
    const bundle = await get(`/api/fhir/Observation?response=${responseId}`);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    const stored = await server.db.selectFrom('scale_scores').select(['scale', 'score']).where('response_id', '=', responseId).execute();
    expect(bundle.total).toBe(stored.length);
    expect(bundle.entry).toHaveLength(stored.length);
    for (const { resource: o, search } of bundle.entry) {
      expect(search).toEqual({ mode: 'match' });
      const row = stored.find((s) => s.scale === o.code.coding[0].code)!;
      expect(o).toMatchObject({ status: 'final', effectiveDateTime: submittedAt, derivedFrom: [{ reference: `QuestionnaireResponse/${responseId}` }], subject: { identifier: { value: EXTERNAL_ID } } });
      if (row.score === null) {
        expect(o.valueQuantity).toBeUndefined();
        expect(o.dataAbsentReason.coding[0].system).toBe(FHIR_SYSTEMS.dataAbsentReason);
      } else expect(o.valueQuantity).toEqual({ value: Number(row.score) });
    }
    expect(stored.find((s) => s.scale === 'ql')!.score).toBeNull();
    expect(stored.filter((s) => s.score !== null).length).toBeGreaterThan(5);
  });

  it('is 422 naming the parameter without ?response=, and 404 for an unknown response', async () => {
    const missing = await get('/api/fhir/Observation', 422);
    expect(missing.error).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'response' })] });
    expect((await get('/api/fhir/Observation?response=nope', 404)).error.code).toBe('response_not_found');
  });
});

describe('GET /api/fhir/Bundle?response=', () => {
  it('collects the response, its Observations and a DetectedIssue with the stored level and its reasons', async () => {
    const bundle = await get(`/api/fhir/Bundle?response=${responseId}`);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', timestamp: server.clock.now().toISOString() });
    const types = bundle.entry.map((e: Json) => e.resource.resourceType);
    const scales = await server.db.selectFrom('scale_scores').select('scale').where('response_id', '=', responseId).execute();
    expect(types).toEqual(['QuestionnaireResponse', ...scales.map(() => 'Observation'), 'DetectedIssue']);
    const flag = await server.db.selectFrom('flags').selectAll().where('response_id', '=', responseId).executeTakeFirstOrThrow();
    const issue = bundle.entry.at(-1).resource;
    expect(issue).toMatchObject({ id: flag.id, code: { coding: [{ system: FHIR_SYSTEMS.level, code: flag.level }] }, patient: { identifier: { value: EXTERNAL_ID } } });
    expect(flag.level).toBe('specialized');
    const reasons = (await (await server.as('nurse')).get(`/api/flags/${flag.id}`).expect(200)).body.reasons as { rule: string; text: { da: string; en: string } }[];
    const levelEvidence = issue.evidence.filter((e: Json) => e.code[0].coding[0].system === FHIR_SYSTEMS.flaggingRule);
    expect(levelEvidence.map((e: Json) => [e.code[0].coding[0].code, e.code[0].text, e.code[0]._text?.extension[0].extension[1].valueString ?? e.code[0].text]))
      .toEqual(reasons.map((r) => [r.rule, r.text.en, r.text.da]));
    // Every reference inside the bundle resolves to an entry.
    const fullUrls = new Set(bundle.entry.map((e: Json) => e.fullUrl));
    const base = bundle.entry[0].fullUrl.replace(/\/QuestionnaireResponse\/.*$/, '');
    const references = JSON.stringify(bundle).match(/"reference":"[^"]+"/g)!.map((r) => `${base}/${r.slice(13, -1)}`);
    expect(references.filter((r) => !fullUrls.has(r))).toEqual([]);
  });

  it('is 422 without ?response= and 404 for an unknown response', async () => {
    expect((await get('/api/fhir/Bundle', 422)).error.code).toBe('invalid_request');
    expect((await get('/api/fhir/Bundle?response=nope', 404)).error.code).toBe('response_not_found');
  });
});

describe('GET /api/fhir/Questionnaire/:id', () => {
  it('gives the served version as active, with an item per question named as in the survey', async () => {
    const q = await get('/api/fhir/Questionnaire/palliative-needs');
    expect(q).toMatchObject({ resourceType: 'Questionnaire', id: 'palliative-needs', version: '2.0.1', status: 'active' });
    expect(q.item[0].item.slice(0, 2)).toMatchObject([{ linkId: 'respondent', type: 'choice' }, { linkId: 'c1', type: 'choice' }]);
    // Each supertest request has a port of its own, so the url (from the request's origin) differs.
    expect({ ...(await get('/api/fhir/Questionnaire/palliative-needs?version=2.0.1')), url: q.url }).toEqual(q);
  });

  it('gives an older stored version as retired, so old responses keep their questionnaire', async () => {
    const old = JSON.parse(readFileSync(path.join(FIXTURES, 'questionnaires', 'minimal.json'), 'utf8'));
    old.version = '0.9.0';
    old.title.en = 'The old small questionnaire';
    await server.db.insertInto('questionnaire_versions').values({ questionnaire_id: 'minimal', version: '0.9.0', definition: JSON.stringify(old), registered_at: '2025-01-01T00:00:00.000Z' }).execute();
    const q = await get('/api/fhir/Questionnaire/minimal?version=0.9.0');
    expect(q).toMatchObject({ version: '0.9.0', status: 'retired', title: 'The old small questionnaire' });
    expect((await get('/api/fhir/Questionnaire/minimal')).status).toBe('active');
  });

  it('is 404 for an unknown questionnaire or version', async () => {
    expect((await get('/api/fhir/Questionnaire/no-such', 404)).error.code).toBe('questionnaire_not_found');
    expect((await get('/api/fhir/Questionnaire/palliative-needs?version=9.9.9', 404)).error.code).toBe('questionnaire_not_found');
  });
});

describe('access', () => {
  const ROUTES = () => [`/api/fhir/Questionnaire/palliative-needs`, `/api/fhir/QuestionnaireResponse/${responseId}`, `/api/fhir/Observation?response=${responseId}`, `/api/fhir/Bundle?response=${responseId}`];

  it('lets nurses and admins read, refuses the palliative team (403) and anonymous callers (401)', async () => {
    for (const url of ROUTES()) {
      await (await server.as('nurse')).get(url).expect(200);
      await (await server.as('admin')).get(url).expect(200);
      await (await server.as('palliative_team')).get(url).expect(403);
      await supertest(server.app).get(url).expect(401);
    }
  });

  it('audits every read of a response as a read of its answers, and reads of questionnaires', async () => {
    const admin = await server.as('admin');
    const before = Number((await server.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id);
    for (const url of ROUTES()) await admin.get(url).expect(200);
    const entries = await server.db.selectFrom('audit_log').selectAll().where('id', '>', before).orderBy('id').execute();
    const patient = await server.db.selectFrom('responses').select('patient_id').where('id', '=', responseId).executeTakeFirstOrThrow();
    expect(entries.map((e) => [e.actor_name, e.action, e.entity_type, e.entity_id, e.patient_id, JSON.parse(e.details!).resource])).toEqual([
      ['admin-user', 'fhir.read', 'questionnaire', 'palliative-needs', null, 'Questionnaire'],
      ['admin-user', 'answers.read', 'response', responseId, patient.patient_id, 'QuestionnaireResponse'],
      ['admin-user', 'answers.read', 'response', responseId, patient.patient_id, 'Observation'],
      ['admin-user', 'answers.read', 'response', responseId, patient.patient_id, 'Bundle'],
    ]);
  });
});

describe('the FHIR base', () => {
  it('is LINDRING_FHIR_BASE when set, else PUBLIC_URL + /api/fhir', async () => {
    for (const [settings, base] of [
      [{ fhirBase: 'https://fhir.example.org/lindring' }, 'https://fhir.example.org/lindring'],
      [{ publicUrl: 'https://pro.example.org' }, 'https://pro.example.org/api/fhir'],
    ] as const) {
      const other = await createTestServer({ settings });
      try {
        const { token } = await invite(other, 'minimal');
        const id = (await other.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 2 } })).body.responseId;
        const res = await (await other.as('nurse')).get(`/api/fhir/Bundle?response=${id}`).expect(200);
        const bundle = JSON.parse(res.text);
        expect(bundle.entry[0]).toMatchObject({ fullUrl: `${base}/QuestionnaireResponse/${id}`, resource: { questionnaire: `${base}/Questionnaire/minimal|1.0.0` } });
      } finally {
        await other.close();
      }
    }
  });
});

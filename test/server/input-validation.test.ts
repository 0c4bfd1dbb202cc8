/**
 * Input validation, second round (issue 21): invalid UTF-8 in a body is a 422 (never replaced with
 * U+FFFD); patients' names and external ids refuse invisible format characters and look-alike
 * letters (Danish and accented letters pass), external ids are letters, digits and `-`; a draft
 * stores only the questionnaire's own keys and no more than 64 KiB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, invite, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
}, 60_000);
afterAll(() => server.close());

/** The body's bytes as they are (superagent would otherwise send a Buffer as JSON). */
const raw = (body: unknown): string => body as string;
const patientCount = async () => Number((await server.db.selectFrom('patients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('invalid UTF-8', () => {
  it('is a 422 invalid_utf8 in any JSON body, and nothing is stored', async () => {
    const nurse = await server.as('nurse');
    const before = await patientCount();
    const body = Buffer.concat([Buffer.from('{"externalId":"utf-1","name":"Karen '), Buffer.from([0xff, 0xfe]), Buffer.from(' Jensen"}')]);
    const res = await nurse.post('/api/patients').set('Content-Type', 'application/json').serialize(raw).send(body).expect(422);
    expect(res.body.error.code).toBe('invalid_utf8');
    // An overlong encoding of "/" and a lone surrogate encoded as bytes are not UTF-8 either.
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const again = Buffer.concat([Buffer.from('{"externalId":"utf-2","name":"A'), Buffer.from(bad), Buffer.from('"}')]);
      expect((await nurse.post('/api/patients').set('Content-Type', 'application/json; charset=utf-8').serialize(raw).send(again).expect(422)).body.error.code).toBe('invalid_utf8');
    }
    const { token } = await invite(server);
    const draft = Buffer.concat([Buffer.from('{"answers":{"other":"'), Buffer.from([0x80]), Buffer.from('"}}')]);
    expect((await server.request.put(`/api/invitations/${token}/draft`).set('Content-Type', 'application/json').serialize(raw).send(draft).expect(422)).body.error.code).toBe('invalid_utf8');
    expect(await patientCount()).toBe(before + 1); // only invite()'s patient
    // Well-formed UTF-8 with Danish letters passes.
    await nurse.post('/api/patients').set('Content-Type', 'application/json').serialize(raw).send(Buffer.from('{"externalId":"utf-3","name":"Søren Ærø Åsted"}', 'utf8')).expect(201);
  });
});

describe('names and external ids', () => {
  it.each([
    ['a zero-width space', { name: 'Karen\u200BJensen' }, 'name'],
    ['a zero-width joiner', { name: 'Karen Jen\u200Dsen' }, 'name'],
    ['a soft hyphen', { name: 'Karen Jen\u00ADsen' }, 'name'],
    ['a word joiner', { name: 'Karen\u2060 Jensen' }, 'name'],
    ['a Cyrillic а in a Latin name', { name: 'K\u0430ren Jensen' }, 'name'],
    ['a Greek ο in a Latin name', { name: 'Ole Hansen-\u03BFlsen' }, 'name'],
    ['fullwidth letters', { name: '\uFF2Baren Jensen' }, 'name'],
    ['mathematical letters', { name: '\u{1D40A}aren Jensen' }, 'name'],
    ['a space in an external id', { externalId: '010203 1234' }, 'externalId'],
    ['an underscore in an external id', { externalId: 'ext_1' }, 'externalId'],
    ['a formula in an external id', { externalId: '=1+2' }, 'externalId'],
    ['a zero-width space in an external id', { externalId: '010203\u200B-1234' }, 'externalId'],
    ['a Cyrillic о in an external id', { externalId: 'DEM\u041E-1001' }, 'externalId'],
  ])('refuses %s with a 422 naming the field, storing nothing', async (_what, patch, field) => {
    const nurse = await server.as('nurse');
    const before = await patientCount();
    const res = await nurse.post('/api/patients').send({ externalId: `ok-${Math.random().toString(36).slice(2)}`, name: 'Karen Jensen', ...patch }).expect(422);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await patientCount()).toBe(before);
  });

  it('accepts Danish and accented Latin letters, other alphabets on their own, and stores é typed as e + accent as é', async () => {
    const nurse = await server.as('nurse');
    for (const [externalId, name] of [['010203-1234', 'Søren Ærø Åsted'], ['DEMO-1001', 'José Müller-Lüdenscheidt'], ['ÆØÅ-7', "Zoë O'Brien"], ['rus-1', 'Анна Павлова'], ['gr-1', 'Νίκος']]) {
      await nurse.post('/api/patients').send({ externalId, name }).expect(201);
    }
    const res = await nurse.post('/api/patients').send({ externalId: 'nfc-1', name: 'Rene\u0301 Dupont' }).expect(201);
    const row = await server.db.selectFrom('patients').select('name').where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Ren\u00E9 Dupont');
    // A no-break space pasted from a record is a space, not a look-alike.
    const pasted = await nurse.post('/api/patients').send({ externalId: 'nbsp-1', name: 'Karen\u00A0Jensen' }).expect(201);
    expect((await server.db.selectFrom('patients').select('name').where('id', '=', pasted.body.id).executeTakeFirstOrThrow()).name).toBe('Karen Jensen');
  });

  it('holds a relative\'s relationship to the same rules', async () => {
    const nurse = await server.as('nurse');
    const { patientId } = await invite(server);
    const res = await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'other', respondent: 'relative', relationship: 'd\u0430ughter' }).expect(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('relationship');
  });
});

describe('drafts', () => {
  it("stores only the questionnaire's own keys", async () => {
    const { token } = await invite(server);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { pain: 2, other: 'Mest om natten', evil: '<script>alert(1)</script>', 'pain-Comment': 'no text field', __proto__x: 1 } }).expect(204);
    const opened = await server.request.get(`/api/invitations/${token}`).expect(200);
    expect(opened.body.draft.answers).toEqual({ pain: 2, other: 'Mest om natten' });
    const row = await server.db.selectFrom('invitations').select('draft_answers').where('draft_answers', 'is not', null).execute();
    expect(row.map((r) => r.draft_answers).join()).not.toContain('script');
  });

  it('refuses a draft over 64 KiB with 413 payload_too_large and keeps the one saved before', async () => {
    const { token } = await invite(server);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { pain: 3 } }).expect(204);
    // Under the body limit (100 kB), over the draft's cap.
    const res = await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { pain: 2, other: 'x'.repeat(70 * 1024) } }).expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect((await server.request.get(`/api/invitations/${token}`).expect(200)).body.draft.answers).toEqual({ pain: 3 });
    // A full text answer (5,000 characters) is well within it.
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { pain: 2, other: 'ø'.repeat(5000) } }).expect(204);
  });
});

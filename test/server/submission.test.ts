import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/services/secrets.js';
import { countRows, createTestServer, DAY, invite, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ settings: { sessionIdleMs: 365 * DAY, sessionAbsoluteMs: 365 * DAY } });
});
afterAll(() => server.close());

const VALID = { pain: 2, worry: 1, walk: 1, contact: ['nurse'] };
const submit = (token: string, body: unknown) => server.request.post(`/api/invitations/${token}/responses`).send(body as object);

describe('idempotent submission', () => {
  it('returns the same 201 for a retry with the same id and stores nothing twice', async () => {
    const { token } = await invite(server);
    const id = randomUUID();
    const first = await submit(token, { id, answers: VALID, locale: 'en' }).expect(201);
    const before = await countRows(server.db);
    const retry = await submit(token, { id, answers: VALID, locale: 'en' }).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(first.body).toEqual({ responseId: expect.any(String), nextSteps: { da: 'Tak.', en: 'Thank you.' }, urgent: false });
    expect(await countRows(server.db)).toEqual(before);
    const stored = await server.db.selectFrom('responses').selectAll().where('client_id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ id: first.body.responseId, questionnaire_id: 'minimal', questionnaire_version: '1.0.0', locale: 'en' });
    expect(JSON.parse(stored.answers)).toEqual(VALID);
  });

  it('answers a retry with 201 even after the invitation expired', async () => {
    const { token } = await invite(server);
    const id = randomUUID();
    await submit(token, { id, answers: VALID }).expect(201);
    server.clock.advance(30 * DAY);
    await submit(token, { id, answers: VALID }).expect(201);
  });

  it('refuses a second, different response on a spent token with 410', async () => {
    const { token } = await invite(server);
    await submit(token, { id: randomUUID(), answers: VALID }).expect(201);
    const before = await countRows(server.db);
    const again = await submit(token, { id: randomUUID(), answers: VALID }).expect(410);
    expect(again.body.error.code).toBe('invitation_answered');
    expect(await countRows(server.db)).toEqual(before);
  });

  it('keys a retry by its invitation: the same id on another invitation is that invitation\'s own response', async () => {
    const a = await invite(server);
    const b = await invite(server);
    const id = randomUUID();
    const first = await submit(a.token, { id, answers: VALID }).expect(201);
    const before = await countRows(server.db);
    const second = await submit(b.token, { id, answers: { ...VALID, pain: 4 } }).expect(201);
    expect(second.body.responseId).not.toBe(first.body.responseId);
    expect((await countRows(server.db)).responses).toBe(before.responses! + 1);
    const stored = await server.db
      .selectFrom('responses').innerJoin('invitations', 'invitations.id', 'responses.invitation_id')
      .select(['invitations.token_hash', 'responses.answers']).where('responses.id', '=', second.body.responseId).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(b.token));
    expect(JSON.parse(stored.answers)).toEqual({ ...VALID, pain: 4 });
    // Each link still answers its own retry with its own result.
    expect((await submit(a.token, { id, answers: VALID }).expect(201)).body).toEqual(first.body);
  });

  it('stores only one response when the same submission arrives twice at once', async () => {
    const { token } = await invite(server);
    const id = randomUUID();
    const before = await countRows(server.db);
    const [a, b] = await Promise.all([submit(token, { id, answers: VALID }), submit(token, { id, answers: VALID })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    expect((await countRows(server.db)).responses).toBe(before.responses! + 1);
  });
});

describe('invalid answers: 422, one detail per problem, nothing stored', () => {
  const cases: [string, unknown, { question: string; code: string }[]][] = [
    ['an unknown question', { ...VALID, shoe_size: 3 }, [{ question: 'shoe_size', code: 'unknown_question' }]],
    ['a wrong type', { ...VALID, other: 42 }, [{ question: 'other', code: 'wrong_type' }]],
    ['a list where one choice is expected', { ...VALID, pain: [2] }, [{ question: 'pain', code: 'not_a_choice' }]],
    ['a value outside the choices', { ...VALID, worry: 5 }, [{ question: 'worry', code: 'not_a_choice' }]],
    ['a choice outside a multiple-choice list', { ...VALID, contact: ['nurse', 'priest'] }, [{ question: 'contact', code: 'not_a_choice' }]],
    ['a required question missing', { worry: 1 }, [{ question: 'pain', code: 'required' }]],
    ['answers that are not an object', [1, 2], [{ question: '$', code: 'not_an_object' }]],
    [
      'several problems at once',
      { pain: 9, walk: '1', shoe_size: 3 },
      [{ question: 'pain', code: 'not_a_choice' }, { question: 'walk', code: 'not_a_choice' }, { question: 'shoe_size', code: 'unknown_question' }],
    ],
  ];
  it.each(cases)('refuses %s', async (_name, answers, problems) => {
    const { token } = await invite(server);
    const before = await countRows(server.db);
    const res = await submit(token, { id: randomUUID(), answers }).expect(422);
    expect(res.body.error.code).toBe('invalid_answers');
    expect(res.body.error.details).toHaveLength(problems.length);
    for (const p of problems) expect(res.body.error.details).toContainEqual(expect.objectContaining(p));
    expect(await countRows(server.db)).toEqual(before);
    // The invitation is not spent: the patient can correct and submit.
    await submit(token, { id: randomUUID(), answers: VALID }).expect(201);
  });

  it('refuses a submission without a UUID or with an unknown locale', async () => {
    const { token } = await invite(server);
    const before = await countRows(server.db);
    expect((await submit(token, { id: 'not-a-uuid', answers: VALID }).expect(422)).body.error.code).toBe('invalid_request');
    await submit(token, { answers: VALID }).expect(422);
    await submit(token, { id: randomUUID(), answers: VALID, locale: 'fr' }).expect(422);
    expect(await countRows(server.db)).toEqual(before);
  });
});

describe('tokens', () => {
  it('answers 404 for an unknown token on every patient route', async () => {
    const token = 'x'.repeat(43);
    expect((await server.request.get(`/api/invitations/${token}`).expect(404)).body.error.code).toBe('invitation_not_found');
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: {} }).expect(404);
    await submit(token, { id: randomUUID(), answers: VALID }).expect(404);
  });

  it('answers 410 invitation_expired after the expiry, on every patient route', async () => {
    const { token } = await invite(server);
    server.clock.advance(14 * DAY);
    expect((await server.request.get(`/api/invitations/${token}`).expect(410)).body.error.code).toBe('invitation_expired');
    expect((await server.request.put(`/api/invitations/${token}/draft`).send({ answers: {} }).expect(410)).body.error.code).toBe('invitation_expired');
    const before = await countRows(server.db);
    expect((await submit(token, { id: randomUUID(), answers: VALID }).expect(410)).body.error.code).toBe('invitation_expired');
    expect(await countRows(server.db)).toEqual(before);
  });

  it('answers 410 invitation_answered once spent, on every patient route', async () => {
    const { token } = await invite(server);
    await submit(token, { id: randomUUID(), answers: VALID }).expect(201);
    expect((await server.request.get(`/api/invitations/${token}`).expect(410)).body.error.code).toBe('invitation_answered');
    expect((await server.request.put(`/api/invitations/${token}/draft`).send({ answers: {} }).expect(410)).body.error.code).toBe('invitation_answered');
  });

  it('stores the token only as a hash', async () => {
    const { token } = await invite(server);
    const rows = await server.db.selectFrom('invitations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});

describe('drafts', () => {
  it('saves partial answers without checking required questions, and clears them on submit', async () => {
    const { token } = await invite(server);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { worry: 2 } }).expect(204);
    expect((await server.request.get(`/api/invitations/${token}`).expect(200)).body.draft).toEqual({ answers: { worry: 2 } });
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { worry: 3, pain: 1 }, locale: 'en' }).expect(204);
    expect((await server.request.get(`/api/invitations/${token}`).expect(200)).body.draft).toEqual({ answers: { worry: 3, pain: 1 }, locale: 'en' });
    await submit(token, { id: randomUUID(), answers: VALID }).expect(201);
    const row = await server.db.selectFrom('invitations').select(['draft_answers']).where('answered_at', 'is not', null).orderBy('answered_at', 'desc').executeTakeFirstOrThrow();
    expect(row.draft_answers).toBeNull();
  });

  it('refuses a draft whose answers are not an object', async () => {
    const { token } = await invite(server);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: [1] }).expect(422);
    await server.request.put(`/api/invitations/${token}/draft`).send({}).expect(422);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: {}, locale: 'sv' }).expect(422);
  });
});

describe('answers to hidden questions', () => {
  it('neither change the level nor are stored, as SurveyJS drops them on completion', async () => {
    // "contact" is shown only for pain >= 2; asking for a nurse would otherwise propose basic care.
    const submitted = { pain: 1, worry: 1, walk: 1, contact: ['nurse'] };
    const { token } = await invite(server);
    const { body } = await submit(token, { id: randomUUID(), answers: submitted }).expect(201);
    const stored = await server.db.selectFrom('responses').innerJoin('flags', 'flags.response_id', 'responses.id')
      .select(['responses.answers', 'flags.level']).where('responses.id', '=', body.responseId).executeTakeFirstOrThrow();
    expect(stored.level).toBe('none');
    expect(JSON.parse(stored.answers)).toEqual({ pain: 1, worry: 1, walk: 1 });
  });

  it('still count when the question is shown', async () => {
    const { token } = await invite(server);
    const { body } = await submit(token, { id: randomUUID(), answers: { pain: 2, worry: 1, walk: 1, contact: ['nurse'] } }).expect(201);
    const flag = await server.db.selectFrom('flags').select('level').where('response_id', '=', body.responseId).executeTakeFirstOrThrow();
    expect(flag.level).toBe('basic');
  });
});

/** The clinical rules of a nurse's decision hold in the API, not only in the browser. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFixture, countRows, createTestServer, invite, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

/** A new open flag at the basic level. */
async function openFlag(): Promise<string> {
  const { token, patientId } = await invite(server, 'palliative-needs');
  await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: answersFixture('palliative-basic') }).expect(201);
  const nurse = await server.as('nurse');
  const { body } = await nurse.get('/api/flags').query({ limit: 1000 }).expect(200);
  return body.items.find((f: { patient: { id: string } }) => f.patient.id === patientId).id;
}

/** Posts the decision and checks the status it gets. */
async function decide(flagId: string, decision: object, status: number) {
  return (await server.as('nurse')).post(`/api/flags/${flagId}/decision`).send(decision).expect(status);
}

/** The fields a 422 names, in the error's details. */
const fieldsOf = (body: { error: { details: { path: string }[] } }) => body.error.details.map((d) => d.path).sort();

describe('a nurse decision', () => {
  it('refuses a basic-level plan without responsible, next evaluation and note, naming each', async () => {
    const flagId = await openFlag();
    const res = await decide(flagId, { action: 'basic', note: '' }, 422);
    expect(res.body.error.code).toBe('invalid_request');
    expect(fieldsOf(res.body)).toEqual(['nextEvaluation', 'note', 'responsible']);
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'note', message: 'required' })]));
    // Nothing was stored: the flag is still open.
    expect((await (await server.as('nurse')).get(`/api/flags/${flagId}`).expect(200)).body.flag.status).toBe('open');
  });

  it('counts a blank note, a blank responsible and a date that does not exist as missing', async () => {
    const flagId = await openFlag();
    const res = await decide(flagId, { action: 'basic', note: '  \n ', responsible: '   ', nextEvaluation: '2026-02-30' }, 422);
    expect(fieldsOf(res.body)).toEqual(['nextEvaluation', 'note', 'responsible']);
    const onlyNote = await decide(flagId, { action: 'basic', note: ' ', responsible: 'Home nurse Hansen', nextEvaluation: '2026-03-20' }, 422);
    expect(fieldsOf(onlyNote.body)).toEqual(['note']);
  });

  it('names a staff user as responsible for a plan by id, shown by full name and title as they are now (issue 23)', async () => {
    const admin = await server.as('admin');
    const nurseId = server.users.nurse.id;
    await admin.patch(`/api/users/${nurseId}`).send({ fullName: 'Anne Hansen', title: 'sygeplejerske' }).expect(200);
    const assignees = (await (await server.as('nurse')).get('/api/assignees').expect(200)).body as { id: string }[];
    expect(assignees.map((a) => a.id)).toContain(nurseId);
    const flagId = await openFlag();
    await decide(flagId, { action: 'basic', note: 'Pain plan.', responsibleUserId: nurseId, nextEvaluation: '2026-03-20' }, 200);
    const read = async () => (await (await server.as('nurse')).get(`/api/flags/${flagId}`).expect(200)).body.decision;
    expect(await read()).toMatchObject({
      responsible: 'Anne Hansen, sygeplejerske',
      responsibleUser: { id: nurseId, username: server.users.nurse.username, fullName: 'Anne Hansen', title: 'sygeplejerske' },
    });
    // A later change of name shows on the plan; the text keeps the name the plan was made with.
    await admin.patch(`/api/users/${nurseId}`).send({ fullName: 'Anne Holm' }).expect(200);
    expect(await read()).toMatchObject({ responsible: 'Anne Hansen, sygeplejerske', responsibleUser: { fullName: 'Anne Holm', title: 'sygeplejerske' } });
  });

  it('keeps free text for someone outside the hospital (responsibleUser null), and refuses both, an unknown user and a team member', async () => {
    const flagId = await openFlag();
    const both = await decide(flagId, { action: 'basic', note: 'x', responsible: 'GP Jensen', responsibleUserId: server.users.nurse.id, nextEvaluation: '2026-03-20' }, 422);
    expect(fieldsOf(both.body)).toEqual(['responsibleUserId']);
    for (const userId of ['no-such-user', server.users.palliative_team.id]) {
      const refused = await decide(flagId, { action: 'basic', note: 'x', responsibleUserId: userId, nextEvaluation: '2026-03-20' }, 422);
      expect(refused.body.error.code).toBe('invalid_assignee');
      expect(fieldsOf(refused.body)).toEqual(['responsibleUserId']);
    }
    // Nothing was stored by the refusals: the free text still decides.
    await decide(flagId, { action: 'basic', note: 'x', responsible: 'GP Jensen', nextEvaluation: '2026-03-20' }, 200);
    const { body } = await (await server.as('nurse')).get(`/api/flags/${flagId}`).expect(200);
    expect(body.decision).toMatchObject({ responsible: 'GP Jensen', responsibleUser: null });
  });

  it('refuses "no action" without a note', async () => {
    const flagId = await openFlag();
    expect(fieldsOf((await decide(flagId, { action: 'no_action' }, 422)).body)).toEqual(['note']);
    expect(fieldsOf((await decide(flagId, { action: 'no_action', note: '   ' }, 422)).body)).toEqual(['note']);
  });

  it('refuses a referral without a text for the team, and an unknown action', async () => {
    const before = await countRows(server.db);
    const flagId = await openFlag();
    expect(fieldsOf((await decide(flagId, { action: 'refer', note: ' ' }, 422)).body)).toEqual(['referralText']);
    expect(fieldsOf((await decide(flagId, { action: 'close', note: 'x' }, 422)).body)).toEqual(['action']);
    expect((await countRows(server.db)).referrals).toBe(before.referrals);
  });

  it('accepts complete decisions of each kind, trimmed', async () => {
    const plan = await openFlag();
    const planned = await decide(plan, { action: 'basic', note: ' Talk about sleep. ', responsible: ' Home nurse Hansen ', nextEvaluation: '2026-03-20' }, 200);
    expect(planned.body).toEqual({ id: plan, status: 'planned_basic' });
    const { body: detail } = await (await server.as('nurse')).get(`/api/flags/${plan}`).expect(200);
    expect(detail.decision).toMatchObject({ action: 'basic', note: 'Talk about sleep.', responsible: 'Home nurse Hansen', nextEvaluation: '2026-03-20' });

    const none = await openFlag();
    expect((await decide(none, { action: 'no_action', note: 'Talked by phone; doing well.' }, 200)).body).toEqual({ id: none, status: 'no_action' });

    const referred = await openFlag();
    const res = await decide(referred, { action: 'refer', note: 'Severe pain.' }, 200);
    expect(res.body).toEqual({ id: referred, status: 'referred', referralId: expect.any(String) });
  });
});

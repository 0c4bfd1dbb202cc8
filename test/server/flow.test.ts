import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { answersFixture, countRows, createTestServer, DAY, invite, type TestServer } from './helpers.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';

// These tests move the clock by days; session expiry has its own tests.
const LONG_SESSIONS = { settings: { sessionIdleMs: 365 * DAY, sessionAbsoluteMs: 365 * DAY } };

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer(LONG_SESSIONS);
});
afterAll(() => server.close());

describe('from invitation to the palliative team', () => {
  it('runs the whole flow: invite, answer, flag, refer, return, decide again, accept', async () => {
    const nurse = await server.as('nurse');
    const team = await server.as('palliative_team');

    const { body: questionnaires } = await nurse.get('/api/questionnaires').expect(200);
    expect(questionnaires).toContainEqual(expect.objectContaining({ id: 'palliative-needs', version: '2.0.1' }));

    const { body: patient } = await nurse.post('/api/patients').send({ externalId: '010203-1234', name: 'Karen Jensen' }).expect(201);
    const { body: found } = await nurse.get('/api/patients').query({ query: 'karen' }).expect(200);
    expect(found).toEqual([expect.objectContaining({ id: patient.id, externalId: '010203-1234', name: 'Karen Jensen' })]);

    const { body: invitation } = await nurse
      .post('/api/invitations')
      .send({ patientId: patient.id, questionnaireId: 'palliative-needs', trigger: 'deterioration' })
      .expect(201);
    expect(invitation.token.length).toBeGreaterThanOrEqual(22); // ≥128 bits base64url
    expect(invitation.url).toMatch(new RegExp(`/answer/${invitation.token}$`));
    expect(Date.parse(invitation.expiresAt) - server.clock.now().getTime()).toBe(14 * DAY);
    const { body: open } = await nurse.get('/api/invitations').query({ status: 'open' }).expect(200);
    expect(open).toContainEqual(expect.objectContaining({ patient: expect.objectContaining({ id: patient.id }), questionnaireId: 'palliative-needs', trigger: 'deterioration', answeredAt: null }));

    // The patient opens the link, autosaves part of the answers, and later submits.
    const { body: page } = await server.request.get(`/api/invitations/${invitation.token}`).expect(200);
    expect(page.questionnaire).toMatchObject({ id: 'palliative-needs', version: '2.0.1', title: { da: expect.any(String), en: expect.any(String) }, completion: { da: expect.any(String) } });
    expect(page.questionnaire.survey.pages.length).toBeGreaterThan(0);
    expect(page.draft).toBeNull();
    await server.request.put(`/api/invitations/${invitation.token}/draft`).send({ answers: { c1: 2 }, locale: 'da' }).expect(204);
    const { body: reopened } = await server.request.get(`/api/invitations/${invitation.token}`).expect(200);
    expect(reopened.draft).toEqual({ answers: { c1: 2 }, locale: 'da' });

    server.clock.advance(2 * DAY);
    const answers = answersFixture('palliative-specialized');
    const { body: submitted } = await server.request
      .post(`/api/invitations/${invitation.token}/responses`)
      .send({ id: randomUUID(), answers, locale: 'da' })
      .expect(201);
    const { responseId } = submitted;
    expect(submitted).toEqual({ responseId: expect.stringMatching(/^[0-9a-f-]{36}$/), nextSteps: page.questionnaire.completion, urgent: true });
    expect(JSON.stringify(submitted)).not.toMatch(/score|level/i);

    // The nurse's worklist shows the flag; the detail has answers, scores and reasons.
    server.clock.advance(1 * DAY);
    const { body: worklist, headers } = await nurse.get('/api/flags').expect(200);
    expect(headers['x-total-count']).toBe('1');
    expect(worklist).toMatchObject({ total: 1, offset: 0, limit: 200 });
    expect(worklist.items).toHaveLength(1);
    const item = worklist.items[0];
    expect(item).toMatchObject({
      responseId, level: 'specialized', status: 'open', trigger: 'deterioration', ageDays: 1,
      patient: { id: patient.id, name: 'Karen Jensen', externalId: '010203-1234' },
    });
    // The row carries counts and tags; its reasons come on expand (GET /api/flags/:id/summary), all of them.
    expect(item).not.toHaveProperty('reasons');
    const { body: expanded } = await nurse.get(`/api/flags/${item.id}/summary`).expect(200);
    expect(expanded).toMatchObject({ id: item.id, questionnaire: { id: 'palliative-needs', version: '2.0.1', title: { da: expect.any(String), en: expect.any(String) } } });
    expect(expanded.reasons).toHaveLength(item.reasonCount);
    expect(expanded.reasons[0]).toMatchObject({ rule: expect.any(String), level: 'specialized', text: { da: expect.any(String), en: expect.any(String) }, evidence: expect.any(Array) });

    const { body: detail } = await nurse.get(`/api/flags/${item.id}`).expect(200);
    expect(detail.flag).toMatchObject({ id: item.id, level: 'specialized', status: 'open' });
    // The row's count is the detail's number of reasons, and the expanded row has them all.
    expect(detail.reasons.length).toBeGreaterThan(3);
    expect(expanded.reasons).toEqual(detail.reasons);
    expect(item.reasonCount).toBe(detail.reasons.length);
    expect(detail.flag.reasonCount).toBe(detail.reasons.length);
    expect(detail.patient).toEqual({ id: patient.id, name: 'Karen Jensen', externalId: '010203-1234' });
    expect(detail.questionnaire.areas.map((a: { id: string }) => a.id)).toContain('physical');
    const pain = detail.answers.find((a: { question: string }) => a.question === 'c5');
    expect(pain).toMatchObject({ question: 'c5', value: 4, title: { default: 'Have you been in pain?', da: expect.any(String) }, text: { default: expect.any(String), da: expect.any(String) } });
    const contact = detail.answers.find((a: { question: string }) => a.question === 'contact_wish');
    expect(contact.value).toEqual(['nurse', 'palliative_team']);
    expect(contact.text).toHaveLength(2);
    const painScore = detail.scores.find((s: { scale: string }) => s.scale === 'pa');
    expect(painScore).toMatchObject({ scale: 'pa', area: 'physical', kind: 'symptom', threshold: { value: 25, source: expect.any(String) }, isNeed: true });
    expect(painScore.score).toBeCloseTo(((4 + 3) / 2 - 1) / 3 * 100, 10); // c5=4, c12=3
    const ql = detail.scores.find((s: { scale: string }) => s.scale === 'ql');
    expect(ql.threshold).toBeUndefined();
    expect(detail.reasons.length).toBe(item.reasonCount);
    expect(detail.history).toEqual([{
      responseId, submittedAt: expect.any(String), scores: expect.arrayContaining([{ scale: 'pa', score: painScore.score }]),
      mode: 'self', respondent: 'patient', relationship: null, recordedBy: null, answeredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), verifiedBy: null, verifiedAt: null,
    }]);
    expect(detail.contact).toMatchObject({ question: 'contact_wish', values: ['nurse', 'palliative_team'] });
    expect(detail.decision).toBeUndefined();
    expect(detail.referral).toBeUndefined();

    // The nurse refers; the flag leaves the worklist; the team sees a pending referral.
    await nurse.post(`/api/flags/${item.id}/decision`).send({ action: 'refer', note: 'Pain and low mood; wants the team.', referralText: 'Please assess: severe pain, depressed.' }).expect(200);
    expect((await nurse.get('/api/flags').expect(200)).body.items).toEqual([]);
    expect((await nurse.get('/api/flags').query({ status: 'referred' }).expect(200)).body.items.map((f: { id: string }) => f.id)).toEqual([item.id]);

    server.clock.advance(3 * DAY);
    const { body: pending } = await team.get('/api/referrals').expect(200);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      flagId: item.id, status: 'pending', waitingDays: 3, text: 'Please assess: severe pain, depressed.', level: 'specialized',
      patient: { id: patient.id, name: 'Karen Jensen' }, questionnaire: { id: 'palliative-needs' },
    });
    expect(pending[0].scores).toContainEqual(expect.objectContaining({ scale: 'pa', isNeed: true }));
    expect(pending[0].reasons.length).toBeGreaterThan(0);
    // The team may read the referred flag's answers.
    await team.get(`/api/flags/${item.id}`).expect(200);

    // Returned without a reason: refused. With a reason: back on the nurse's worklist.
    const missing = await team.post(`/api/referrals/${pending[0].id}/decision`).send({ action: 'return' }).expect(422);
    expect(missing.body.error.code).toBe('reason_required');
    await team.post(`/api/referrals/${pending[0].id}/decision`).send({ action: 'return', reason: 'Basic level first: adjust analgesics.' }).expect(200);
    const { body: back } = await nurse.get('/api/flags').expect(200);
    expect(back.items).toEqual([expect.objectContaining({ id: item.id, status: 'returned', returnReason: 'Basic level first: adjust analgesics.' })]);
    const { body: returnedDetail } = await nurse.get(`/api/flags/${item.id}`).expect(200);
    expect(returnedDetail.referral).toMatchObject({ id: pending[0].id, status: 'returned', reason: 'Basic level first: adjust analgesics.' });
    expect(returnedDetail.decision).toMatchObject({ action: 'refer', decidedBy: { username: 'nurse-user' } });
    expect((await team.get('/api/referrals').query({ status: 'returned' }).expect(200)).body).toHaveLength(1);
    await team.post(`/api/referrals/${pending[0].id}/decision`).send({ action: 'accept' }).expect(409);

    // The nurse decides again: refer once more, and the team accepts.
    await nurse.post(`/api/flags/${item.id}/decision`).send({ action: 'refer', note: 'Analgesics adjusted, still severe pain.' }).expect(200);
    const { body: second } = await team.get('/api/referrals').expect(200);
    expect(second).toHaveLength(1);
    expect(second[0].text).toBe('Analgesics adjusted, still severe pain.');
    await team.post(`/api/referrals/${second[0].id}/decision`).send({ action: 'accept', reason: 'Visit this week.' }).expect(200);
    expect((await team.get('/api/referrals').query({ status: 'accepted' }).expect(200)).body).toEqual([expect.objectContaining({ id: second[0].id, status: 'accepted' })]);
    expect((await nurse.get('/api/flags').expect(200)).body.items).toEqual([]);
    const { body: finalDetail } = await nurse.get(`/api/flags/${item.id}`).expect(200);
    expect(finalDetail.flag.status).toBe('referred');
    expect(finalDetail.referral).toMatchObject({ id: second[0].id, status: 'accepted' });
    // A decided flag cannot be decided again.
    await nurse.post(`/api/flags/${item.id}/decision`).send({ action: 'no_action', note: 'x' }).expect(409);

    const { body: answered } = await nurse.get('/api/invitations').query({ status: 'answered' }).expect(200);
    expect(answered).toContainEqual(expect.objectContaining({ patient: expect.objectContaining({ id: patient.id }), answeredAt: expect.any(String) }));
    expect(await countRows(server.db)).toMatchObject({ responses: 1, flags: 1, referrals: 2 });
  });

  it('records a basic-level plan with responsible and next evaluation', async () => {
    const nurse = await server.as('nurse');
    const { token } = await invite(server, 'palliative-needs');
    await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: answersFixture('palliative-basic') }).expect(201);
    const [flag] = (await nurse.get('/api/flags').query({ level: 'basic' }).expect(200)).body.items;
    expect(flag.level).toBe('basic');
    await nurse
      .post(`/api/flags/${flag.id}/decision`)
      .send({ action: 'basic', note: 'Talk about sleep at the next visit.', responsible: 'Home nurse Hansen', nextEvaluation: '2026-03-20' })
      .expect(200);
    const { body } = await nurse.get(`/api/flags/${flag.id}`).expect(200);
    expect(body.flag.status).toBe('planned_basic');
    expect(body.decision).toMatchObject({ action: 'basic', note: 'Talk about sleep at the next visit.', responsible: 'Home nurse Hansen', nextEvaluation: '2026-03-20' });
    expect(body.referral).toBeUndefined();
    await nurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'basic', note: '', nextEvaluation: '2026-02-30' }).expect(422);
  });

  it('sorts the worklist specialized first, then oldest first, and filters by level and status', async () => {
    const server = await createTestServer(LONG_SESSIONS);
    onTestFinished(() => server.close());
    const nurse = await server.as('nurse');
    const submit = async (fixture: string) => {
      const { token } = await invite(server, 'palliative-needs');
      await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: answersFixture(fixture) }).expect(201);
      server.clock.advance(60_000);
    };
    await submit('palliative-none');
    await submit('palliative-basic');
    await submit('palliative-specialized');
    await submit('palliative-basic');
    const { body: { items: body } } = await nurse.get('/api/flags').expect(200);
    expect(body.map((f: { level: string }) => f.level)).toEqual(['specialized', 'basic', 'basic', 'none']);
    const basics = body.filter((f: { level: string }) => f.level === 'basic');
    expect(basics[0].submittedAt < basics[1].submittedAt).toBe(true);
    expect((await nurse.get('/api/flags').query({ level: 'basic,specialized' }).expect(200)).body.items).toHaveLength(3);
    expect((await nurse.get('/api/flags').query({ level: 'none', status: 'open' }).expect(200)).body.items).toHaveLength(1);
    expect((await nurse.get('/api/flags').query({ limit: 2 }).expect(200)).headers['x-total-count']).toBe('4');
    const firstPage = (await nurse.get('/api/flags').query({ limit: 2 }).expect(200)).body;
    expect(firstPage).toMatchObject({ total: 4, offset: 0, limit: 2 });
    expect(firstPage.items).toHaveLength(2);
    // The next page starts where the first ended: together they are the whole list, in order.
    const secondPage = (await nurse.get('/api/flags').query({ limit: 2, offset: 2 }).expect(200)).body;
    expect(secondPage).toMatchObject({ total: 4, offset: 2, limit: 2 });
    expect([...firstPage.items, ...secondPage.items].map((f: { id: string }) => f.id)).toEqual(body.map((f: { id: string }) => f.id));
    expect((await nurse.get('/api/flags').query({ offset: 4 }).expect(200)).body).toMatchObject({ items: [], total: 4 });
    await nurse.get('/api/flags').query({ offset: -1 }).expect(422);
    await nurse.get('/api/flags').query({ level: 'urgent' }).expect(422);
    await nurse.get('/api/flags').query({ status: 'closed' }).expect(422);
  });

  it("gives a patient's history of scores over time", async () => {
    const nurse = await server.as('nurse');
    const person = { externalId: 'history-1', name: 'Ole Hansen' };
    const first = await invite(server, 'palliative-needs', person);
    await server.request.post(`/api/invitations/${first.token}/responses`).send({ id: randomUUID(), answers: answersFixture('palliative-none') }).expect(201);
    server.clock.advance(7 * DAY);
    const second = await invite(server, 'palliative-needs', person);
    await server.request.post(`/api/invitations/${second.token}/responses`).send({ id: randomUUID(), answers: answersFixture('palliative-specialized') }).expect(201);
    const { body } = await nurse.get(`/api/patients/${first.patientId}/history`).expect(200);
    expect(body.patient).toEqual({ id: first.patientId, externalId: 'history-1', name: 'Ole Hansen', status: 'active', unitIds: [DEFAULT_UNIT_ID] });
    expect(body.responses.map((r: { level: string }) => r.level)).toEqual(['none', 'specialized']);
    const pa = body.responses.map((r: { scores: { scale: string; score: number }[] }) => r.scores.find((s) => s.scale === 'pa')!.score);
    expect(pa[0]).toBeLessThan(pa[1]);
    const { body: flags } = await nurse.get('/api/flags').query({ status: 'open' }).expect(200);
    const latest = flags.items.find((f: { patient: { id: string }; level: string }) => f.patient.id === first.patientId && f.level === 'specialized');
    const { body: detail } = await nurse.get(`/api/flags/${latest.id}`).expect(200);
    expect(detail.history).toHaveLength(2);
    await nurse.get('/api/patients/no-such-patient/history').expect(404);
  });

  it('refuses a duplicate external id with 409 and lists non-responders', async () => {
    const nurse = await server.as('nurse');
    await nurse.post('/api/patients').send({ externalId: 'dup-1', name: 'A' }).expect(201);
    const dup = await nurse.post('/api/patients').send({ externalId: 'dup-1', name: 'B' }).expect(409);
    expect(dup.body.error.code).toBe('patient_exists');
    const { patientId } = await invite(server, 'rehabilitation-needs', { externalId: 'silent-1', name: 'Silent Patient' });
    server.clock.advance(15 * DAY);
    const { body: expired } = await nurse.get('/api/invitations').query({ status: 'expired' }).expect(200);
    expect(expired).toContainEqual(expect.objectContaining({ patient: expect.objectContaining({ id: patientId }), questionnaireId: 'rehabilitation-needs' }));
    const { body: open } = await nurse.get('/api/invitations').query({ status: 'open' }).expect(200);
    expect(open.find((i: { patient: { id: string } }) => i.patient.id === patientId)).toBeUndefined();
    await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'nope', trigger: 'other' }).expect(422);
    await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'whenever' }).expect(422);
    await nurse.post('/api/invitations').send({ patientId: 'missing', questionnaireId: 'minimal', trigger: 'other' }).expect(404);
  });
});

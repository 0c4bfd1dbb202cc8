/**
 * Issue 23, invitations and the call list: an assisted or paper response answers the open links
 * (the patient's own and a relative's) for the same patient and questionnaire (they leave the open
 * list, the links answer 410), unless the paper form is dated before the link was made.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation } from '../../server/contract/responses.js';
import { createTestServer, DAY, invite, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ settings: { sessionIdleMs: 365 * DAY, sessionAbsoluteMs: 365 * DAY } });
}, 60_000);
afterAll(() => server.close());

const BASIC = { pain: 2, worry: 1, walk: 1, contact: ['nurse'] };
const newPatient = () => ({ externalId: `ext-${randomUUID()}`, name: 'Inge Call' });

async function openLinks(patientId: string): Promise<Invitation[]> {
  return (await (await server.as('nurse')).get('/api/invitations').query({ status: 'open', patientId }).expect(200)).body;
}

async function record(patientId: string, body: Record<string, unknown>) {
  return (await server.as('nurse')).post(`/api/patients/${patientId}/responses`).send({ id: randomUUID(), questionnaireId: 'minimal', mode: 'assisted', answers: BASIC, ...body }).expect(201);
}

describe('an assisted or paper response answers the open link', () => {
  it('closes the open link of the same questionnaire: off the open list, the link answers 410, audited', async () => {
    const { patientId, token } = await invite(server, 'minimal', newPatient());
    await (await server.as('nurse')).post('/api/invitations').send({ patientId, questionnaireId: 'palliative-needs', trigger: 'other' }).expect(201);
    expect(await openLinks(patientId)).toHaveLength(2);

    const { body: recorded } = await record(patientId, {});
    const open = await openLinks(patientId);
    // The other questionnaire's link stays open.
    expect(open.map((i) => i.questionnaireId)).toEqual(['palliative-needs']);
    expect((await server.request.get(`/api/invitations/${token}`).expect(410)).body.error.code).toBe('invitation_answered');
    expect((await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: BASIC }).expect(410)).body.error.code).toBe('invitation_answered');
    const answered: Invitation[] = (await (await server.as('nurse')).get('/api/invitations').query({ status: 'answered', patientId }).expect(200)).body;
    expect(answered.map((i) => i.id)).toContain((await server.db.selectFrom('invitations').select('id').where('patient_id', '=', patientId).where('questionnaire_id', '=', 'minimal').where('token_hash', 'not like', 'staff-entry:%').executeTakeFirstOrThrow()).id);
    const audit = await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'invitation.answered_by_staff_entry').where('patient_id', '=', patientId).execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details ?? '{}')).toMatchObject({ responseId: recorded.responseId, mode: 'assisted' });
  });

  it('closes it for a paper form dated the day the link was made, not for one dated before', async () => {
    // The test clock's day: 2026-03-02 in Copenhagen.
    const before = await invite(server, 'minimal', newPatient());
    await record(before.patientId, { mode: 'paper', answeredOn: '2026-03-01' });
    expect((await openLinks(before.patientId)).map((i) => i.questionnaireId)).toEqual(['minimal']);
    await server.request.get(`/api/invitations/${before.token}`).expect(200);

    const sameDay = await invite(server, 'minimal', newPatient());
    await record(sameDay.patientId, { mode: 'paper', answeredOn: '2026-03-02' });
    expect(await openLinks(sameDay.patientId)).toEqual([]);
    await server.request.get(`/api/invitations/${sameDay.token}`).expect(410);
  });

  it("closes a relative's open link of the same questionnaire too, each audited; another questionnaire's relative link stays open", async () => {
    const nurse = await server.as('nurse');
    const { patientId, token } = await invite(server, 'minimal', newPatient());
    const relative = (await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'other', respondent: 'relative', relationship: 'datter' }).expect(201)).body;
    await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'palliative-needs', trigger: 'other', respondent: 'relative', relationship: 'datter' }).expect(201);
    expect(await openLinks(patientId)).toHaveLength(3);
    await record(patientId, {});
    expect((await openLinks(patientId)).map((i) => [i.questionnaireId, i.respondent])).toEqual([['palliative-needs', 'relative']]);
    for (const t of [token, relative.token]) expect((await server.request.get(`/api/invitations/${t}`).expect(410)).body.error.code).toBe('invitation_answered');
    const audit = await server.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'invitation.answered_by_staff_entry').where('patient_id', '=', patientId).execute();
    expect(audit.map((a) => a.entity_id)).toContain(relative.id);
    expect(audit).toHaveLength(2);
  });

  it("keeps a relative's link open for a paper form dated before it was made, and closes it for one dated that day or later", async () => {
    const nurse = await server.as('nurse');
    const { patientId } = await invite(server, 'minimal', newPatient());
    // The patient's own link is answered by the first form; the relative's link is made the next day.
    await record(patientId, { mode: 'paper', answeredOn: '2026-03-02' });
    server.clock.advance(DAY);
    const relative = (await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'other', respondent: 'relative', relationship: 'søn' }).expect(201)).body;
    await record(patientId, { mode: 'paper', answeredOn: '2026-03-02' });
    expect((await openLinks(patientId)).map((i) => i.id)).toEqual([relative.id]);
    await server.request.get(`/api/invitations/${relative.token}`).expect(200);
    await record(patientId, { mode: 'paper', answeredOn: '2026-03-03' });
    expect(await openLinks(patientId)).toEqual([]);
    await server.request.get(`/api/invitations/${relative.token}`).expect(410);
  });
});

describe('the call list: a call and its outcome', () => {
  it('stores the outcome with who called, audits it (outcome, not the note), and lists the calls newest first with the mobile for a tel: link', async () => {
    const nurse = await server.as('nurse');
    const { patientId } = await invite(server, 'minimal', newPatient());
    await nurse.patch(`/api/patients/${patientId}`).send({ mobile: '+45 12 34 56 78' }).expect(200);
    const [link] = await openLinks(patientId);
    expect(link).toMatchObject({ mobile: '+4512345678', calls: [] });

    const { body: first } = await nurse.post(`/api/invitations/${link!.id}/calls`).send({ outcome: 'no_answer' }).expect(201);
    expect(first).toMatchObject({ invitationId: link!.id, outcome: 'no_answer', note: null, calledAt: server.clock.now().toISOString(), calledBy: { id: server.users.nurse.id } });
    server.clock.advance(60_000);
    await nurse.post(`/api/invitations/${link!.id}/calls`).send({ outcome: 'agreed', note: 'Svarer i aften med datteren.' }).expect(201);

    const [after] = await openLinks(patientId);
    expect(after!.calls.map((c) => [c.outcome, c.note])).toEqual([['agreed', 'Svarer i aften med datteren.'], ['no_answer', null]]);
    const audit = await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'invitation.call_recorded').where('patient_id', '=', patientId).orderBy('at').execute();
    expect(audit.map((a) => [a.actor_id, a.entity_id, JSON.parse(a.details ?? '{}').outcome])).toEqual([[server.users.nurse.id, link!.id, 'no_answer'], [server.users.nurse.id, link!.id, 'agreed']]);
    expect(audit[1]!.details).not.toContain('datteren');
  });

  it('refuses a bad outcome (422 naming it), an unknown link (404), an answered one (409), and the team (403)', async () => {
    const nurse = await server.as('nurse');
    const { patientId, token } = await invite(server, 'minimal', newPatient());
    const [link] = await openLinks(patientId);
    const bad = await nurse.post(`/api/invitations/${link!.id}/calls`).send({ outcome: 'maybe' }).expect(422);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'outcome' })] });
    await nurse.post(`/api/invitations/${link!.id}/calls`).send({}).expect(422);
    expect((await nurse.post(`/api/invitations/${randomUUID()}/calls`).send({ outcome: 'agreed' }).expect(404)).body.error.code).toBe('invitation_not_found');
    const team = await server.as('palliative_team');
    expect((await team.post(`/api/invitations/${link!.id}/calls`).send({ outcome: 'agreed' }).expect(403)).body.error.code).toBe('forbidden');
    await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: BASIC }).expect(201);
    expect((await nurse.post(`/api/invitations/${link!.id}/calls`).send({ outcome: 'declined' }).expect(409)).body.error.code).toBe('invitation_answered');
    expect(await server.db.selectFrom('invitation_calls').select('id').where('patient_id', '=', patientId).execute()).toEqual([]);
  });
});

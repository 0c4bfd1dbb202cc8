/**
 * Issue 23, invitations and the call list: an assisted or paper response answers the patient's
 * open link for the same questionnaire (it leaves the open list, the link answers 410), unless the
 * paper form is dated before the link was made.
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

  it("leaves a relative's link open when the patient answers with the nurse: the relative's view is their own", async () => {
    const nurse = await server.as('nurse');
    const { patientId } = await invite(server, 'minimal', newPatient());
    await nurse.post('/api/invitations').send({ patientId, questionnaireId: 'minimal', trigger: 'other', respondent: 'relative', relationship: 'datter' }).expect(201);
    await record(patientId, {});
    expect((await openLinks(patientId)).map((i) => [i.questionnaireId, i.respondent])).toEqual([['minimal', 'relative']]);
  });
});

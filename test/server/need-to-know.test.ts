/**
 * Need-to-know access (issue 24): every health-data route of the contract's route table, for a user
 * of the patient's own unit and one of another unit, gives the documented answer; the other unit's
 * is a 404 (or a list without the patient), never a 403 that would confirm the id. A route added to
 * the table that reads or changes a patient's data fails the first test until it is listed here.
 */
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/contract/codes.js';
import { ROUTES, type RouteName } from '../../server/contract/routes.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { DEFAULT_PALLIATIVE_UNIT_ID, DEFAULT_UNIT_ID } from '../../server/storage/units.js';
import { createTestServer, invite, PASSWORD, TEST_PASSWORD_HASHING, testCatalog, type TestServer } from './helpers.js';

type Agent = ReturnType<typeof supertest.agent>;
let server: TestServer;
/** Users of the patient's units (`own`), and of others (`other`): a ward B, a second palliative team. */
const agents = {} as Record<'ownNurse' | 'otherNurse' | 'siteAdmin' | 'otherUnitAdmin' | 'ownTeam' | 'otherTeam', Agent>;
const ids = { patient: '', flag: '', response: '', invitation: '', referral: '', unitB: '', unitC: '', teamB: '', ownNurseId: '', programme: '', enrolment: '' };

async function signIn(username: string): Promise<Agent> {
  const agent = supertest.agent(server.app);
  await agent.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  return agent;
}

beforeAll(async () => {
  server = await createTestServer();
  const ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
  const admin = await server.as('admin');
  ids.unitB = (await admin.post('/api/units').send({ name: 'Medicinsk afdeling B', code: 'MED-B', kind: 'ward' }).expect(201)).body.id;
  ids.unitC = (await admin.post('/api/units').send({ name: 'Kirurgisk afdeling C', code: 'KIR-C', kind: 'ward' }).expect(201)).body.id;
  ids.teamB = (await admin.post('/api/units').send({ name: 'Palliativt team Nord', code: 'PAL-N', kind: 'palliative_team' }).expect(201)).body.id;
  const make = (username: string, role: Role, unitIds: string[], siteAdmin?: boolean) =>
    createStaffUser(ctx, null, { username, password: PASSWORD, role, unitIds, ...(siteAdmin === undefined ? {} : { siteAdmin }) });
  await make('nurse-b', 'nurse', [ids.unitB]);
  await make('admin-b', 'admin', [ids.unitB], false);
  await make('team-north', 'palliative_team', [ids.teamB]);
  await make('nurse-glass', 'nurse', [ids.unitC]);
  agents.ownNurse = await server.as('nurse');
  agents.siteAdmin = admin;
  agents.ownTeam = await server.as('palliative_team');
  agents.otherNurse = await signIn('nurse-b');
  agents.otherUnitAdmin = await signIn('admin-b');
  agents.otherTeam = await signIn('team-north');
  ids.ownNurseId = server.users.nurse.id;

  // A patient of the default ward with a specialized flag, referred to the default palliative team (the only one the helpers' team is in).
  const first = await invite(server);
  ids.patient = first.patientId;
  await server.request.post(`/api/invitations/${first.token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
  const flag = (await agents.ownNurse.get('/api/flags').expect(200)).body.items[0];
  ids.flag = flag.id;
  ids.response = flag.responseId;
  await agents.ownNurse.get(`/api/flags/${ids.flag}`).expect(200);
  // Two palliative teams now: the referral names its unit.
  await agents.ownNurse.post(`/api/flags/${ids.flag}/decision`).send({ action: 'refer', note: 'Please see.' }).expect(422);
  await agents.ownNurse.post(`/api/flags/${ids.flag}/decision`).send({ action: 'refer', note: 'Please see.', unitId: DEFAULT_PALLIATIVE_UNIT_ID }).expect(200);
  ids.referral = (await agents.ownTeam.get('/api/referrals').expect(200)).body[0].id;
  await agents.ownTeam.post(`/api/referrals/${ids.referral}/decision`).send({ action: 'accept' }).expect(200);
  await agents.siteAdmin.post(`/api/flags/${ids.flag}/reopen`).send({ reason: 'Set up for the next checks' }).expect(200);
  // An open link of the same patient, for the call and send routes (another questionnaire than the staff entry below, which would answer it).
  ids.invitation = (await agents.ownNurse.post('/api/invitations').send({ patientId: ids.patient, questionnaireId: 'palliative-needs', trigger: 'other' }).expect(201)).body.id;
  // An enrolment of the patient in a programme (issue 25), starting next year: nothing is made meanwhile.
  ids.programme = (await agents.ownNurse.get('/api/programmes').expect(200)).body[0].id;
  ids.enrolment = (await agents.ownNurse.post(`/api/patients/${ids.patient}/enrolments`).send({ programmeId: ids.programme, startDate: '2099-01-01' }).expect(201)).body.id;
});
afterAll(() => server.close());

const PERIOD = { from: '2026-03-01', to: '2026-03-31' };
type Who = keyof typeof agents;

/**
 * Each health-data route: the request, and what the patient's own unit gets (a status, or a check
 * of a list's content) against what another unit gets. `own` is asked after `other`, so a state
 * change by the own unit cannot hide a change the other unit made.
 */
interface Case {
  send: (agent: Agent) => supertest.Test;
  own: Who[];
  other: Who[];
  /** The status of an allowed request (a list is checked for the patient as well). */
  ownStatus: number;
  /** The other unit's answer: 404, a list (200) without the patient, or (making a patient in a unit not hers) 422 unit_not_allowed. */
  otherStatus: 404 | 200 | 422;
  /** For a list: does the answer name the patient? */
  names?: (body: unknown, text: string) => boolean;
}

const hasPatient = (_body: unknown, text: string) => text.includes(ids.patient);
const NURSES: Who[] = ['ownNurse', 'siteAdmin'];
const OTHERS: Who[] = ['otherNurse', 'otherUnitAdmin'];

const CASES: Partial<Record<RouteName, Case>> = {
  createPatient: {
    send: (a) => a.post('/api/patients').send({ externalId: `new-${randomUUID()}`, name: 'Ny Patient', unitIds: [DEFAULT_UNIT_ID] }),
    own: NURSES, other: OTHERS, ownStatus: 201, otherStatus: 422,
  },
  patients: { send: (a) => a.get('/api/patients'), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 200, names: hasPatient },
  updatePatient: { send: (a) => a.patch(`/api/patients/${ids.patient}`).send({ email: null }), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 404 },
  patientHistory: { send: (a) => a.get(`/api/patients/${ids.patient}/history`), own: [...NURSES, 'ownTeam'], other: [...OTHERS, 'otherTeam'], ownStatus: 200, otherStatus: 404 },
  submitStaffResponse: {
    send: (a) => a.post(`/api/patients/${ids.patient}/responses`).send({ id: randomUUID(), questionnaireId: 'minimal', mode: 'assisted', answers: { pain: 1 } }),
    own: NURSES, other: OTHERS, ownStatus: 201, otherStatus: 404,
  },
  // Not a paper entry: 409 for whoever may see it.
  verifyResponse: { send: (a) => a.post(`/api/responses/${ids.response}/verify`), own: NURSES, other: OTHERS, ownStatus: 409, otherStatus: 404 },
  invite: { send: (a) => a.post('/api/invitations').send({ patientId: ids.patient, questionnaireId: 'minimal', trigger: 'other' }), own: NURSES, other: OTHERS, ownStatus: 201, otherStatus: 404 },
  // Already in that programme: 409 for whoever may see the patient.
  enrol: { send: (a) => a.post(`/api/patients/${ids.patient}/enrolments`).send({ programmeId: ids.programme, startDate: '2099-01-01' }), own: NURSES, other: OTHERS, ownStatus: 409, otherStatus: 404 },
  patientEnrolments: { send: (a) => a.get(`/api/patients/${ids.patient}/enrolments`), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 404 },
  changeEnrolment: { send: (a) => a.patch(`/api/enrolments/${ids.enrolment}`).send({ status: 'active' }), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 404 },
  invitations: { send: (a) => a.get('/api/invitations'), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 200, names: hasPatient },
  // No mobile on file: 409 for whoever may see the link.
  sendInvitation: { send: (a) => a.post(`/api/invitations/${ids.invitation}/send`).send({ channel: 'sms' }), own: NURSES, other: OTHERS, ownStatus: 409, otherStatus: 404 },
  recordCall: { send: (a) => a.post(`/api/invitations/${ids.invitation}/calls`).send({ outcome: 'no_answer' }), own: NURSES, other: OTHERS, ownStatus: 201, otherStatus: 404 },
  flags: { send: (a) => a.get('/api/flags'), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 200, names: hasPatient },
  assignees: { send: (a) => a.get('/api/assignees'), own: NURSES, other: ['otherNurse'], ownStatus: 200, otherStatus: 200, names: (_body, text) => text.includes(ids.ownNurseId) },
  flagSummary: { send: (a) => a.get(`/api/flags/${ids.flag}/summary`), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 404 },
  flag: { send: (a) => a.get(`/api/flags/${ids.flag}`), own: [...NURSES, 'ownTeam'], other: [...OTHERS, 'otherTeam'], ownStatus: 200, otherStatus: 404 },
  takeFlag: { send: (a) => a.post(`/api/flags/${ids.flag}/take`), own: ['ownNurse'], other: OTHERS, ownStatus: 200, otherStatus: 404 },
  assignFlag: { send: (a) => a.post(`/api/flags/${ids.flag}/assign`).send({ userId: ids.ownNurseId }), own: ['siteAdmin'], other: OTHERS, ownStatus: 200, otherStatus: 404 },
  releaseFlag: { send: (a) => a.post(`/api/flags/${ids.flag}/release`), own: ['ownNurse'], other: OTHERS, ownStatus: 200, otherStatus: 404 },
  closeFlag: { send: (a) => a.post(`/api/flags/${ids.flag}/close`).send({ outcome: 'contacted_phone' }), own: ['ownNurse'], other: OTHERS, ownStatus: 200, otherStatus: 404 },
  reopenFlag: { send: (a) => a.post(`/api/flags/${ids.flag}/reopen`).send({ reason: 'Again' }), own: ['siteAdmin'], other: OTHERS, ownStatus: 200, otherStatus: 404 },
  decide: { send: (a) => a.post(`/api/flags/${ids.flag}/decision`).send({ action: 'no_action', note: 'Seen by phone' }), own: ['ownNurse'], other: OTHERS, ownStatus: 200, otherStatus: 404 },
  referrals: { send: (a) => a.get('/api/referrals').query({ status: 'accepted' }), own: ['ownTeam', 'siteAdmin'], other: ['otherTeam', 'otherUnitAdmin'], ownStatus: 200, otherStatus: 200, names: hasPatient },
  // Already accepted: 409 for the team it was sent to.
  decideReferral: { send: (a) => a.post(`/api/referrals/${ids.referral}/decision`).send({ action: 'accept' }), own: ['ownTeam', 'siteAdmin'], other: ['otherTeam', 'otherUnitAdmin'], ownStatus: 409, otherStatus: 404 },
  fhirQuestionnaireResponse: { send: (a) => a.get(`/api/fhir/QuestionnaireResponse/${ids.response}`), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 404 },
  fhirObservations: { send: (a) => a.get('/api/fhir/Observation').query({ response: ids.response }), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 404 },
  fhirBundle: { send: (a) => a.get('/api/fhir/Bundle').query({ response: ids.response }), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 404 },
  exportResponses: {
    send: (a) => a.get('/api/export/responses.csv').query(PERIOD).buffer(true), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 200,
    names: (_body, text) => text.split('\n').length > 2,
  },
  indicators: {
    send: (a) => a.get('/api/indicators').query(PERIOD), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 200,
    names: (body) => (body as { patientsInvited: number }).patientsInvited > 0,
  },
  // The staff entry above made an open flag nobody has taken: counted for its unit only.
  overview: { send: (a) => a.get('/api/overview'), own: NURSES, other: OTHERS, ownStatus: 200, otherStatus: 200, names: (body) => (body as { unowned: number }).unowned > 0 },
};

/** A route that reads or changes a patient's data, by its path (the patient's own link routes aside: the token is the key). */
const looksLikeHealthData = (path: string): boolean =>
  /^\/api\/(patients|flags|responses|referrals|export|indicators|overview|fhir\/(QuestionnaireResponse|Observation|Bundle)|invitations(?!\/:token))/.test(path);

describe('need-to-know access', () => {
  it('has a case for every route the route table marks as reaching units\' data, and every health-data route is marked', () => {
    const byUnit = Object.entries(ROUTES).filter(([, r]) => r.unit === 'patient' || r.unit === 'units' || r.unit === 'receiving').map(([name]) => name).sort();
    expect(Object.keys(CASES).sort()).toEqual(byUnit);
    // Emergency access is how a user outside the patient's units opens her (tested below).
    const unmarked = Object.entries(ROUTES).filter(([name, r]) => r.who !== 'anyone' && looksLikeHealthData(r.path) && r.unit === undefined && name !== 'emergencyAccess');
    expect(unmarked.map(([name]) => name)).toEqual([]);
  });

  // In the table's order (the flag's life runs take → assign → release → close → reopen → decide).
  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: another unit gets ${c.otherStatus === 200 ? 'a list without the patient' : c.otherStatus}, the patient's unit ${c.ownStatus}`, async () => {
      for (const who of c.other) {
        const res = await c.send(agents[who]);
        expect(res.status, `${who}`).toBe(c.otherStatus);
        if (c.otherStatus === 404) expect(res.body.error.code).toMatch(/not_found$/);
        else if (c.otherStatus === 422) expect(res.body.error).toMatchObject({ code: 'unit_not_allowed', details: [{ path: 'unitIds' }] });
        else expect(c.names!(res.body, res.text), `${who} sees the patient`).toBe(false);
      }
      for (const who of c.own) {
        const res = await c.send(agents[who]);
        expect(res.status, `${who}: ${res.text.slice(0, 200)}`).toBe(c.ownStatus);
        if (c.names) expect(c.names(res.body, res.text), `${who} sees the patient`).toBe(true);
      }
    });
  }

  it("hands a flag only to someone who works in the flag's unit (or a site admin)", async () => {
    const userId = async (username: string) => (await server.db.selectFrom('staff_users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const { token, patientId } = await invite(server);
    await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
    const flag = (await agents.ownNurse.get('/api/flags').expect(200)).body.items.find((f: { patient: { id: string } }) => f.patient.id === patientId);
    // The list offers whom the assignment accepts: the flag's unit's staff and the site admins, not another unit's.
    const offered = (await agents.siteAdmin.get('/api/assignees').query({ flagId: flag.id }).expect(200)).body.map((u: { username: string }) => u.username);
    expect(offered).toEqual(expect.arrayContaining([server.users.nurse.username, server.users.admin.username]));
    expect(offered).not.toContain('nurse-b');
    expect(offered).not.toContain('admin-b');
    expect((await agents.siteAdmin.get('/api/assignees').expect(200)).body.map((u: { username: string }) => u.username)).toContain('nurse-b');
    await agents.otherNurse.get('/api/assignees').query({ flagId: flag.id }).expect(404);
    const refused = await agents.ownNurse.post(`/api/flags/${flag.id}/assign`).send({ userId: await userId('nurse-b') }).expect(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid_assignee', details: [{ path: 'userId', message: "must work in the flag's unit" }] });
    expect((await agents.ownNurse.get(`/api/flags/${flag.id}/summary`).expect(200)).body.owner).toBeNull();
    await agents.ownNurse.post(`/api/flags/${flag.id}/assign`).send({ userId: server.users.admin.id }).expect(200);
    await agents.ownNurse.post(`/api/flags/${flag.id}/assign`).send({ userId: ids.ownNurseId }).expect(200);
  });

  it('lets the team read a referred patient only while the referral is open or accepted', async () => {
    // The flag was decided "no action" since: a new referral, returned by the team, ends its access.
    const { token, patientId } = await invite(server);
    await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
    const flag = (await agents.ownNurse.get('/api/flags').expect(200)).body.items.find((f: { patient: { id: string } }) => f.patient.id === patientId);
    await agents.ownNurse.get(`/api/flags/${flag.id}`).expect(200);
    await agents.ownTeam.get(`/api/patients/${patientId}/history`).expect(404);
    await agents.ownNurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'refer', note: 'Please see.', unitId: DEFAULT_PALLIATIVE_UNIT_ID }).expect(200);
    await agents.ownTeam.get(`/api/patients/${patientId}/history`).expect(200);
    await agents.otherTeam.get(`/api/patients/${patientId}/history`).expect(404);
    const referral = (await agents.ownTeam.get('/api/referrals').expect(200)).body.find((r: { patient: { id: string } }) => r.patient.id === patientId);
    await agents.ownTeam.post(`/api/referrals/${referral.id}/decision`).send({ action: 'return', reason: 'Basic level suffices' }).expect(200);
    await agents.ownTeam.get(`/api/patients/${patientId}/history`).expect(404);
    await agents.ownTeam.get(`/api/flags/${flag.id}`).expect(404);
  });

  it('gives the other unit access once the patient has a care relationship with it', async () => {
    await agents.otherNurse.get(`/api/patients/${ids.patient}/history`).expect(404);
    // A nurse may add only her own units; the site admin any.
    const refused = await agents.ownNurse.patch(`/api/patients/${ids.patient}`).send({ unitIds: [DEFAULT_UNIT_ID, ids.unitB] }).expect(422);
    expect(refused.body.error.code).toBe('unit_not_allowed');
    const changed = await agents.siteAdmin.patch(`/api/patients/${ids.patient}`).send({ unitIds: [DEFAULT_UNIT_ID, ids.unitB] }).expect(200);
    expect(changed.body.unitIds).toEqual([DEFAULT_UNIT_ID, ids.unitB].sort());
    await agents.otherNurse.get(`/api/patients/${ids.patient}/history`).expect(200);
    // Her worklist still shows her unit's flags only: this patient's flags were made in the default ward.
    expect((await agents.otherNurse.get('/api/flags').query({ status: ['open', 'no_action'] }).expect(200)).text).not.toContain(ids.patient);
    // A link she makes belongs to her unit (the only one she shares with the patient).
    const link = await agents.otherNurse.post('/api/invitations').send({ patientId: ids.patient, questionnaireId: 'minimal', trigger: 'other' }).expect(201);
    expect((await server.db.selectFrom('invitations').select('unit_id').where('id', '=', link.body.id).executeTakeFirstOrThrow()).unit_id).toBe(ids.unitB);
    // The site admin shares both: the unit must be named.
    const ambiguous = await agents.siteAdmin.post('/api/invitations').send({ patientId: ids.patient, questionnaireId: 'minimal', trigger: 'other' }).expect(422);
    expect(ambiguous.body.error).toMatchObject({ code: 'unit_required', details: [{ path: 'unitId' }] });
    await agents.siteAdmin.post('/api/invitations').send({ patientId: ids.patient, questionnaireId: 'minimal', trigger: 'other', unitId: ids.unitB }).expect(201);
  });

  it("files an enrolment and its questionnaires in the enrolling nurse's unit (issue 25, migration 0026), named when she shares several", async () => {
    // The patient is in both units (the test before); a programme whose first questionnaire is due at once.
    const programme = await agents.siteAdmin.post('/api/programmes')
      .send({ name: { da: 'Ugentlig', en: 'Weekly' }, questionnaireId: 'minimal', schedule: { every: 'P7D' }, trigger: 'other', openFor: 'P3D' }).expect(201);
    const start = '2020-01-06'; // long ago, on any test clock: of the occurrences due, the latest is made at once
    const ambiguous = await agents.siteAdmin.post(`/api/patients/${ids.patient}/enrolments`).send({ programmeId: programme.body.id, startDate: start }).expect(422);
    expect(ambiguous.body.error).toMatchObject({ code: 'unit_required', details: [{ path: 'unitId' }] });
    // The other unit's nurse shares only unit B with the patient: hers, without asking.
    const enrolled = await agents.otherNurse.post(`/api/patients/${ids.patient}/enrolments`).send({ programmeId: programme.body.id, startDate: start }).expect(201);
    const row = await server.db.selectFrom('enrolments').select('unit_id').where('id', '=', enrolled.body.id).executeTakeFirstOrThrow();
    expect(row.unit_id).toBe(ids.unitB);
    // The occurrence made at once is a link of unit B, not of the patient's first care unit (the default ward).
    const made = await server.db.selectFrom('occurrences').innerJoin('invitations', 'invitations.id', 'occurrences.invitation_id')
      .select('invitations.unit_id').where('occurrences.enrolment_id', '=', enrolled.body.id).execute();
    expect(made).toEqual([{ unit_id: ids.unitB }]);
  });

  it('opens a patient outside her units for the emergency access hours with a reason, audited, listed for the admins of the patient\'s units', async () => {
    const { patientId } = await invite(server);
    await agents.otherNurse.get(`/api/patients/${patientId}/history`).expect(404);
    const refused = await agents.otherNurse.post(`/api/patients/${patientId}/emergency-access`).send({ reason: '   ' }).expect(422);
    expect(refused.body.error.details[0].path).toBe('reason');
    await agents.otherNurse.post('/api/patients/no-such-patient/emergency-access').send({ reason: 'Akut indlagt' }).expect(404);
    const opened = await agents.otherNurse.post(`/api/patients/${patientId}/emergency-access`).send({ reason: 'Akut indlagt på vores afsnit om natten' }).expect(201);
    expect(opened.body).toEqual({ patientId, expiresAt: new Date(server.clock.now().getTime() + 4 * 3_600_000).toISOString() });
    await agents.otherNurse.get(`/api/patients/${patientId}/history`).expect(200);
    // Not for anyone else in her unit.
    await agents.otherUnitAdmin.get(`/api/patients/${patientId}/history`).expect(404);
    const audit = await server.db.selectFrom('audit_log').select(['actor_name', 'patient_id', 'details']).where('action', '=', 'emergency_access.opened').execute();
    expect(audit).toEqual([{ actor_name: 'nurse-b', patient_id: patientId, details: JSON.stringify({ reason: 'Akut indlagt på vores afsnit om natten', expiresAt: opened.body.expiresAt }) }]);
    // The admins of the patient's unit (the default ward: the site admin here) see it; the other unit's admin does not.
    const listed = (await agents.siteAdmin.get('/api/emergency-accesses').expect(200)).body;
    expect(listed).toEqual([expect.objectContaining({ reason: 'Akut indlagt på vores afsnit om natten', active: true, user: expect.objectContaining({ username: 'nurse-b' }), patient: expect.objectContaining({ id: patientId }) })]);
    expect((await agents.otherUnitAdmin.get('/api/emergency-accesses').expect(200)).body).toEqual([]);
    expect((await agents.ownNurse.get('/api/overview').expect(200)).body.emergencyAccesses).toBe(1);
    // Four hours later it has expired (the site's default); the sign-in has too.
    server.clock.advance(4 * 3_600_000 + 60_000);
    const later = await signIn('nurse-b');
    await later.get(`/api/patients/${patientId}/history`).expect(404);
    expect((await (await server.as('admin')).get('/api/emergency-accesses').expect(200)).body[0].active).toBe(false);
  });

  it('opens the same way from the staff app\'s form, by the patient\'s exact external id; her own unit needs none', async () => {
    const externalId = `NTK-${randomUUID().slice(0, 8)}`;
    const { patientId } = await invite(server, 'minimal', { externalId, name: 'Test Patient' });
    const otherNurse = await signIn('nurse-b');
    await otherNurse.get(`/api/patients/${patientId}/history`).expect(404);
    // Her search does not find the patient: the form is the way in.
    expect((await otherNurse.get('/api/patients').query({ query: externalId }).expect(200)).body).toEqual([]);
    const missing = await otherNurse.post('/api/emergency-access').send({ externalId }).expect(422);
    expect(missing.body.error.details[0].path).toBe('reason');
    const opened = await otherNurse.post('/api/emergency-access').send({ externalId, reason: 'Akut indlagt' }).expect(201);
    expect(opened.body).toEqual({ patientId, expiresAt: expect.any(String) });
    expect((await otherNurse.get(`/api/patients/${patientId}/history`).expect(200)).body.emergencyAccess).toEqual({ expiresAt: opened.body.expiresAt, reason: 'Akut indlagt' });
    // Not for anyone else in her unit; her own unit's nurse needs none.
    await (await signIn('admin-b')).get(`/api/patients/${patientId}/history`).expect(404);
    expect((await (await server.as('nurse')).post('/api/emergency-access').send({ externalId, reason: 'x' }).expect(201)).body).toEqual({ patientId, expiresAt: null });
  });

  it('answers every patient route as for her own unit while her emergency access runs, and as for a stranger after', async () => {
    const patientRoutes = Object.entries(CASES).filter(([name]) => ROUTES[name as RouteName].unit === 'patient');
    expect(patientRoutes.length).toBeGreaterThan(15);
    // Signed in now: the test above moved the clock past every earlier sign-in.
    const glass = await signIn('nurse-glass');
    for (const [name, c] of patientRoutes) expect((await c.send(glass)).status, `${name} before`).toBe(404);
    await glass.post(`/api/patients/${ids.patient}/emergency-access`).send({ reason: 'Indlagt akut på afdeling C' }).expect(201);
    // The walk above left the flag decided: a change may be refused for what the flag is, never as unknown.
    for (const [name, c] of patientRoutes) {
      const res = await c.send(glass);
      if (ROUTES[name as RouteName].method === 'GET') expect(res.status, `${name}: ${res.text.slice(0, 200)}`).toBe(c.ownStatus);
      else expect(res.body?.error?.code ?? '', `${name}: ${res.status} ${res.text.slice(0, 200)}`).not.toMatch(/not_found$/);
    }
    server.clock.advance(4 * 3_600_000 + 60_000);
    const later = await signIn('nurse-glass');
    for (const [name, c] of patientRoutes) expect((await c.send(later)).status, `${name} after`).toBe(404);
  });
});

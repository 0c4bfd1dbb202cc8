/**
 * Breaking the glass from the staff app (issue 24): `POST /api/emergency-access {externalId, reason}`
 * finds the patient by her exact external id and opens her for the site's hours through the same
 * service as `POST /api/patients/:id/emergency-access`; a patient already hers needs none. A new
 * patient whose external id exists only in another unit answers 409 `patient_exists`, pointing to
 * emergency access, and the attempt is audited without the external id.
 */
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { createTestServer, invite, PASSWORD, TEST_PASSWORD_HASHING, testCatalog, type TestServer } from './helpers.js';

type Agent = ReturnType<typeof supertest.agent>;
let server: TestServer;
/** Signed in afresh in each test: one test moves the clock past the sign-in's lifetime. */
let otherNurse: Agent;
let ownNurse: Agent;
const HOUR = 3_600_000;

async function signIn(username: string): Promise<Agent> {
  const agent = supertest.agent(server.app);
  await agent.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  return agent;
}

/** A patient of the default ward (the helpers' nurse's), with one answered questionnaire. */
async function patientOfTheWard(): Promise<{ patientId: string; externalId: string }> {
  const externalId = `EA-${randomUUID().slice(0, 8)}`;
  const { patientId, token } = await invite(server, 'minimal', { externalId, name: 'Grethe Hansen' });
  await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
  return { patientId, externalId };
}

const auditRows = (action: string) => server.db.selectFrom('audit_log').select(['actor_name', 'patient_id', 'entity_id', 'details']).where('action', '=', action).execute();

beforeAll(async () => {
  server = await createTestServer();
  const ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
  const admin = await server.as('admin');
  const unitB = (await admin.post('/api/units').send({ name: 'Medicinsk afdeling B', code: 'MED-B', kind: 'ward' }).expect(201)).body.id;
  await createStaffUser(ctx, null, { username: 'nurse-b', password: PASSWORD, role: 'nurse', unitIds: [unitB] });
});

beforeEach(async () => {
  otherNurse = await signIn('nurse-b');
  ownNurse = await server.as('nurse');
});

afterAll(async () => {
  await server.close();
});

describe('POST /api/emergency-access', () => {
  it('opens a patient of another unit by her exact external id, for the hours of the setting, audited with the reason; the history shows it', async () => {
    const { patientId, externalId } = await patientOfTheWard();
    await otherNurse.get(`/api/patients/${patientId}/history`).expect(404);
    const opened = await otherNurse.post('/api/emergency-access').send({ externalId, reason: 'Indlagt akut om natten, smerter' }).expect(201);
    const expiresAt = new Date(server.clock.now().getTime() + 4 * HOUR).toISOString();
    expect(opened.body).toEqual({ patientId, expiresAt });
    const history = (await otherNurse.get(`/api/patients/${patientId}/history`).expect(200)).body;
    expect(history.responses).toHaveLength(1);
    expect(history.emergencyAccess).toEqual({ expiresAt, reason: 'Indlagt akut om natten, smerter' });
    // The patient's own nurse reads her without any.
    expect((await ownNurse.get(`/api/patients/${patientId}/history`).expect(200)).body.emergencyAccess).toBeNull();
    const audit = (await auditRows('emergency_access.opened')).filter((r) => r.patient_id === patientId);
    expect(audit).toEqual([{ actor_name: 'nurse-b', patient_id: patientId, entity_id: patientId, details: JSON.stringify({ reason: 'Indlagt akut om natten, smerter', expiresAt }) }]);
  });

  it('expires after the hours the site sets, and the patient answers 404 again', async () => {
    const admin = await server.as('admin');
    await admin.put('/api/settings').send({ security: { emergencyAccessHours: 2 } }).expect(200);
    try {
      const { patientId, externalId } = await patientOfTheWard();
      const opened = await otherNurse.post('/api/emergency-access').send({ externalId, reason: 'Overflyttet fra skadestuen' }).expect(201);
      expect(opened.body.expiresAt).toBe(new Date(server.clock.now().getTime() + 2 * HOUR).toISOString());
      // A fresh sign-in each time: an idle one expires with the clock too.
      server.clock.advance(2 * HOUR - 60_000);
      await (await signIn('nurse-b')).get(`/api/patients/${patientId}/history`).expect(200);
      server.clock.advance(2 * 60_000);
      await (await signIn('nurse-b')).get(`/api/patients/${patientId}/history`).expect(404);
    } finally {
      await (await server.as('admin')).put('/api/settings').send({ security: { emergencyAccessHours: 4 } }).expect(200);
    }
  });

  it('answers 404 patient_not_found for an external id nobody has, also one that only contains it, and opens nothing', async () => {
    const { externalId } = await patientOfTheWard();
    const before = (await auditRows('emergency_access.opened')).length;
    for (const guess of ['NO-SUCH-ID', externalId.slice(0, -1), externalId.toLowerCase()]) {
      const res = await otherNurse.post('/api/emergency-access').send({ externalId: guess, reason: 'Akut' }).expect(404);
      expect(res.body.error.code).toBe('patient_not_found');
    }
    expect(await auditRows('emergency_access.opened')).toHaveLength(before);
  });

  it('needs no emergency access for a patient of her own units: the id, expiresAt null, nothing opened', async () => {
    const { patientId, externalId } = await patientOfTheWard();
    const before = await server.db.selectFrom('emergency_accesses').select('id').execute();
    const res = await ownNurse.post('/api/emergency-access').send({ externalId, reason: 'Vil åbne hende' }).expect(201);
    expect(res.body).toEqual({ patientId, expiresAt: null });
    // The route by id is the same service: the same answer.
    expect((await ownNurse.post(`/api/patients/${patientId}/emergency-access`).send({ reason: 'Vil åbne hende' }).expect(201)).body).toEqual({ patientId, expiresAt: null });
    expect(await server.db.selectFrom('emergency_accesses').select('id').execute()).toEqual(before);
  });

  it('requires a reason and an external id, naming the field', async () => {
    const { externalId } = await patientOfTheWard();
    for (const [body, field] of [[{ externalId }, 'reason'], [{ externalId, reason: '   ' }, 'reason'], [{ reason: 'Akut' }, 'externalId'], [{ externalId: 'a b', reason: 'Akut' }, 'externalId']] as const) {
      const res = await otherNurse.post('/api/emergency-access').send(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
  });

  it('is for nurses and admins only', async () => {
    const { externalId } = await patientOfTheWard();
    await (await server.as('palliative_team')).post('/api/emergency-access').send({ externalId, reason: 'Akut' }).expect(403);
    await server.request.post('/api/emergency-access').send({ externalId, reason: 'Akut' }).expect(401);
  });
});

describe('POST /api/patients with an external id of another unit', () => {
  it('answers 409 patient_exists pointing to emergency access, audited as patient.exists_elsewhere without the external id or name', async () => {
    const { patientId, externalId } = await patientOfTheWard();
    const res = await otherNurse.post('/api/patients').send({ externalId, name: 'Grethe H.' }).expect(409);
    expect(res.body.error.code).toBe('patient_exists');
    expect(res.body.error.message).toContain('emergency access');
    expect(res.text).not.toContain(patientId);
    expect(res.text).not.toContain('Grethe Hansen');
    const audit = (await auditRows('patient.exists_elsewhere')).filter((r) => r.patient_id === patientId);
    expect(audit).toEqual([{ actor_name: 'nurse-b', patient_id: patientId, entity_id: patientId, details: '{}' }]);
    expect(audit[0]!.details).not.toContain(externalId);
  });

  it('answers the patient\'s own unit 409 patient_exists as before, not audited as elsewhere', async () => {
    const { patientId, externalId } = await patientOfTheWard();
    const res = await ownNurse.post('/api/patients').send({ externalId, name: 'Grethe H.' }).expect(409);
    expect(res.body.error.code).toBe('patient_exists');
    expect(res.body.error.message).not.toContain('emergency access');
    expect((await auditRows('patient.exists_elsewhere')).filter((r) => r.patient_id === patientId)).toEqual([]);
  });
});

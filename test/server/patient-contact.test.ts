/** Patients' contact details for reminders: validated, entered by nurses, shown to nurses and admins only. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

const newPatient = (contact: object) => ({ externalId: `ext-${randomUUID()}`, name: 'Karen Jensen', ...contact });

describe('patient contact details', () => {
  it('stores an e-mail and a mobile number, eight digits read as a Danish number', async () => {
    const nurse = await server.as('nurse');
    const { body } = await nurse.post('/api/patients').send(newPatient({ email: 'karen@example.org', mobile: '20 30 40 50' })).expect(201);
    const [found] = (await nurse.get('/api/patients').query({ query: 'Karen' }).expect(200)).body.filter((p: { id: string }) => p.id === body.id);
    expect(found).toMatchObject({ email: 'karen@example.org', mobile: '+4520304050' });
  });

  it.each([
    [{ mobile: '1234' }, 'mobile'],
    [{ mobile: '+45 2030 40x0' }, 'mobile'],
    [{ mobile: '004520304050' }, 'mobile'],
    [{ email: 'not-an-address' }, 'email'],
    [{ email: 'a@b@c' }, 'email'],
  ])('refuses %j with a 422 naming the field, storing nothing', async (contact, field) => {
    const nurse = await server.as('nurse');
    const patient = newPatient(contact);
    const res = await nurse.post('/api/patients').send(patient).expect(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: field })]);
    expect((await nurse.get('/api/patients').query({ query: patient.externalId })).body).toEqual([]);
  });

  it('changes, keeps and removes details with PATCH, and audits which fields changed without their values', async () => {
    const nurse = await server.as('nurse');
    const { body } = await nurse.post('/api/patients').send(newPatient({ email: 'old@example.org' })).expect(201);
    expect((await nurse.patch(`/api/patients/${body.id}`).send({ mobile: '+4520304050' }).expect(200)).body).toMatchObject({ email: 'old@example.org', mobile: '+4520304050' });
    expect((await nurse.patch(`/api/patients/${body.id}`).send({ email: null }).expect(200)).body).toMatchObject({ email: null, mobile: '+4520304050' });
    const bad = await nurse.patch(`/api/patients/${body.id}`).send({ mobile: 'call me' }).expect(422);
    expect(bad.body.error.details[0].path).toBe('mobile');
    await nurse.patch(`/api/patients/missing`).send({ email: 'a@example.org' }).expect(404);
    const audit = (await (await server.as('admin')).get('/api/audit').query({ patientId: body.id }).expect(200)).body;
    const text = JSON.stringify(audit);
    expect(text).toContain('patient.contact_updated');
    expect(text).not.toContain('+4520304050');
    expect(text).not.toContain('old@example.org');
  });

  it('never shows contact details to the palliative team (referrals, flags, history)', async () => {
    const nurse = await server.as('nurse');
    const { body } = await nurse.post('/api/patients').send(newPatient({ email: 'secret@example.org', mobile: '+4599887766' })).expect(201);
    const inv = await nurse.post('/api/invitations').send({ patientId: body.id, questionnaireId: 'minimal', trigger: 'other' }).expect(201);
    await server.request.post(`/api/invitations/${inv.body.token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
    const flag = (await nurse.get('/api/flags').expect(200)).body.items.find((f: { patient: { id: string } }) => f.patient.id === body.id);
    await nurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'refer', note: 'Please see.' }).expect(200);
    const team = await server.as('palliative_team');
    const seen = [
      (await team.get('/api/referrals').expect(200)).body,
      (await team.get(`/api/flags/${flag.id}`).expect(200)).body,
      (await team.get(`/api/patients/${body.id}/history`).expect(200)).body,
    ];
    for (const body of seen) {
      const text = JSON.stringify(body);
      expect(text).toContain('Karen Jensen');
      expect(text).not.toContain('secret@example.org');
      expect(text).not.toContain('99887766');
    }
  });
});

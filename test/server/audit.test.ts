import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../server/contract/responses.js';
import { createTestServer, invite, PASSWORD, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

/** An entry as GET /api/audit sends it, with the details the tests read. */
type Entry = Omit<AuditEntry, 'details'> & { details: Record<string, unknown> | null };

async function audit(query: Record<string, string> = {}): Promise<Entry[]> {
  const admin = await server.as('admin');
  return (await admin.get('/api/audit').query({ limit: '1000', ...query }).expect(200)).body;
}

describe('audit log', () => {
  it('records every state change and every read of answers, with who, what and when', async () => {
    const nurse = await server.as('nurse');
    const team = await server.as('palliative_team');
    const { token, patientId } = await invite(server, 'minimal', { externalId: 'audit-1', name: 'Audit Patient' });
    await server.request.get(`/api/invitations/${token}`).expect(200);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { pain: 4 } }).expect(204);
    const { body: { responseId } } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
    const [flag] = (await nurse.get('/api/flags').expect(200)).body.items;
    await nurse.get(`/api/flags/${flag.id}`).expect(200);
    await nurse.get(`/api/patients/${patientId}/history`).expect(200);
    await nurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'refer', note: 'Please see.' }).expect(200);
    const [referral] = (await team.get('/api/referrals').expect(200)).body;
    await team.post(`/api/referrals/${referral.id}/decision`).send({ action: 'accept', reason: 'ok' }).expect(200);

    const entries = await audit({ patientId });
    const actions = entries.map((e) => e.action).reverse();
    expect(actions).toEqual([
      'patient.created', 'invitation.created', 'invitation.opened', 'draft.saved', 'response.submitted',
      'answers.read', 'history.read', 'flag.decided', 'referral.created', 'referral.accepted',
    ]);
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(byAction['patient.created']).toMatchObject({ actor: { type: 'staff', id: server.users.nurse.id, name: 'nurse-user' }, entity: { type: 'patient', id: patientId } });
    expect(byAction['response.submitted']).toMatchObject({ actor: { type: 'patient' }, entity: { type: 'response', id: responseId }, details: { level: 'specialized', flagId: flag.id } });
    expect(byAction['answers.read']).toMatchObject({ actor: { type: 'staff', name: 'nurse-user' }, entity: { type: 'flag', id: flag.id }, details: { responseId } });
    expect(byAction['flag.decided']).toMatchObject({ entity: { type: 'flag', id: flag.id }, details: { decision: 'refer', from: 'open' } });
    expect(byAction['referral.accepted']).toMatchObject({ actor: { type: 'staff', name: 'palliative_team-user' }, entity: { type: 'referral', id: referral.id } });
    expect(byAction['response.submitted']!.at).toBe(server.clock.now().toISOString());
    // No answers, names or tokens in the audit log.
    const text = JSON.stringify(await audit());
    expect(text).not.toContain('Audit Patient');
    expect(text).not.toContain(token);
    expect(text).not.toContain('Please see.');
  });

  it('records which patients a list read showed: the worklist and the team queue', async () => {
    const nurse = await server.as('nurse');
    const team = await server.as('palliative_team');
    const shown: string[] = [];
    for (const name of ['List One', 'List Two']) {
      const { token, patientId } = await invite(server, 'minimal', { externalId: `list-${name.replace(' ', '-')}`, name });
      await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
      shown.push(patientId);
    }
    const { body: page } = await nurse.get('/api/flags').expect(200);
    const listed = (await audit({ action: 'flags.listed' }))[0]!;
    // The patients on the page, and those of the team's answers shown above it.
    const onPage = [...new Set([...page.items, ...page.teamAnswers].map((f: { patient: { id: string } }) => f.patient.id))];
    expect(listed.details).toMatchObject({ count: page.items.length, total: page.total, offset: 0, patientIds: onPage });
    expect(listed.details!.patientIds).toEqual(expect.arrayContaining(shown));
    // A page shows only its own patients, and the entry says so.
    const { body: second } = await nurse.get('/api/flags').query({ limit: 1, offset: 1 }).expect(200);
    const teamPatients = second.teamAnswers.map((a: { patient: { id: string } }) => a.patient.id);
    expect((await audit({ action: 'flags.listed' }))[0]!.details).toMatchObject({ offset: 1, count: 1, patientIds: [...new Set([page.items[1].patient.id, ...teamPatients])] });

    const [flag] = page.items.filter((f: { patient: { id: string } }) => f.patient.id === shown[0]);
    await nurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'refer', note: 'Please see.' }).expect(200);
    const { body: queue } = await team.get('/api/referrals').expect(200);
    expect((await audit({ action: 'referrals.listed' }))[0]!.details).toMatchObject({
      status: 'pending', count: queue.length, patientIds: [...new Set(queue.map((r: { patient: { id: string } }) => r.patient.id))],
    });
    expect((await audit({ action: 'referrals.listed' }))[0]!.details!.patientIds).toContain(shown[0]);
  });

  it('records sign-ins, failed sign-ins, sign-outs and new users', async () => {
    await server.request.post('/api/auth/login').send({ username: 'nurse-user', password: 'wrong password' }).expect(401);
    const admin = await server.as('admin');
    const { body: user } = await admin.post('/api/users').send({ username: 'new-nurse', password: 'long enough password', role: 'nurse' }).expect(201);
    expect(user).toEqual({ id: expect.any(String), username: 'new-nurse', role: 'nurse' });
    await admin.post('/api/users').send({ username: 'new-nurse', password: 'long enough password', role: 'nurse' }).expect(409);
    await admin.post('/api/users').send({ username: 'short', password: 'short', role: 'nurse' }).expect(422);
    await admin.post('/api/users').send({ username: 'boss', password: 'long enough password', role: 'chief' }).expect(422);
    expect((await admin.get('/api/users').expect(200)).body.map((u: { username: string }) => u.username)).toContain('new-nurse');
    const session = supertest.agent(server.app);
    await session.post('/api/auth/login').send({ username: 'new-nurse', password: 'long enough password' }).expect(200);
    await session.post('/api/auth/logout').expect(204);
    const entries = await audit({ entityType: 'staff_user' });
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login_failed', 'staff_user.created', 'auth.login', 'auth.logout']));
    const failed = entries.find((e) => e.action === 'auth.login_failed')!;
    expect(failed).toMatchObject({ actor: { type: 'anonymous' }, entity: { type: 'staff_user', id: server.users.nurse.id }, details: null });
    expect(JSON.stringify(entries)).not.toContain('long enough password');
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
  });

  it('writes nothing for a refused submission', async () => {
    const { token } = await invite(server);
    const before = (await audit({ action: 'response.submitted' })).length;
    await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 'a lot' } }).expect(422);
    expect((await audit({ action: 'response.submitted' })).length).toBe(before);
  });

  it('pages backwards with before', async () => {
    const all = await audit();
    const page = await audit({ before: String(all[2]!.id), limit: '2' });
    expect(page.map((e) => e.id)).toEqual([all[3]!.id, all[4]!.id]);
  });
});

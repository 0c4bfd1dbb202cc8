/**
 * Issue 23, admin: a staff user's full name and title (stored, editable, audited, shown in the
 * assign list), a refused username naming the rule, and the audit log's filters (person, patient,
 * period) and paging.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USERNAME_RULE } from '../../server/contract/accounts.js';
import { createTestServer, DAY, invite, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

const TEMPORARY = 'given-by-the-admin-42';

describe('full name and title', () => {
  it('are stored at creation, shown in GET /api/users and in the assign list, and optional', async () => {
    const admin = await server.as('admin');
    const { body: made } = await admin.post('/api/users').send({ username: 'ahansen', password: TEMPORARY, role: 'nurse', fullName: '  Anne Hansen ', title: 'sygeplejerske' }).expect(201);
    const users = (await admin.get('/api/users').expect(200)).body as { id: string; fullName: string | null; title: string | null }[];
    expect(users.find((u) => u.id === made.id)).toMatchObject({ fullName: 'Anne Hansen', title: 'sygeplejerske' });
    // Users made before (or without) them have neither.
    expect(users.find((u) => u.id === server.users.nurse.id)).toMatchObject({ fullName: null, title: null });

    const assignees = (await (await server.as('nurse')).get('/api/assignees').expect(200)).body as unknown[];
    expect(assignees).toContainEqual({ id: made.id, username: 'ahansen', fullName: 'Anne Hansen', title: 'sygeplejerske' });
    expect(assignees).toContainEqual({ id: server.users.nurse.id, username: server.users.nurse.username, fullName: null, title: null });
  });

  it('are changed by an admin (audited, without the words themselves), and cleared with an empty text', async () => {
    const admin = await server.as('admin');
    const id = server.users.nurse.id;
    const { body } = await admin.patch(`/api/users/${id}`).send({ fullName: 'Birte Holm', title: 'sygeplejerske' }).expect(200);
    expect(body).toMatchObject({ id, fullName: 'Birte Holm', title: 'sygeplejerske', role: 'nurse' });
    const entry = (await admin.get('/api/audit').query({ action: 'staff_user.profile_changed' }).expect(200)).body[0];
    expect(entry).toMatchObject({ entity: { type: 'staff_user', id }, details: { fields: ['full_name', 'title'] } });
    expect(JSON.stringify(entry.details)).not.toContain('Birte');

    const cleared = await admin.patch(`/api/users/${id}`).send({ title: '' }).expect(200);
    expect(cleared.body).toMatchObject({ fullName: 'Birte Holm', title: null });
    expect((await admin.patch(`/api/users/${id}`).send({ fullName: 'x'.repeat(201) }).expect(422)).body.error.details[0].path).toBe('fullName');
    expect((await admin.patch(`/api/users/${id}`).send({ fullName: 'A\u202eB' }).expect(422)).body.error.details[0].path).toBe('fullName');
    // Other roles may not.
    await (await server.as('nurse')).patch(`/api/users/${id}`).send({ fullName: 'Me' }).expect(403);
  });
});

describe('a refused username', () => {
  it.each(['Anne Hansen', 'søren', 'a', 'x'.repeat(65)])('names the rule in the 422 detail: %j', async (username) => {
    const admin = await server.as('admin');
    const res = await admin.post('/api/users').send({ username, password: TEMPORARY, role: 'nurse' }).expect(422);
    expect(res.body.error.details).toContainEqual({ path: 'username', message: USERNAME_RULE });
    expect(USERNAME_RULE).toMatch(/A-Z.*digits.*no spaces/);
  });
});

describe('GET /api/audit filters and pages', () => {
  it('filters by person, patient and period (the clinic\'s calendar days), and pages with before', async () => {
    const first = await invite(server);
    server.clock.advance(3 * DAY);
    const second = await invite(server);
    // Signed in after the clock moved (sessions expire).
    const [nurse, admin] = [await server.as('nurse'), await server.as('admin')];
    await nurse.get(`/api/patients/${second.patientId}/history`).expect(200);

    const byPatient = (await admin.get('/api/audit').query({ patientId: second.patientId }).expect(200)).body as { action: string; patientId: string }[];
    expect(byPatient.length).toBeGreaterThanOrEqual(3);
    expect(byPatient.every((e) => e.patientId === second.patientId)).toBe(true);
    expect(byPatient.map((e) => e.action)).toEqual(expect.arrayContaining(['patient.created', 'invitation.created', 'history.read']));

    // The same by the health record's id, which each entry carries.
    const { external_id: externalId } = await server.db.selectFrom('patients').select('external_id').where('id', '=', second.patientId).executeTakeFirstOrThrow();
    expect(externalId).toMatch(/^ext-/);
    const byExternal = (await admin.get('/api/audit').query({ patientExternalId: externalId }).expect(200)).body as { id: string; patientExternalId: string }[];
    expect(byExternal.map((e) => e.id)).toEqual((byPatient as unknown as { id: string }[]).map((e) => e.id));
    expect(byExternal.every((e) => e.patientExternalId === externalId)).toBe(true);

    const byAdmin = (await admin.get('/api/audit').query({ actorId: server.users.admin.id }).expect(200)).body as { actor: { id: string } }[];
    expect(byAdmin.length).toBeGreaterThan(0);
    expect(byAdmin.every((e) => e.actor.id === server.users.admin.id)).toBe(true);

    // The first patient was made three days before the second: a period of the second's day leaves it out.
    const day = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date(iso));
    const secondDay = day(server.clock.now().toISOString());
    const thatDay = (await admin.get('/api/audit').query({ from: secondDay, to: secondDay }).expect(200)).body as { patientId: string | null; at: string }[];
    expect(thatDay.some((e) => e.patientId === second.patientId)).toBe(true);
    expect(thatDay.some((e) => e.patientId === first.patientId)).toBe(false);
    expect(thatDay.every((e) => day(e.at) === secondDay)).toBe(true);
    const before = (await admin.get('/api/audit').query({ to: day(new Date(server.clock.now().getTime() - DAY).toISOString()) }).expect(200)).body as { patientId: string | null }[];
    expect(before.some((e) => e.patientId === first.patientId)).toBe(true);
    expect(before.some((e) => e.patientId === second.patientId)).toBe(false);
    expect((await admin.get('/api/audit').query({ from: '2026-03-10', to: '2026-03-01' }).expect(422)).body.error.details).toEqual([{ path: 'to', message: 'must not be before from' }]);

    // Paging: two at a time, each page older than the last, none twice.
    const page1 = (await admin.get('/api/audit').query({ patientId: second.patientId, limit: '2' }).expect(200)).body as { id: string }[];
    const page2 = (await admin.get('/api/audit').query({ patientId: second.patientId, limit: '2', before: page1[1]!.id }).expect(200)).body as { id: string }[];
    expect(page1).toHaveLength(2);
    expect(page2.length).toBeGreaterThan(0);
    expect(Number(page2[0]!.id)).toBeLessThan(Number(page1[1]!.id));
    expect([...page1, ...page2].map((e) => e.id)).toEqual(byPatient.slice(0, page1.length + page2.length).map((e) => (e as unknown as { id: string }).id));
  });
});

/**
 * Issue 21: accounts. A PATCH that changes nothing answers the user as it is (it was a 500);
 * usernames are unique without regard to case, and sign-in finds the account in any case
 * (migration 0016, which renames names that already clash in an existing install); two admins
 * disabling each other at once leave an enabled admin (PostgreSQL with two processes:
 * test/postgres/last-admin-two-processes.pgtest.ts).
 */
import { Migrator } from 'kysely';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { migrations } from '../../migrations/index.js';
import type { NewRow } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { createTestServer, PASSWORD, type TestServer } from './helpers.js';
import { freshDatabase } from './test-database.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

const auditCount = async () => Number((await server.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('PATCH /api/users/:id that changes nothing', () => {
  it('answers 200 with the user unchanged for the same role, and for disabling a disabled user, and audits nothing', async () => {
    const admin = await server.as('admin');
    const { body: user } = await admin.post('/api/users').send({ username: 'noop-nurse', password: PASSWORD, role: 'nurse' }).expect(201);
    const before = await auditCount();
    const same = await admin.patch(`/api/users/${user.id}`).send({ role: 'nurse' }).expect(200);
    expect(same.body).toMatchObject({ id: user.id, username: 'noop-nurse', role: 'nurse', disabled: false });
    await admin.patch(`/api/users/${user.id}`).send({ disabled: false }).expect(200);
    expect(await auditCount()).toBe(before);

    await admin.patch(`/api/users/${user.id}`).send({ disabled: true }).expect(200);
    const disabled = await auditCount();
    const again = await admin.patch(`/api/users/${user.id}`).send({ disabled: true, role: 'nurse' }).expect(200);
    expect(again.body).toMatchObject({ id: user.id, role: 'nurse', disabled: true });
    expect(await auditCount()).toBe(disabled);
  });
});

describe('usernames without regard to case', () => {
  it('refuses "Nurse-User" when "nurse-user" exists (409 username_taken) and stores nothing', async () => {
    const admin = await server.as('admin');
    const before = (await admin.get('/api/users').expect(200)).body.length;
    const taken = await admin.post('/api/users').send({ username: 'Nurse-User', password: 'a long enough new passphrase 42', role: 'nurse' }).expect(409);
    expect(taken.body.error.code).toBe('username_taken');
    expect((await admin.get('/api/users').expect(200)).body).toHaveLength(before);
  });

  it('signs in by the username in any case, as the account it names', async () => {
    for (const typed of ['NURSE-USER', 'Nurse-User', 'nurse-user']) {
      const res = await supertest(server.app).post('/api/auth/login').send({ username: typed, password: PASSWORD }).expect(200);
      expect(res.body.user).toMatchObject({ id: server.users.nurse.id, username: 'nurse-user' });
    }
    // A look-alike is not folded to ASCII: the Kelvin sign (U+212A, which JavaScript lower-cases to "k") is not "K".
    await (await server.as('admin')).post('/api/users').send({ username: 'Kasper', password: PASSWORD, role: 'nurse' }).expect(201);
    await supertest(server.app).post('/api/auth/login').send({ username: 'kASPER', password: PASSWORD }).expect(200);
    await supertest(server.app).post('/api/auth/login').send({ username: '\u212Aasper', password: PASSWORD }).expect(401);
  });
});

describe('migration 0016', () => {
  it('keeps the oldest of names that differ only in case, renames the later ones to the first free "<name>-<n>", audits each rename, and then refuses a clash', async () => {
    const { db, drop } = await freshDatabase({ migrate: false });
    onTestFinished(drop);
    expect((await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0015_patient_status')).error).toBeUndefined();
    const user = (id: string, username: string, at: string): NewRow<'staff_users'> => ({ id, username, password_hash: 'x', role: 'nurse', created_at: at });
    await db.insertInto('staff_users').values([
      user('a', 'nurse', '2026-01-01T00:00:00.000Z'),
      user('b', 'Nurse', '2026-01-02T00:00:00.000Z'),
      user('c', 'NURSE', '2026-01-03T00:00:00.000Z'),
      user('d', 'nurse-2', '2026-01-04T00:00:00.000Z'),
      user('e', 'admin', '2026-01-05T00:00:00.000Z'),
    ]).execute();
    await migrateToLatest(db);
    const names = Object.fromEntries((await db.selectFrom('staff_users').select(['id', 'username']).execute()).map((u) => [u.id, u.username]));
    expect(names).toEqual({ a: 'nurse', b: 'Nurse-3', c: 'NURSE-4', d: 'nurse-2', e: 'admin' });
    const renames = await db.selectFrom('audit_log').select(['entity_id', 'details']).where('action', '=', 'staff_user.renamed').orderBy('entity_id').execute();
    expect(renames.map((r) => [r.entity_id, JSON.parse(r.details!)])).toEqual([
      ['b', expect.objectContaining({ from: 'Nurse', to: 'Nurse-3' })],
      ['c', expect.objectContaining({ from: 'NURSE', to: 'NURSE-4' })],
    ]);
    await expect(db.insertInto('staff_users').values(user('f', 'ADMIN', '2026-01-06T00:00:00.000Z')).execute()).rejects.toThrow();
  });
});

describe('the last enabled admin', () => {
  it('two admins disabling each other at once: one succeeds, the other is refused, an admin stays enabled', async () => {
    const admin = await server.as('admin');
    const { body: second } = await admin.post('/api/users').send({ username: 'second-admin', password: PASSWORD, role: 'admin' }).expect(201);
    // Only these two admins are enabled.
    const others = (await admin.get('/api/users').expect(200)).body.filter((u: { role: string; disabled: boolean; id: string }) => u.role === 'admin' && !u.disabled && u.id !== second.id && u.id !== server.users.admin.id);
    expect(others).toEqual([]);
    const secondAgent = supertest.agent(server.app);
    await secondAgent.post('/api/auth/login').send({ username: 'second-admin', password: PASSWORD }).expect(200);
    // An admin's new user chooses a password of their own first (issue 21: temporary passwords).
    await secondAgent.post('/api/auth/password').send({ currentPassword: PASSWORD, newPassword: 'amber-kettle-orbit-57' }).expect(204);
    const [one, two] = await Promise.all([
      admin.patch(`/api/users/${second.id}`).send({ disabled: true }),
      secondAgent.patch(`/api/users/${server.users.admin.id}`).send({ disabled: true }),
    ]);
    expect([one.status, two.status].filter((s) => s === 200)).toHaveLength(1);
    expect([one, two].find((r) => r.status !== 200)!.body.error.code).toMatch(/^(last_admin|unauthenticated)$/);
    const enabled = await server.db.selectFrom('staff_users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
    expect(enabled).toHaveLength(1);
  });
});

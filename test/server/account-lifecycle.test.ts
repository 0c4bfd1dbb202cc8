/** Issue 12: disabling accounts, roles and the last admin, password resets, forced password change, sessions, password policy, scrypt cost. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { DEFAULT_SETTINGS } from '../../server/services/context.js';
import { hashPassword, hashParams, OWASP_SCRYPT } from '../../server/services/secrets.js';
import { insertStaffUser } from '../../server/storage/staff-users.js';
import { createTestServer, MINUTE, PASSWORD, TEST_PASSWORD_HASHING, type TestServer } from './helpers.js';
import { freshDatabase } from './test-database.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

const TEMPORARY = 'given-by-the-admin-42';
let made = 0;
/** A new staff user (a fresh one per test, so tests do not share state) and a signed-in agent for it. */
async function newUser(role: 'nurse' | 'palliative_team' | 'admin' = 'nurse') {
  const admin = await server.as('admin');
  const username = `user-${role}-${++made}`;
  const { body } = await admin.post('/api/users').send({ username, password: TEMPORARY, role }).expect(201);
  const agent = supertest.agent(server.app);
  // An admin's password is temporary: the user chooses their own at the first sign-in.
  await agent.post('/api/auth/login').send({ username, password: TEMPORARY }).expect(200);
  await agent.post('/api/auth/password').send({ currentPassword: TEMPORARY, newPassword: PASSWORD }).expect(204);
  return { id: body.id as string, username, agent };
}

async function signIn(username: string, password: string) {
  const agent = supertest.agent(server.app);
  const res = await agent.post('/api/auth/login').send({ username, password });
  return { agent, res };
}

async function auditOf(entityId: string): Promise<{ action: string; details: Record<string, unknown> | null; actor: { name: string | null } }[]> {
  const admin = await server.as('admin');
  return (await admin.get('/api/audit').query({ limit: '1000' }).expect(200)).body.filter((e: { entity: { id: string } }) => e.entity.id === entityId);
}

describe('PATCH /api/users/:id', () => {
  it('disabling ends the sessions at once and refuses sign-in with the same 401 as a wrong password', async () => {
    const user = await newUser();
    await user.agent.get('/api/flags').expect(200);
    const admin = await server.as('admin');
    const { body } = await admin.patch(`/api/users/${user.id}`).send({ disabled: true }).expect(200);
    expect(body).toMatchObject({ id: user.id, disabled: true, role: 'nurse' });
    await user.agent.get('/api/flags').expect(401);
    const refused = await signIn(user.username, PASSWORD);
    const wrong = await signIn(user.username, 'not the password at all');
    expect(refused.res.status).toBe(401);
    expect(refused.res.body).toEqual(wrong.res.body);
    expect((await admin.get('/api/users').expect(200)).body.find((u: { id: string }) => u.id === user.id)).toMatchObject({ disabled: true });

    await admin.patch(`/api/users/${user.id}`).send({ disabled: false }).expect(200);
    expect((await signIn(user.username, PASSWORD)).res.status).toBe(200);
    const actions = (await auditOf(user.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff_user.disabled', 'staff_user.enabled']));
    const failed = (await auditOf(user.id)).filter((e) => e.action === 'auth.login_failed');
    expect(failed.map((e) => e.details?.reason)).toEqual(expect.arrayContaining(['disabled', undefined]));
  });

  it('changes the role, in force for open sessions at once, and audits it', async () => {
    const user = await newUser('nurse');
    await user.agent.get('/api/referrals').expect(403);
    const admin = await server.as('admin');
    await admin.patch(`/api/users/${user.id}`).send({ role: 'palliative_team' }).expect(200);
    await user.agent.get('/api/referrals').expect(200);
    await user.agent.get('/api/flags').expect(403);
    const entry = (await auditOf(user.id)).find((e) => e.action === 'staff_user.role_changed');
    expect(entry).toMatchObject({ details: { from: 'nurse', to: 'palliative_team' }, actor: { name: 'admin-user' } });
  });

  it('refuses to disable or demote the last enabled admin, also itself, and changes nothing', async () => {
    const admin = await server.as('admin');
    const self = server.users.admin.id;
    expect((await admin.patch(`/api/users/${self}`).send({ disabled: true }).expect(409)).body.error.code).toBe('last_admin');
    expect((await admin.patch(`/api/users/${self}`).send({ role: 'nurse' }).expect(409)).body.error.code).toBe('last_admin');
    await admin.get('/api/users').expect(200);

    // A second admin that is disabled does not count.
    const second = await newUser('admin');
    await admin.patch(`/api/users/${second.id}`).send({ disabled: true }).expect(200);
    await admin.patch(`/api/users/${self}`).send({ role: 'nurse' }).expect(409);

    // Once it is enabled, either may go, but not both.
    await admin.patch(`/api/users/${second.id}`).send({ disabled: false }).expect(200);
    const secondAgent = (await signIn(second.username, PASSWORD)).agent;
    await secondAgent.patch(`/api/users/${self}`).send({ role: 'nurse' }).expect(200);
    expect((await secondAgent.patch(`/api/users/${second.id}`).send({ disabled: true }).expect(409)).body.error.code).toBe('last_admin');
    await secondAgent.patch(`/api/users/${self}`).send({ role: 'admin' }).expect(200);
    await (await server.as('admin')).get('/api/users').expect(200);
  });

  it('answers 404 for an unknown user and 422 for a body that is not a change', async () => {
    const admin = await server.as('admin');
    const user = await newUser();
    await admin.patch('/api/users/no-such-user').send({ disabled: true }).expect(404);
    for (const body of [{}, { disabled: 'yes' }, { role: 'chief' }, { disabled: true, password: 'x' }]) {
      expect((await admin.patch(`/api/users/${user.id}`).send(body).expect(422)).body.error.code).toBe('invalid_request');
    }
    await user.agent.get('/api/flags').expect(200);
  });

  it('lets only an admin manage accounts', async () => {
    const user = await newUser();
    for (const role of ['nurse', 'palliative_team'] as const) {
      const agent = await server.as(role);
      await agent.patch(`/api/users/${user.id}`).send({ disabled: true }).expect(403);
      await agent.post(`/api/users/${user.id}/password-reset`).expect(403);
      await agent.get(`/api/users/${user.id}/sessions`).expect(403);
      await agent.delete(`/api/users/${user.id}/sessions`).expect(403);
    }
    await user.agent.get('/api/flags').expect(200);
  });
});

describe('password reset and the forced password change', () => {
  it('replaces the password, ends the sessions, and allows nothing but a new password until one is chosen', async () => {
    const user = await newUser();
    const admin = await server.as('admin');
    const { body } = await admin.post(`/api/users/${user.id}/password-reset`).expect(200);
    const temporary = body.temporaryPassword as string;
    expect(temporary).toMatch(/^[a-z0-9-]{20,}$/);
    await user.agent.get('/api/flags').expect(401);
    expect((await signIn(user.username, PASSWORD)).res.status).toBe(401);

    const first = await signIn(user.username, temporary);
    expect(first.res.status).toBe(200);
    expect(first.res.body.user.mustChangePassword).toBe(true);
    expect((await first.agent.get('/api/auth/me').expect(200)).body.user).toMatchObject({ username: user.username, mustChangePassword: true });
    for (const path of ['/api/flags', '/api/patients', '/api/questionnaires']) {
      expect((await first.agent.get(path).expect(403)).body.error.code).toBe('password_change_required');
    }
    expect((await first.agent.post('/api/patients').send({ externalId: 'x', name: 'y' }).expect(403)).body.error.code).toBe('password_change_required');
    const second = await signIn(user.username, temporary);

    const wrong = await first.agent.post('/api/auth/password').send({ currentPassword: 'not it at all', newPassword: 'amber-kettle-orbit-57' }).expect(403);
    expect(wrong.body.error.code).toBe('wrong_current_password');
    await first.agent.get('/api/auth/me').expect(200);
    expect((await first.agent.post('/api/auth/password').send({ currentPassword: temporary, newPassword: 'password1234' }).expect(422)).body.error.code).toBe('password_too_common');
    expect((await first.agent.post('/api/auth/password').send({ currentPassword: temporary, newPassword: temporary }).expect(422)).body.error.code).toBe('password_unchanged');

    await first.agent.post('/api/auth/password').send({ currentPassword: temporary, newPassword: 'amber-kettle-orbit-57' }).expect(204);
    expect((await first.agent.get('/api/auth/me').expect(200)).body.user.mustChangePassword).toBe(false);
    await first.agent.get('/api/flags').expect(200);
    await second.agent.get('/api/auth/me').expect(401);
    expect((await signIn(user.username, temporary)).res.status).toBe(401);
    expect((await signIn(user.username, 'amber-kettle-orbit-57')).res.status).toBe(200);

    const entries = await auditOf(user.id);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['staff_user.password_reset', 'staff_user.password_changed', 'auth.password_change_failed']));
    expect(entries.find((e) => e.action === 'staff_user.password_changed')?.details).toEqual({ sessionsEnded: 1 });
    const all = JSON.stringify((await admin.get('/api/audit').query({ limit: '1000' }).expect(200)).body);
    for (const secret of [temporary, 'amber-kettle-orbit-57', 'not it at all']) expect(all).not.toContain(secret);
  });

  it('lets any staff user change their own password, ending their other sessions', async () => {
    const user = await newUser('palliative_team');
    const other = await signIn(user.username, PASSWORD);
    await user.agent.post('/api/auth/password').send({ currentPassword: PASSWORD, newPassword: 'quiet-harbour-lantern-8' }).expect(204);
    await user.agent.get('/api/referrals').expect(200);
    await other.agent.get('/api/auth/me').expect(401);
    await supertest(server.app).post('/api/auth/password').send({ currentPassword: PASSWORD, newPassword: 'quiet-harbour-lantern-9' }).expect(401);
  });

  it('answers 404 when resetting an unknown user', async () => {
    await (await server.as('admin')).post('/api/users/no-such-user/password-reset').expect(404);
  });
});

describe('sessions of a user', () => {
  it('lists the active sessions without tokens, and revokes them all', async () => {
    const user = await newUser();
    await signIn(user.username, PASSWORD);
    const admin = await server.as('admin');
    const { body: sessions } = await admin.get(`/api/users/${user.id}/sessions`).expect(200);
    expect(sessions).toHaveLength(2);
    for (const s of sessions) expect(Object.keys(s).sort()).toEqual(['address', 'createdAt', 'current', 'device', 'id', 'lastSeenAt']);

    expect((await admin.delete(`/api/users/${user.id}/sessions`).expect(200)).body).toEqual({ revoked: 2 });
    await user.agent.get('/api/auth/me').expect(401);
    expect((await admin.get(`/api/users/${user.id}/sessions`).expect(200)).body).toEqual([]);
    expect((await auditOf(user.id)).find((e) => e.action === 'staff_user.sessions_revoked')?.details).toMatchObject({ revoked: 2 });
  });

  it('does not list expired sessions', async () => {
    const short = await createTestServer({ settings: { sessionIdleMs: 5 * MINUTE } });
    onTestFinished(() => short.close());
    const admin = await short.as('admin');
    await short.as('nurse');
    expect((await admin.get(`/api/users/${short.users.nurse.id}/sessions`).expect(200)).body).toHaveLength(1);
    short.clock.advance(4 * MINUTE);
    await admin.get('/api/auth/me').expect(200);
    short.clock.advance(2 * MINUTE);
    expect((await admin.get(`/api/users/${short.users.nurse.id}/sessions`).expect(200)).body).toEqual([]);
  });
});

describe('password policy', () => {
  const cases = [
    { password: ' '.repeat(12), code: 'password_blank' },
    { password: 'short-1', code: 'password_too_short' },
    { password: 'password1234', code: 'password_too_common' },
    { password: 'qwertyuiop123', code: 'password_too_common' },
    // Danish words, places and hospitals with digits (issue 21)
    { password: 'Velkommen2026', code: 'password_too_common' },
    { password: 'Sommerferie2026', code: 'password_too_common' },
    { password: 'Rigshospitalet1', code: 'password_too_common' },
    { password: 'Efteraarsferie24!', code: 'password_too_common' },
    { password: 'My-POLICY-Case-user-91', code: 'password_contains_username' },
  ];

  it.each(cases)('refuses "$password" for a new user with $code and stores nothing', async ({ password, code }) => {
    const admin = await server.as('admin');
    const res = await admin.post('/api/users').send({ username: 'policy-case', password, role: 'nurse' }).expect(422);
    expect(res.body.error).toMatchObject({ code, message: expect.any(String) });
    expect((await admin.get('/api/users').expect(200)).body.map((u: { username: string }) => u.username)).not.toContain('policy-case');
  });

  it.each(cases)('refuses "$password" as a new password with $code', async ({ password, code }) => {
    const user = await newUser();
    // The username rule with this user's name.
    const candidate = code === 'password_contains_username' ? `x-${user.username.toUpperCase()}-91q` : password;
    const res = await user.agent.post('/api/auth/password').send({ currentPassword: PASSWORD, newPassword: candidate }).expect(422);
    expect(res.body.error.code).toBe(code);
    expect((await signIn(user.username, PASSWORD)).res.status).toBe(200);
  });

  it('accepts a passphrase of unrelated Danish words', async () => {
    const admin = await server.as('admin');
    await admin.post('/api/users').send({ username: 'passphrase-case', password: 'blå cykel hænger ved søen', role: 'nurse' }).expect(201);
  });

  it("refuses the site's own words from the site settings: its name with digits", async () => {
    const admin = await server.as('admin');
    const password = 'Kastanjehaven2026!';
    await admin.post('/api/users').send({ username: 'site-word-before', password, role: 'nurse' }).expect(201);
    await admin.put('/api/settings').send({ site: { name: 'Hospice Kastanjehaven' } }).expect(200);
    const refused = await admin.post('/api/users').send({ username: 'site-word-after', password, role: 'nurse' }).expect(422);
    expect(refused.body.error.code).toBe('password_too_common');
  });

  it('refuses a common password in npm run create-user', async () => {
    const { url, drop } = await freshDatabase();
    onTestFinished(drop);
    const run = promisify(execFile);
    const root = path.resolve(import.meta.dirname, '..', '..');
    const cli = run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/cli/create-user.ts', '--username', 'first', '--password', 'password1234', '--role', 'admin'], {
      cwd: root, env: { ...process.env, DATABASE_URL: url },
    });
    await expect(cli).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('too common') });
  }, 60_000);
});

describe('password hashing', () => {
  it("hashes with OWASP's scrypt parameters by default (N=2^17, r=8, p=1), and re-hashes an older hash to them at the next sign-in", async () => {
    expect(OWASP_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(DEFAULT_SETTINGS.passwordHashing).toEqual(OWASP_SCRYPT);
    const { db, drop } = await freshDatabase();
    onTestFinished(drop);
    const app = createApp({ db, questionnaires: new Map() });
    // The hash an older release made (N=2^15).
    const old = await hashPassword(PASSWORD, { N: 2 ** 15, r: 8, p: 1 });
    await insertStaffUser(db, { id: 'old-user', username: 'old-user', password_hash: old, role: 'nurse', created_at: new Date().toISOString() });

    await supertest(app).post('/api/auth/login').send({ username: 'old-user', password: PASSWORD }).expect(200);
    const stored = (await db.selectFrom('staff_users').select('password_hash').where('id', '=', 'old-user').executeTakeFirstOrThrow()).password_hash;
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(hashParams(stored)).toEqual(OWASP_SCRYPT);
    await supertest(app).post('/api/auth/login').send({ username: 'old-user', password: PASSWORD }).expect(200);
  }, 60_000);

  it('keeps a hash with the current parameters as it is', async () => {
    const user = await newUser();
    const before = await server.db.selectFrom('staff_users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(hashParams(before.password_hash)).toEqual(TEST_PASSWORD_HASHING);
    await signIn(user.username, PASSWORD);
    const after = await server.db.selectFrom('staff_users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
  });

});

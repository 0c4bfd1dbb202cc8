/** Issue 21: a second factor (TOTP, RFC 6238) for local staff accounts, recovery codes, and the admin setting that requires it. */
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { configFromEnv } from '../../server/config.js';
import { totpCode } from '../../server/domain/second-factor.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { removeStaleData } from '../../server/services/housekeeping.js';
import { openSecret, sealSecret } from '../../server/services/secrets.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { createTestServer, PASSWORD, TEST_PASSWORD_HASHING, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

let made = 0;
/** A user made from the command line (no temporary password), signed in. */
async function newUser(on: TestServer = server, role: 'nurse' | 'admin' = 'nurse') {
  const ctx = createServiceContext({ db: on.db, questionnaires: new Map(), now: on.clock.now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
  const username = `totp-${role}-${++made}`;
  const { id } = await createStaffUser(ctx, null, { username, password: PASSWORD, role });
  const agent = supertest.agent(on.app);
  await agent.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  return { id, username, agent };
}

const THIRTY_S = 30_000;

/** Enrols a signed-in user; returns the secret and the recovery codes. */
async function enrol(on: TestServer, agent: ReturnType<typeof supertest.agent>) {
  const { body: started } = await agent.post('/api/account/second-factor/enrolment').expect(200);
  const secret = started.secret as string;
  const { body } = await agent.post('/api/account/second-factor/confirm').send({ code: totpCode(secret, on.clock.now().getTime()) }).expect(200);
  return { secret, uri: started.otpauthUri as string, recoveryCodes: body.recoveryCodes as string[] };
}

async function passwordStep(on: TestServer, username: string) {
  const agent = supertest.agent(on.app);
  const res = await agent.post('/api/auth/login').send({ username, password: PASSWORD });
  return { agent, res };
}

async function auditActions(on: TestServer, entityId: string): Promise<{ action: string; details: Record<string, unknown> | null }[]> {
  const admin = await on.as('admin');
  return (await admin.get('/api/audit').query({ limit: '1000' }).expect(200)).body.filter((e: { entity: { id: string } }) => e.entity.id === entityId);
}

describe('enrolling a second factor', () => {
  it('shows the secret and its otpauth URI, confirms with a current code, and shows ten recovery codes once', async () => {
    const user = await newUser();
    expect((await user.agent.get('/api/auth/me').expect(200)).body.user.secondFactor).toBe(false);
    const { body: started } = await user.agent.post('/api/account/second-factor/enrolment').expect(200);
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.otpauthUri).toBe(`otpauth://totp/Lindring:${user.username}?issuer=Lindring&secret=${started.secret}&algorithm=SHA1&digits=6&period=30`);

    const wrong = await user.agent.post('/api/account/second-factor/confirm').send({ code: '000000' === totpCode(started.secret, server.clock.now().getTime()) ? '111111' : '000000' }).expect(422);
    expect(wrong.body.error.code).toBe('invalid_second_factor');
    const { body } = await user.agent.post('/api/account/second-factor/confirm').send({ code: totpCode(started.secret, server.clock.now().getTime()) }).expect(200);
    expect(body.recoveryCodes).toHaveLength(10);
    expect(new Set(body.recoveryCodes).size).toBe(10);
    for (const code of body.recoveryCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect((await user.agent.get('/api/auth/me').expect(200)).body.user.secondFactor).toBe(true);

    // Once set up, the secret is never shown again, and a second set-up is refused.
    expect((await user.agent.post('/api/account/second-factor/enrolment').expect(409)).body.error.code).toBe('second_factor_enrolled');
    // Recovery codes rest only as hashes.
    const stored = JSON.stringify(await server.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute());
    for (const code of body.recoveryCodes) expect(stored).not.toContain(code);
    expect((await auditActions(server, user.id)).map((e) => e.action)).toContain('staff_user.second_factor_enrolled');
  });

  it('refuses a confirmation before the set-up was started', async () => {
    const user = await newUser();
    expect((await user.agent.post('/api/account/second-factor/confirm').send({ code: '123456' }).expect(409)).body.error.code).toBe('second_factor_not_started');
    await supertest(server.app).post('/api/account/second-factor/enrolment').expect(401);
  });
});

describe('signing in with a second factor', () => {
  it('asks for the code after the password, refuses a wrong one, and opens a session with the right one', async () => {
    const user = await newUser();
    const { secret } = await enrol(server, user.agent);
    server.clock.advance(THIRTY_S);

    const { agent, res } = await passwordStep(server, user.username);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ secondFactor: 'code' });
    expect(String(res.headers['set-cookie'])).not.toContain('lindring_session=');
    await agent.get('/api/auth/me').expect(401);
    await agent.get('/api/flags').expect(401);

    const right = totpCode(secret, server.clock.now().getTime());
    const wrong = right === '123456' ? '654321' : '123456';
    expect((await agent.post('/api/auth/second-factor').send({ code: wrong }).expect(401)).body.error.code).toBe('invalid_second_factor');
    await agent.get('/api/auth/me').expect(401);

    const { body } = await agent.post('/api/auth/second-factor').send({ code: right }).expect(200);
    expect(body.user).toMatchObject({ id: user.id, username: user.username, secondFactor: true, mustChangePassword: false });
    await agent.get('/api/flags').expect(200);
    const actions = await auditActions(server, user.id);
    expect(actions.find((e) => e.action === 'auth.second_factor_failed')?.details).toEqual({ failures: 1 });
    expect(actions.find((e) => e.action === 'auth.login')?.details).toEqual({ secondFactor: 'totp' });
  });

  it('refuses a code already used, also within its window, and takes the next one', async () => {
    const user = await newUser();
    const { secret } = await enrol(server, user.agent);
    server.clock.advance(THIRTY_S);
    const code = totpCode(secret, server.clock.now().getTime());
    const first = await passwordStep(server, user.username);
    await first.agent.post('/api/auth/second-factor').send({ code }).expect(200);

    const again = await passwordStep(server, user.username);
    expect((await again.agent.post('/api/auth/second-factor').send({ code }).expect(401)).body.error.code).toBe('invalid_second_factor');
    server.clock.advance(10_000);
    expect((await again.agent.post('/api/auth/second-factor').send({ code }).expect(401)).body.error.code).toBe('invalid_second_factor');
    server.clock.advance(THIRTY_S);
    await again.agent.post('/api/auth/second-factor').send({ code: totpCode(secret, server.clock.now().getTime()) }).expect(200);
  });

  it('lets the same code through only once when two sign-ins send it at the same time', async () => {
    const user = await newUser();
    const { secret, recoveryCodes } = await enrol(server, user.agent);
    server.clock.advance(THIRTY_S);
    const [a, b] = [await passwordStep(server, user.username), await passwordStep(server, user.username)];
    const code = totpCode(secret, server.clock.now().getTime());
    const statuses = (await Promise.all([a, b].map(({ agent }) => agent.post('/api/auth/second-factor').send({ code })))).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 401]);
    const [c, d] = [await passwordStep(server, user.username), await passwordStep(server, user.username)];
    const recovery = (await Promise.all([c, d].map(({ agent }) => agent.post('/api/auth/second-factor').send({ code: recoveryCodes[0] })))).map((r) => r.status);
    expect(recovery.sort()).toEqual([200, 401]);
  });

  it('takes each recovery code once, in any case and with spaces', async () => {
    const user = await newUser();
    const { recoveryCodes } = await enrol(server, user.agent);
    const first = await passwordStep(server, user.username);
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace('-', ' ')} `;
    await first.agent.post('/api/auth/second-factor').send({ code: typed }).expect(200);
    expect((await auditActions(server, user.id)).find((e) => e.action === 'auth.login')?.details).toEqual({ secondFactor: 'recovery_code' });

    const second = await passwordStep(server, user.username);
    expect((await second.agent.post('/api/auth/second-factor').send({ code: recoveryCodes[3] }).expect(401)).body.error.code).toBe('invalid_second_factor');
    await second.agent.post('/api/auth/second-factor').send({ code: recoveryCodes[4] }).expect(200);
  });

  it('ends the challenge after five wrong codes, and after five minutes', async () => {
    const user = await newUser();
    const { secret } = await enrol(server, user.agent);
    server.clock.advance(THIRTY_S);
    const { agent } = await passwordStep(server, user.username);
    const right = () => totpCode(secret, server.clock.now().getTime());
    for (let i = 0; i < 5; i++) {
      expect((await agent.post('/api/auth/second-factor').send({ code: right() === '000000' ? '999999' : '000000' }).expect(401)).body.error.code).toBe('invalid_second_factor');
    }
    expect((await agent.post('/api/auth/second-factor').send({ code: right() }).expect(401)).body.error.code).toBe('second_factor_expired');

    server.clock.advance(THIRTY_S);
    const late = await passwordStep(server, user.username);
    server.clock.advance(5 * 60_000);
    expect((await late.agent.post('/api/auth/second-factor').send({ code: right() }).expect(401)).body.error.code).toBe('second_factor_expired');
    // The scheduler removes the expired challenge.
    await removeStaleData(createServiceContext({ db: server.db, questionnaires: new Map(), now: server.clock.now }));
    expect(await server.db.selectFrom('login_challenges').selectAll().where('user_id', '=', user.id).execute()).toEqual([]);
    // Without a challenge at all.
    expect((await supertest(server.app).post('/api/auth/second-factor').send({ code: right() }).expect(401)).body.error.code).toBe('second_factor_expired');
  });

  it('counts wrong codes against the sign-in limits of the address (429 with Retry-After)', async () => {
    const limited = await createTestServer({ loginRateLimit: { limit: 3, windowMs: 15 * 60_000 } });
    onTestFinished(() => limited.close());
    const user = await newUser(limited);
    const { secret } = await enrol(limited, user.agent);
    limited.clock.advance(THIRTY_S);
    const right = () => totpCode(secret, limited.clock.now().getTime());
    const wrong = () => (right() === '000000' ? '999999' : '000000');
    const { agent } = await passwordStep(limited, user.username);
    for (let i = 0; i < 3; i++) await agent.post('/api/auth/second-factor').send({ code: wrong() }).expect(401);
    const refused = await agent.post('/api/auth/second-factor').send({ code: right() }).expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    // The address is over its limit for sign-ins too.
    await supertest(limited.app).post('/api/auth/login').send({ username: user.username, password: PASSWORD }).expect(429);
  });
});

describe('the site setting that requires a second factor', () => {
  it('makes a user without one set it up at sign-in before any session, and shows the recovery codes then', async () => {
    const required = await createTestServer();
    onTestFinished(() => required.close());
    const user = await newUser(required);
    const admin = await required.as('admin');
    const { body: settings } = await admin.put('/api/settings').send({ security: { requireSecondFactor: true } }).expect(200);
    expect(settings.security).toEqual({ requireSecondFactor: true, temporaryPasswordHours: 72, emergencyAccessHours: 4 });
    const audit = (await admin.get('/api/audit').query({ limit: '1000' }).expect(200)).body.find((e: { action: string }) => e.action === 'settings.changed');
    expect(audit.details.changes).toEqual([{ path: 'security.requireSecondFactor', from: false, to: true }]);

    const { agent, res } = await passwordStep(required, user.username);
    expect(res.body).toEqual({ secondFactor: 'enrol' });
    await agent.get('/api/flags').expect(401);
    // A session cannot start the set-up for someone else's challenge: the enrolment needs this browser's challenge cookie.
    expect((await supertest(required.app).post('/api/auth/second-factor/enrolment').expect(401)).body.error.code).toBe('second_factor_expired');
    const { body: started } = await agent.post('/api/auth/second-factor/enrolment').expect(200);
    const { body } = await agent.post('/api/auth/second-factor').send({ code: totpCode(started.secret, required.clock.now().getTime()) }).expect(200);
    expect(body.recoveryCodes).toHaveLength(10);
    expect(body.user).toMatchObject({ id: user.id, secondFactor: true });
    await agent.get('/api/flags').expect(200);

    // Next time: the code.
    required.clock.advance(THIRTY_S);
    expect((await passwordStep(required, user.username)).res.body).toEqual({ secondFactor: 'code' });
  });

  it('refuses a setting that is not a boolean or whole hours', async () => {
    const admin = await server.as('admin');
    for (const security of [{ requireSecondFactor: 'yes' }, { temporaryPasswordHours: 0 }, { temporaryPasswordHours: 1.5 }, { temporaryPasswordHours: 721 }, { other: 1 }]) {
      expect((await admin.put('/api/settings').send({ security }).expect(422)).body.error.code).toBe('invalid_request');
    }
    const nurse = await server.as('nurse');
    await nurse.put('/api/settings').send({ security: { requireSecondFactor: true } }).expect(403);
  });
});

describe('the TOTP secret at rest', () => {
  it('is sealed with LINDRING_TOTP_KEY when set (AES-256-GCM): the database holds no usable secret, and sign-in works', async () => {
    const sealed = await createTestServer({ settings: { totpKey: randomBytes(32) } });
    onTestFinished(() => sealed.close());
    const user = await newUser(sealed);
    const { secret } = await enrol(sealed, user.agent);
    const row = await sealed.db.selectFrom('staff_users').select(['totp_secret', 'totp_pending_secret']).where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.totp_secret).toMatch(/^aes256gcm\$/);
    expect(row.totp_secret).not.toContain(secret);
    expect(row.totp_pending_secret).toBeNull();
    sealed.clock.advance(THIRTY_S);
    const { agent } = await passwordStep(sealed, user.username);
    await agent.post('/api/auth/second-factor').send({ code: totpCode(secret, sealed.clock.now().getTime()) }).expect(200);
  });

  it('opens only with its key; without a key a secret is stored as is', () => {
    const key = randomBytes(32);
    const stored = sealSecret('JBSWY3DPEHPK3PXP', key);
    expect(openSecret(stored, key)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => openSecret(stored, randomBytes(32))).toThrow();
    expect(() => openSecret(stored, undefined)).toThrow(/LINDRING_TOTP_KEY/);
    expect(sealSecret('JBSWY3DPEHPK3PXP', undefined)).toBe('JBSWY3DPEHPK3PXP');
    expect(openSecret('JBSWY3DPEHPK3PXP', key)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('takes the key from LINDRING_TOTP_KEY as 32 bytes in base64 or hex, and refuses to start with anything else', () => {
    const key = randomBytes(32);
    expect(configFromEnv({ LINDRING_TOTP_KEY: key.toString('base64') }).totpKey).toEqual(key);
    expect(configFromEnv({ LINDRING_TOTP_KEY: key.toString('hex') }).totpKey).toEqual(key);
    expect(configFromEnv({}).totpKey).toBeUndefined();
    for (const bad of ['secret', randomBytes(16).toString('base64')]) expect(() => configFromEnv({ LINDRING_TOTP_KEY: bad })).toThrow(/LINDRING_TOTP_KEY must be 32 bytes/);
  });
});

describe("an admin's reset of a second factor", () => {
  it('lets the user sign in with the password alone again, is audited, and is for admins only', async () => {
    const user = await newUser();
    await enrol(server, user.agent);
    const admin = await server.as('admin');
    expect((await admin.get('/api/users').expect(200)).body.find((u: { id: string }) => u.id === user.id).secondFactor).toBe(true);
    const { agent } = await passwordStep(server, user.username);
    await (await server.as('nurse')).delete(`/api/users/${user.id}/second-factor`).expect(403);
    await admin.delete(`/api/users/${user.id}/second-factor`).expect(204);
    expect((await admin.get('/api/users').expect(200)).body.find((u: { id: string }) => u.id === user.id).secondFactor).toBe(false);
    // A challenge open at the reset is gone.
    expect((await agent.post('/api/auth/second-factor').send({ code: '123456' }).expect(401)).body.error.code).toBe('second_factor_expired');
    const again = await passwordStep(server, user.username);
    expect(again.res.body.user).toMatchObject({ id: user.id });
    expect(await server.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', user.id).execute()).toEqual([]);
    expect((await auditActions(server, user.id)).find((e) => e.action === 'staff_user.second_factor_reset')?.details).toMatchObject({ hadSecondFactor: true });
    await admin.delete('/api/users/no-such-user/second-factor').expect(404);
  });
});

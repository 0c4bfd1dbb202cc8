/** Issue 12 item 3: sign-in limits per address and per account, patient-link limits, in the database. */
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { createTestServer, invite, MINUTE, PASSWORD, TEST_PASSWORD_HASHING, testCatalog, type TestServer } from './helpers.js';

const LIMITS = { limit: 10, windowMs: 15 * MINUTE };
let server: TestServer;
beforeEach(async () => {
  // One proxy in front: X-Forwarded-For names the client, as behind a real reverse proxy.
  server = await createTestServer({ trustProxy: 1, loginRateLimit: LIMITS });
});
afterEach(() => server.close());

const login = (from: string, username: string, password: string) =>
  server.request.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });

describe('sign-in limits', () => {
  it('10 failures from one address in 15 minutes: 429 for that address only, the right password too', async () => {
    for (let i = 0; i < 10; i++) await login('203.0.113.1', `nobody-${i}`, 'wrong password').expect(401);
    const refused = await login('203.0.113.1', 'nurse-user', PASSWORD).expect(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    await login('203.0.113.2', 'nurse-user', PASSWORD).expect(200);
    server.clock.advance(15 * MINUTE);
    await login('203.0.113.1', 'nurse-user', PASSWORD).expect(200);
  });

  it('an account over its limit is slowed to one try a minute from any address; the right password then works', async () => {
    for (let i = 0; i < 10; i++) await login(`198.51.100.${i}`, 'admin-user', 'wrong password').expect(401);
    // The first try of the minute is let through (and fails), the next waits at most 60 s.
    await login('198.51.100.50', 'admin-user', 'wrong password').expect(401);
    const slowed = await login('198.51.100.51', 'admin-user', PASSWORD).expect(429);
    const retryAfter = Number(slowed.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another account is not affected.
    await login('198.51.100.51', 'nurse-user', PASSWORD).expect(200);
    server.clock.advance(retryAfter * 1000);
    await login('198.51.100.52', 'admin-user', PASSWORD).expect(200);
    // A success clears the account's count: the next typo is an ordinary 401.
    await login('198.51.100.53', 'admin-user', 'wrong password').expect(401);
  });

  it('a new X-Forwarded-For per try does not escape the account limit', async () => {
    for (let i = 0; i < 11; i++) await login(`192.0.2.${i}`, 'nurse-user', 'wrong password').expect(401);
    await login('192.0.2.200', 'nurse-user', 'wrong password').expect(429);
  });

  it('wrong current passwords count like failed sign-ins', async () => {
    const agent = supertest.agent(server.app);
    await agent.post('/api/auth/login').set('X-Forwarded-For', '203.0.113.9').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
    for (let i = 0; i < 10; i++) {
      await agent.post('/api/auth/password').set('X-Forwarded-For', '203.0.113.9').send({ currentPassword: `wrong ${i}`, newPassword: 'a much longer new passphrase 42' }).expect(403);
    }
    await agent.post('/api/auth/password').set('X-Forwarded-For', '203.0.113.9').send({ currentPassword: PASSWORD, newPassword: 'a much longer new passphrase 42' }).expect(429);
  });

  it('the limits are in the database: a second app on the same database sees the first one\'s failures', async () => {
    for (let i = 0; i < 10; i++) await login('203.0.113.7', `nobody-${i}`, 'wrong password').expect(401);
    const other = createApp({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, trustProxy: 1, loginRateLimit: LIMITS, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
    await supertest(other).post('/api/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ username: 'nurse-user', password: PASSWORD }).expect(429);
  });
});

describe('patient link limits', () => {
  it('opens: a burst of 20, then 429 with Retry-After, then about one a second', async () => {
    const { token } = await invite(server);
    for (let i = 0; i < 20; i++) await server.request.get(`/api/invitations/${token}`).expect(200);
    const refused = await server.request.get(`/api/invitations/${token}`).expect(429);
    expect(refused.body.error.code).toBe('too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBe(1);
    server.clock.advance(1000);
    await server.request.get(`/api/invitations/${token}`).expect(200);
    await server.request.get(`/api/invitations/${token}`).expect(429);
  });

  it('draft saves: a burst of 20, then 429; nothing is saved by a refused one', async () => {
    const { token } = await invite(server);
    for (let i = 0; i < 20; i++) await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { other: `save ${i}` } }).expect(204);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { other: 'refused' } }).expect(429);
    server.clock.advance(1000);
    const opened = await server.request.get(`/api/invitations/${token}`).expect(200);
    expect(opened.body.draft.answers).toEqual({ other: 'save 19' });
    const saves = await server.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'draft.saved').executeTakeFirstOrThrow();
    expect(Number(saves.n)).toBe(20);
  });

  it('links that match no invitation write no row per token: they count against the address, 429 after 20, the draft route too', async () => {
    const { token } = await invite(server);
    const rows = async () => (await server.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    const before = await rows();
    for (let i = 0; i < 15; i++) {
      const res = await server.request.get(`/api/invitations/unknown-token-${i}`).set('X-Forwarded-For', '203.0.113.30').expect(404);
      expect(res.body.error.code).toBe('invitation_not_found');
    }
    for (let i = 15; i < 20; i++) await server.request.put(`/api/invitations/unknown-token-${i}/draft`).set('X-Forwarded-For', '203.0.113.30').send({ answers: {} }).expect(404);
    const added = (await rows()).filter((key) => !before.includes(key));
    expect(added).toEqual(['link:unknown:address:203.0.113.30']);
    const refused = await server.request.get('/api/invitations/unknown-token-20').set('X-Forwarded-For', '203.0.113.30').expect(429);
    expect(refused.body.error.code).toBe('too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected, nor a real link from the refused one.
    await server.request.get('/api/invitations/unknown-token-21').set('X-Forwarded-For', '203.0.113.31').expect(404);
    await server.request.get(`/api/invitations/${token}`).set('X-Forwarded-For', '203.0.113.30').expect(200);
  });

  it('one "invitation.opened" audit entry per token per minute', async () => {
    const { token } = await invite(server);
    const opened = async () => Number((await server.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'invitation.opened').executeTakeFirstOrThrow()).n);
    for (let i = 0; i < 5; i++) await server.request.get(`/api/invitations/${token}`).expect(200);
    expect(await opened()).toBe(1);
    server.clock.advance(MINUTE);
    await server.request.get(`/api/invitations/${token}`).expect(200);
    expect(await opened()).toBe(2);
  });
});

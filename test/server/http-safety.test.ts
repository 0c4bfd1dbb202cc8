import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { LogEntry } from '../../server/logging.js';
import { createTestServer, invite, MINUTE, PASSWORD, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

describe('bad input gets a JSON error', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await server.request.post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": "a",').expect(400);
    expect(res.body).toEqual({ error: { code: 'malformed_json', message: expect.any(String) } });
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await server.request.post('/api/auth/login').set('Content-Type', 'text/plain').send('username=a').expect(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    await server.request.post('/api/auth/login').type('form').send({ username: 'a', password: 'b' }).expect(415);
  });

  it('answers an unknown API route with 404 JSON', async () => {
    const res = await server.request.get('/api/nothing-here').expect(404);
    expect(res.body.error.code).toBe('not_found');
    expect(res.headers['content-type']).toMatch(/json/);
    await server.request.delete('/api/flags').expect(404);
  });

  it('answers a body over the limit with 413 and stores nothing', async () => {
    const { token } = await invite(server);
    const res = await server.request
      .post(`/api/invitations/${token}/responses`)
      .send({ id: randomUUID(), answers: { pain: 1, other: 'x'.repeat(200_000) } })
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { other: 'x'.repeat(200_000) } }).expect(413);
  });

  it('answers a request without a body on a route that needs one with 422', async () => {
    const nurse = await server.as('nurse');
    expect((await nurse.post('/api/patients').expect(422)).body.error.code).toBe('invalid_request');
  });

  it('sends security headers and no caching of API answers', async () => {
    const res = await server.request.get('/api/auth/me').expect(401);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('staff sign-in', () => {
  it('sets an httpOnly, SameSite=Strict session cookie and signs out', async () => {
    const agent = supertest.agent(server.app);
    const res = await agent.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
    expect(res.body).toEqual({ user: { id: server.users.nurse.id, username: 'nurse-user', role: 'nurse', mustChangePassword: false } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^lindring_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await agent.get('/api/auth/me').expect(200)).body.user.role).toBe('nurse');
    await agent.post('/api/auth/logout').expect(204);
    await agent.get('/api/auth/me').expect(401);
  });

  it('marks the cookie Secure when configured for production', async () => {
    const prod = await createTestServer({ secureCookies: true });
    onTestFinished(() => prod.close());
    const res = await prod.request.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
    expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
  });

  it('answers a wrong password and an unknown user alike with 401', async () => {
    const wrong = await server.request.post('/api/auth/login').send({ username: 'nurse-user', password: 'not the password' }).expect(401);
    const unknown = await server.request.post('/api/auth/login').send({ username: 'nobody', password: 'not the password' }).expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('stores only hashes of passwords and session tokens', async () => {
    const res = await server.request.post('/api/auth/login').send({ username: 'admin-user', password: PASSWORD }).expect(200);
    const token = /lindring_session=([^;]+)/.exec(String(res.headers['set-cookie']))![1]!;
    const sessions = JSON.stringify(await server.db.selectFrom('sessions').selectAll().execute());
    const users = JSON.stringify(await server.db.selectFrom('staff_users').selectAll().execute());
    expect(sessions).not.toContain(token);
    expect(users).not.toContain(PASSWORD);
    expect(users).toMatch(/scrypt\$/);
  });

  it('limits failed sign-ins per client, also for the right password afterwards', async () => {
    const limited = await createTestServer({ loginRateLimit: { windowMs: 15 * MINUTE, limit: 3 } });
    onTestFinished(() => limited.close());
    for (let i = 0; i < 3; i++) await limited.request.post('/api/auth/login').send({ username: 'nurse-user', password: 'wrong' }).expect(401);
    const blocked = await limited.request.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
  });

  it('does not count successful sign-ins against the limit', async () => {
    const limited = await createTestServer({ loginRateLimit: { windowMs: 15 * MINUTE, limit: 2 } });
    onTestFinished(() => limited.close());
    for (let i = 0; i < 4; i++) await limited.request.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
  });

  it('treats a session cookie that does not decode as no session, on patient and staff routes alike', async () => {
    const malformed = 'lindring_session=%E0%A4%A';
    const patient = await server.request.get('/api/invitations/no-such-token').set('Cookie', malformed).expect(404);
    expect(patient.body.error.code).toBe('invitation_not_found');
    const staff = await server.request.get('/api/flags').set('Cookie', `other=1; ${malformed}`).expect(401);
    expect(staff.body.error.code).toBe('unauthenticated');
    await server.request.post('/api/auth/logout').set('Cookie', malformed).expect(204);
  });
});

describe('session expiry', () => {
  it('ends a session idle for longer than 30 minutes', async () => {
    const agent = supertest.agent(server.app);
    await agent.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
    server.clock.advance(29 * MINUTE);
    await agent.get('/api/auth/me').expect(200);
    server.clock.advance(29 * MINUTE); // active a moment ago: still valid
    await agent.get('/api/auth/me').expect(200);
    server.clock.advance(31 * MINUTE);
    await agent.get('/api/auth/me').expect(401);
    await agent.get('/api/flags').expect(401);
  });

  it('ends a session 12 hours after sign-in however active', async () => {
    const agent = supertest.agent(server.app);
    await agent.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      server.clock.advance(20 * MINUTE);
      await agent.get('/api/auth/me').expect(200);
    }
    server.clock.advance(25 * MINUTE);
    await agent.get('/api/auth/me').expect(401);
  });

  it('follows configured expiry times', async () => {
    const short = await createTestServer({ settings: { sessionIdleMs: 5 * MINUTE } });
    onTestFinished(() => short.close());
    const agent = supertest.agent(short.app);
    await agent.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
    short.clock.advance(6 * MINUTE);
    await agent.get('/api/auth/me').expect(401);
  });
});

describe('logs', () => {
  it('logs one JSON line per request with the route pattern, never the token, answers or names', async () => {
    const lines: LogEntry[] = [];
    const logged = await createTestServer({ log: (e) => lines.push(e) });
    onTestFinished(() => logged.close());
    const { token } = await invite(logged, 'minimal', { externalId: 'log-1', name: 'Secret Name' });
    await logged.request.get(`/api/invitations/${token}`).expect(200);
    await logged.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 3, other: 'my private words' } }).expect(201);
    await logged.request.get('/api/nowhere').expect(404);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(token);
    expect(text).not.toContain('Secret Name');
    expect(text).not.toContain('my private words');
    expect(lines).toContainEqual({ msg: 'request', method: 'GET', route: '/api/invitations/:token', status: 200, ms: expect.any(Number), address: expect.any(String) });
    expect(lines).toContainEqual({ msg: 'request', method: 'POST', route: '/api/invitations/:token/responses', status: 201, ms: expect.any(Number), address: expect.any(String) });
    expect(lines).toContainEqual(expect.objectContaining({ method: 'GET', route: '(unmatched)', status: 404 }));
  });
});

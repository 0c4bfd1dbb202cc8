/** Issue 21: sessions record address and device, are listed to their user and an admin, end one at a time, and a new sign-in ends the browser's old one. */
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { createTestServer, PASSWORD, TEST_PASSWORD_HASHING, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let made = 0;
async function newUser() {
  const ctx = createServiceContext({ db: server.db, questionnaires: new Map(), now: server.clock.now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
  const username = `sessions-${++made}`;
  const { id } = await createStaffUser(ctx, null, { username, password: PASSWORD, role: 'nurse' });
  return { id, username };
}

async function signIn(username: string, userAgent: string, agent = supertest.agent(server.app)) {
  const res = await agent.post('/api/auth/login').set('User-Agent', userAgent).send({ username, password: PASSWORD }).expect(200);
  return { agent, cookie: String(res.headers['set-cookie']).split(';')[0]! };
}

describe('own sessions', () => {
  it('lists them with device and address, marks this one, and ends another one', async () => {
    const user = await newUser();
    const laptop = await signIn(user.username, FIREFOX);
    const tablet = await signIn(user.username, IPAD);
    const { body: sessions } = await laptop.agent.get('/api/account/sessions').expect(200);
    expect(sessions).toHaveLength(2);
    const mine = sessions.find((s: { current: boolean }) => s.current);
    const other = sessions.find((s: { current: boolean }) => !s.current);
    expect(mine).toMatchObject({ device: 'Firefox on Linux', address: expect.stringContaining('127.0.0.1') });
    expect(other).toMatchObject({ device: 'Safari on iPad', current: false });
    expect(JSON.stringify(sessions)).not.toContain(laptop.cookie.split('=')[1]);

    await laptop.agent.delete(`/api/account/sessions/${other.id}`).expect(204);
    await tablet.agent.get('/api/auth/me').expect(401);
    await laptop.agent.get('/api/auth/me').expect(200);
    expect((await laptop.agent.delete(`/api/account/sessions/${other.id}`).expect(404)).body.error.code).toBe('session_not_found');
  });

  it("cannot end another user's session", async () => {
    const [a, b] = [await newUser(), await newUser()];
    const first = await signIn(a.username, FIREFOX);
    const second = await signIn(b.username, FIREFOX);
    const { body } = await second.agent.get('/api/account/sessions').expect(200);
    expect((await first.agent.delete(`/api/account/sessions/${body[0].id}`).expect(404)).body.error.code).toBe('session_not_found');
    await second.agent.get('/api/auth/me').expect(200);
  });
});

describe("an admin and a user's sessions", () => {
  it('lists them with ids, ends one (audited), and leaves the others', async () => {
    const user = await newUser();
    const laptop = await signIn(user.username, FIREFOX);
    const tablet = await signIn(user.username, IPAD);
    const admin = await server.as('admin');
    const { body: sessions } = await admin.get(`/api/users/${user.id}/sessions`).expect(200);
    expect(sessions.map((s: { device: string }) => s.device).sort()).toEqual(['Firefox on Linux', 'Safari on iPad']);
    const ipad = sessions.find((s: { device: string }) => s.device === 'Safari on iPad');

    await (await server.as('nurse')).delete(`/api/users/${user.id}/sessions/${ipad.id}`).expect(403);
    await admin.delete(`/api/users/${user.id}/sessions/${ipad.id}`).expect(204);
    await tablet.agent.get('/api/auth/me').expect(401);
    await laptop.agent.get('/api/auth/me').expect(200);
    expect((await admin.delete(`/api/users/${user.id}/sessions/${ipad.id}`).expect(404)).body.error.code).toBe('session_not_found');
    const audit = (await admin.get('/api/audit').query({ limit: '1000' }).expect(200)).body;
    expect(audit.find((e: { action: string; entity: { id: string } }) => e.action === 'staff_user.session_revoked' && e.entity.id === user.id)).toMatchObject({
      actor: { name: 'admin-user' }, details: { username: user.username, sessionId: ipad.id },
    });
  });
});

describe('a new sign-in in a browser that holds a session', () => {
  it('ends that old session, also when another user signs in', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const first = await signIn(a.username, FIREFOX);
    const again = await signIn(a.username, FIREFOX, first.agent);
    expect(again.cookie).not.toBe(first.cookie);
    await supertest(server.app).get('/api/auth/me').set('Cookie', first.cookie).expect(401);
    await supertest(server.app).get('/api/auth/me').set('Cookie', again.cookie).expect(200);
    expect((await first.agent.get('/api/account/sessions').expect(200)).body).toHaveLength(1);

    await signIn(b.username, FIREFOX, first.agent);
    await supertest(server.app).get('/api/auth/me').set('Cookie', again.cookie).expect(401);
    expect((await (await server.as('admin')).get(`/api/users/${a.id}/sessions`).expect(200)).body).toEqual([]);
  });
});

/** Issue 12 items 4-6: guards on input, origin, cookies, CSP, logs, audit, start checks, file modes, draft retention. */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkStartConfig } from '../../server/config.js';
import type { LogEntry } from '../../server/logging.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { createTransports } from '../../server/services/notification-channels.js';
import { runSchedulerTick } from '../../server/services/scheduler.js';
import { startServer } from '../../server/start.js';
import { isStorageUnavailable, openDatabase } from '../../server/storage/database.js';
import { createTestServer, DAY, invite, PASSWORD, tempDir, testCatalog, type TestServer } from './helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await createTestServer();
});
afterEach(() => server.close());

const auditCount = async (action: string) =>
  Number((await server.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

describe('input that cannot break a route', () => {
  it('a body nested deeper than 32 levels is a 422, also 5,000 levels of "["', async () => {
    const nurse = await server.as('nurse');
    const closed = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const body of ['['.repeat(5000), closed, `{"externalId":"x","name":${'['.repeat(33)}${']'.repeat(33)}}`]) {
      const res = await nurse.post('/api/patients').set('Content-Type', 'application/json').send(body).expect(422);
      expect(res.body.error.code).toBe('too_deep');
    }
    const { token } = await invite(server);
    const deepAnswers = `{"id":"0b9e8a8e-2f0a-4d4e-9b8e-3f1f0e5d6c7a","answers":{"q":${'['.repeat(40)}${']'.repeat(40)}}}`;
    await server.request.post(`/api/invitations/${token}/responses`).set('Content-Type', 'application/json').send(deepAnswers).expect(422);
    // 32 levels are fine for the parser (the route then judges the content).
    const ok = await nurse.post('/api/patients').set('Content-Type', 'application/json').send(`{"externalId":"x","name":"y","z":${'['.repeat(31)}${']'.repeat(31)}}`);
    expect(ok.body.error?.code).not.toBe('too_deep');
  });

  it('a lone surrogate is a 422 in names, ids, free text and answers, never stored', async () => {
    const nurse = await server.as('nurse');
    const before = await server.db.selectFrom('patients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (const patient of [{ externalId: 'ok-1', name: 'Bad \ud800 name' }, { externalId: 'bad-\udc00', name: 'Name' }]) {
      const res = await nurse.post('/api/patients').send(patient).expect(422);
      expect(JSON.stringify(res.body)).not.toContain('\\ud800');
    }
    const { token } = await invite(server);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { q: 'text \ud83d' } }).expect(422);
    const after = await server.db.selectFrom('patients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1); // only invite()'s patient
    // A well-formed pair (an emoji) is fine.
    await nurse.post('/api/patients').send({ externalId: 'ok-2', name: 'Anna 🌷' }).expect(201);
  });

  it('a NUL is a 422 in any text and in an id in the path (PostgreSQL cannot store it), never a 500', async () => {
    const nurse = await server.as('nurse');
    await nurse.post('/api/flags/%00/reopen').send({ reason: 'Again' }).expect(422);
    await nurse.get('/api/flags/a%00b').expect(422);
    const { token } = await invite(server);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { q: 'text \u0000 more' } }).expect(422);
  });

  it('control and bidirectional-override characters are a 422 in names and ids', async () => {
    const nurse = await server.as('nurse');
    for (const patient of [{ externalId: 'x1', name: 'Anna\u202Eevil' }, { externalId: 'x\u00002', name: 'Bo' }, { externalId: 'x3', name: 'Line\nbreak' }, { externalId: 'x\u20664', name: 'C' }]) {
      await nurse.post('/api/patients').send(patient).expect(422);
    }
  });

  it('an error message never repeats client data', async () => {
    const { token } = await invite(server);
    const marker = 'CLIENT-DATA-'.repeat(50);
    const res = await server.request.post(`/api/invitations/${token}/responses`).send({ id: '0b9e8a8e-2f0a-4d4e-9b8e-3f1f0e5d6c7a', answers: { q1: [marker], q2: marker } });
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).not.toContain('CLIENT-DATA');
  });
});

describe('origin, cookies, CSP, logs', () => {
  it('a state-changing request from another origin is refused with 403 foreign_origin, sign-in included, and audited', async () => {
    const refused = await server.request.post('/api/auth/login').set('Origin', 'https://evil.example').send({ username: 'nurse-user', password: PASSWORD }).expect(403);
    expect(refused.body.error.code).toBe('foreign_origin');
    const nurse = await server.as('nurse');
    await nurse.post('/api/patients').set('Origin', 'null').send({ externalId: 'o1', name: 'O' }).expect(403);
    expect(await auditCount('access.denied')).toBe(2);
    // Our own origin (the Host the request came to), and no Origin at all, pass; a GET is never refused.
    const host = `127.0.0.1:${12345}`;
    await nurse.post('/api/patients').set('Host', host).set('Origin', `http://${host}`).send({ externalId: 'o2', name: 'O' }).expect(201);
    await nurse.get('/api/patients').set('Origin', 'https://evil.example').expect(200);
  });

  it('with PUBLIC_URL, its origin is ours', async () => {
    const s = await createTestServer({ settings: { publicUrl: 'https://pro.example.org/lindring' } });
    try {
      await s.request.post('/api/auth/login').set('Origin', 'https://pro.example.org').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
      await s.request.post('/api/auth/login').set('Host', 'evil.example').set('Origin', 'http://evil.example').send({ username: 'nurse-user', password: PASSWORD }).expect(403);
    } finally {
      await s.close();
    }
  });

  it('the session cookie: __Host- and no Max-Age in production, the plain name with Max-Age over http', async () => {
    const dev = await server.request.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
    expect(dev.headers['set-cookie']![0]).toMatch(/^lindring_session=[^;]+;.*Max-Age=/);
    const prod = await createTestServer({ secureCookies: true });
    try {
      const res = await prod.request.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
      const cookie = res.headers['set-cookie']![0]!;
      expect(cookie).toMatch(/^__Host-lindring_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
      expect(cookie).not.toMatch(/Max-Age|Expires|Domain/i);
      const token = /^__Host-lindring_session=([^;]+)/.exec(cookie)![1];
      await prod.request.get('/api/auth/me').set('Cookie', `__Host-lindring_session=${token}`).expect(200);
      // The unprefixed name (which a subdomain could plant) is no session in production.
      await prod.request.get('/api/auth/me').set('Cookie', `lindring_session=${token}`).expect(401);
    } finally {
      await prod.close();
    }
  });

  it('the CSP allows styles and fonts from \'self\' only', async () => {
    const res = await server.request.get('/api/auth/me');
    const csp = res.headers['content-security-policy']!;
    expect(csp).toMatch(/(^|;)style-src 'self'(;|$)/);
    expect(csp).toMatch(/(^|;)font-src 'self'(;|$)/);
  });

  it('the request log has the staff user id and the client address, never a name', async () => {
    const lines: LogEntry[] = [];
    const logged = await createTestServer({ log: (e) => lines.push(e) });
    try {
      const nurse = await logged.as('nurse');
      await nurse.get('/api/patients').expect(200);
      const entry = lines.find((l) => l.msg === 'request' && l.route === '/api/patients')!;
      expect(entry.staffId).toBe(logged.users.nurse.id);
      expect(entry.address).toMatch(/127\.0\.0\.1/);
      expect(JSON.stringify(lines)).not.toContain('nurse-user');
    } finally {
      await logged.close();
    }
  });
});

describe('audit', () => {
  it('the invitations list and every 403 are audited', async () => {
    await invite(server);
    const nurse = await server.as('nurse');
    await nurse.get('/api/invitations').expect(200);
    expect(await auditCount('invitations.listed')).toBe(1);
    const team = await server.as('palliative_team');
    await team.get('/api/invitations').expect(403);
    const denied = await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'access.denied').executeTakeFirstOrThrow();
    expect(denied).toMatchObject({ actor_id: server.users.palliative_team.id, entity_id: 'GET /api/invitations' });
    expect(JSON.parse(denied.details!)).toEqual({ code: 'forbidden' });
  });
});

describe('drafts of expired invitations', () => {
  it('are deleted by the scheduler tick 30 days after expiry, not before, and never an answered one\'s', async () => {
    const { token, expiresAt } = await invite(server);
    await server.request.put(`/api/invitations/${token}/draft`).send({ answers: { q: 1 } }).expect(204);
    const ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now });
    const tick = () => runSchedulerTick({ ctx, transports: createTransports({ timeoutMs: 1000 }), leaseMs: 10_000 });
    const draft = async () => (await server.db.selectFrom('invitations').select('draft_answers').executeTakeFirstOrThrow()).draft_answers;
    server.clock.advance(Date.parse(expiresAt) - server.clock.now().getTime() + 29 * DAY);
    await tick();
    expect(await draft()).not.toBeNull();
    server.clock.advance(DAY + 1000);
    await tick();
    expect(await draft()).toBeNull();
  });
});

describe('start and files', () => {
  it('refuses TRUST_PROXY=true and production without PUBLIC_URL, naming the variable', () => {
    expect(() => checkStartConfig({ production: false, trustProxy: true })).toThrow(/TRUST_PROXY/);
    expect(() => checkStartConfig({ production: true })).toThrow(/PUBLIC_URL/);
    expect(() => checkStartConfig({ production: true, publicUrl: 'https://pro.example.org', trustProxy: 1 })).not.toThrow();
    expect(() => checkStartConfig({ production: false, trustProxy: 'loopback' })).not.toThrow();
  });

  it('startServer says so too, before touching the database', async () => {
    const dir = tempDir();
    await expect(startServer({ databaseUrl: path.join(dir, 'db.sqlite'), port: 0, log: false, production: true }, { scheduler: false })).rejects.toThrow(/PUBLIC_URL/);
    await expect(startServer({ databaseUrl: path.join(dir, 'db.sqlite'), port: 0, log: false, trustProxy: true }, { scheduler: false })).rejects.toThrow(/TRUST_PROXY/);
    expect(existsSync(path.join(dir, 'db.sqlite'))).toBe(false);
  });

  it('clear messages for a database path that cannot be used and a missing questionnaire folder', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a-file'), '');
    await expect(startServer({ databaseUrl: path.join(dir, 'a-file', 'db.sqlite'), port: 0, log: false }, { scheduler: false })).rejects.toThrow(/Cannot open the database file .*DATABASE_URL/);
    mkdirSync(path.join(dir, 'a-folder.sqlite'));
    await expect(startServer({ databaseUrl: path.join(dir, 'a-folder.sqlite'), port: 0, log: false }, { scheduler: false })).rejects.toThrow(/Cannot open the database file .*DATABASE_URL/);
    await expect(startServer({ databaseUrl: path.join(dir, 'db.sqlite'), port: 0, log: false, questionnaireDir: path.join(dir, 'nowhere') }, { scheduler: false })).rejects.toThrow(/Questionnaire folder not found: .*nowhere.*QUESTIONNAIRE_DIR/);
  });

  it('the SQLite file and its WAL are readable by the owner only, whatever the umask', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'new', 'db.sqlite');
    const umask = process.umask(0o000);
    try {
      const db = openDatabase(file);
      // SQLite makes -wal at the first write, with the database file's mode.
      await db.schema.createTable('t').addColumn('a', 'text').execute();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect((statSync(f).mode & 0o777).toString(8)).toBe('600');
      await db.destroy();
    } finally {
      process.umask(umask);
    }
  });

  it('storage faults are recognised on both databases', () => {
    for (const code of ['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_IOERR_WRITE', 'SQLITE_FULL', 'SQLITE_CANTOPEN', 'SQLITE_BUSY', 'ECONNREFUSED', '57P01', '08006', '53100', '25006']) {
      expect(isStorageUnavailable(Object.assign(new Error('x'), { code }))).toBe(true);
    }
    expect(isStorageUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', '23505', '42P01', undefined]) expect(isStorageUnavailable(Object.assign(new Error('x'), { code }))).toBe(false);
  });
});


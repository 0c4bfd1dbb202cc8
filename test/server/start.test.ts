import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Migrator, type Kysely } from 'kysely';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { hashParams, hashPassword, OWASP_SCRYPT } from '../../server/services/secrets.js';
import { startMessage, startServer, type RunningServer } from '../../server/start.js';
import { insertStaffUser } from '../../server/storage/staff-users.js';
import { openDatabase } from '../../server/storage/database.js';
import { migrateDown, migrateToLatest } from '../../server/storage/migrate.js';
import { FIXTURES, PASSWORD, TEST_PASSWORD_HASHING, tempDir } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
function scratch(): string {
  const dir = tempDir('lindring-start-');
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('startServer', () => {
  it('migrates a fresh database file, loads the questionnaires and listens on a free port', async () => {
    const dir = scratch();
    const server = await startServer({ databaseUrl: path.join(dir, 'sub', 'db.sqlite'), port: 0, host: '127.0.0.1', log: false, clientDir: path.join(dir, 'no-client') });
    onTestFinished(() => server.close());
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const me = await fetch(`${server.url}/api/auth/me`);
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    const stored = await server.db.selectFrom('questionnaire_versions').select(['questionnaire_id', 'version']).execute();
    expect(stored.map((q) => q.questionnaire_id).sort()).toEqual(['palliative-needs', 'rehabilitation-needs']);
    const page = await fetch(`${server.url}/somewhere`);
    expect(page.status).toBe(404);
    // A new database has no staff user: npm start says how to make the first.
    expect(server.staffUsers).toBe(0);
  });

  it('tells the person who ran npm start the address to open and, without a staff user, how to make one', () => {
    const fresh = startMessage('http://127.0.0.1:3000', 0);
    expect(fresh[0]).toBe('Lindring is running. Open http://127.0.0.1:3000/ in a browser (the staff app; patients get their own links).');
    expect(fresh.join('\n')).toContain('npm run create-user -- --username admin --role admin --password-stdin');
    expect(fresh.join('\n')).toContain('npm run seed:demo');
    const running = startMessage('http://0.0.0.0:8080', 2);
    expect(running).toEqual(['Lindring is running. Open http://localhost:8080/ in a browser (the staff app; patients get their own links).']);
    expect(startMessage('http://127.0.0.1:3000', 1, 'https://pro.example.dk/')[0]).toContain('Open https://pro.example.dk/ in a browser');
  });

  it('serves the built client after /api when it exists', async () => {
    const dir = scratch();
    const client = path.join(dir, 'client');
    mkdirSync(client);
    writeFileSync(path.join(client, 'staff.html'), '<!doctype html><title>staff</title>');
    writeFileSync(path.join(client, 'answer.html'), '<!doctype html><title>answer</title>');
    const server = await startServer({ databaseUrl: path.join(dir, 'db.sqlite'), port: 0, host: '127.0.0.1', log: false, clientDir: client });
    onTestFinished(() => server.close());
    expect(await (await fetch(`${server.url}/answer/some-token`)).text()).toContain('<title>answer</title>');
    expect(await (await fetch(`${server.url}/flags/1`)).text()).toContain('<title>staff</title>');
    const api = await fetch(`${server.url}/api/unknown`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
  });

  it('refuses to start when a questionnaire changed without a new version', async () => {
    const dir = scratch();
    const questionnaires = path.join(dir, 'questionnaires');
    mkdirSync(questionnaires);
    const original = readFileSync(path.join(FIXTURES, 'questionnaires', 'minimal.json'), 'utf8');
    writeFileSync(path.join(questionnaires, 'minimal.json'), original);
    const config = { databaseUrl: path.join(dir, 'db.sqlite'), port: 0, host: '127.0.0.1', log: false, questionnaireDir: questionnaires };
    await (await startServer(config)).close();
    writeFileSync(path.join(questionnaires, 'minimal.json'), original.replace('"Pain?"', '"Any pain?"'));
    await expect(startServer(config)).rejects.toThrow(/minimal@1\.0\.0.*Raise "version"/s);
    writeFileSync(path.join(questionnaires, 'minimal.json'), original.replace('"Pain?"', '"Any pain?"').replace('"version": "1.0.0"', '"version": "1.1.0"'));
    await (await startServer(config)).close();
  });
});

describe('password hashing cost', () => {
  const signIn = (url: string, username: string) =>
    fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const storedHash = async (server: RunningServer, id: string) => (await server.db.selectFrom('staff_users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash;

  it("is OWASP's as npm start starts the server (no test cost): a cheaper hash is re-made at sign-in; a test's own cost is kept", async () => {
    const dir = scratch();
    const config = { databaseUrl: path.join(dir, 'db.sqlite'), port: 0, host: '127.0.0.1', log: false, clientDir: path.join(dir, 'no-client') };
    const cheap = await hashPassword(PASSWORD, TEST_PASSWORD_HASHING);
    const asTests = await startServer(config, { scheduler: false, passwordHashing: TEST_PASSWORD_HASHING });
    await insertStaffUser(asTests.db, { id: 'u', username: 'u', password_hash: cheap, role: 'nurse', created_at: new Date().toISOString() });
    expect((await signIn(asTests.url, 'u')).status).toBe(200);
    expect(await storedHash(asTests, 'u')).toBe(cheap);
    await asTests.close();

    // main.ts: startServer(configFromEnv()), nothing else; no variable of the environment lowers the cost.
    const asProduction = await startServer(config);
    onTestFinished(() => asProduction.close());
    expect((await signIn(asProduction.url, 'u')).status).toBe(200);
    expect(hashParams(await storedHash(asProduction, 'u'))).toEqual(OWASP_SCRYPT);
  }, 60_000);
});

describe('migrations', () => {
  it('apply to a fresh database, revert, and apply again', async () => {
    const db = openDatabase(path.join(scratch(), 'db.sqlite'));
    onTestFinished(() => db.destroy());
    // Every migration, in file-name order (the order Kysely applies them in).
    const all = Object.keys(migrations).sort();
    expect(await migrateToLatest(db)).toEqual(all.map((m) => `applied ${m}`));
    expect(await migrateToLatest(db)).toEqual([]);
    for (const m of all.slice(5).reverse()) expect(await migrateDown(db)).toEqual([`reverted ${m}`]);
    expect(await migrateDown(db)).toEqual(['reverted 0005_idempotency_per_invitation']);
    expect(await migrateDown(db)).toEqual(['reverted 0004_worklist_index_covers_order']);
    expect(await migrateDown(db)).toEqual(['reverted 0003_drop_unused_flag_index']);
    expect(await migrateDown(db)).toEqual(['reverted 0002_response_client_id']);
    expect(await migrateDown(db)).toEqual(['reverted 0001_initial']);
    const tables = await db.introspection.getTables();
    expect(tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_'))).toEqual([]);
    expect(await migrateToLatest(db)).toHaveLength(all.length);
  });
});

describe('migration 0002', () => {
  it('keeps the id of a response stored before it as its client id', async () => {
    const db = openDatabase(path.join(scratch(), 'db.sqlite'));
    onTestFinished(() => db.destroy());
    const result = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0001_initial');
    expect(result.error).toBeUndefined();
    const at = '2026-01-01T00:00:00.000Z';
    const old = db as unknown as Kysely<any>;
    await old.insertInto('staff_users').values({ id: 'u', username: 'u', password_hash: 'x', role: 'nurse', created_at: at }).execute();
    await old.insertInto('patients').values({ id: 'p', external_id: 'p', name: 'P', created_at: at, created_by: 'u' }).execute();
    await old.insertInto('invitations').values({ id: 'i', token_hash: 'h', patient_id: 'p', questionnaire_id: 'minimal', trigger: 'other', created_by: 'u', created_at: at, expires_at: at }).execute();
    await old.insertInto('responses').values({ id: 'r-1', invitation_id: 'i', patient_id: 'p', questionnaire_id: 'minimal', questionnaire_version: '1.0.0', answers: '{}', submitted_at: at }).execute();
    expect(await migrateToLatest(db)).toEqual(Object.keys(migrations).sort().slice(1).map((m) => `applied ${m}`));
    expect(await db.selectFrom('responses').select(['id', 'client_id']).execute()).toEqual([{ id: 'r-1', client_id: 'r-1' }]);
  });
});

describe('command line', () => {
  const run = promisify(execFile);
  const tsx = (script: string, args: string[], env: Record<string, string>) =>
    run(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });

  it('npm run migrate and npm run create-user make a database an admin can sign in to', async () => {
    const databaseUrl = path.join(scratch(), 'cli.sqlite');
    const migrated = await tsx('server/cli/migrate.ts', [], { DATABASE_URL: databaseUrl });
    expect(migrated.stdout).toContain('applied 0001_initial');
    const created = await tsx('server/cli/create-user.ts', ['--username', 'first-admin', '--password', PASSWORD, '--role', 'admin'], { DATABASE_URL: databaseUrl });
    expect(created.stdout).toMatch(/created admin "first-admin"/);
    await expect(tsx('server/cli/create-user.ts', ['--username', 'first-admin', '--password', PASSWORD, '--role', 'admin'], { DATABASE_URL: databaseUrl })).rejects.toMatchObject({ stderr: expect.stringContaining('taken') });
    await expect(tsx('server/cli/create-user.ts', ['--username', 'x', '--password', 'short', '--role', 'boss'], { DATABASE_URL: databaseUrl })).rejects.toMatchObject({ code: 1 });
    const fromStdin = tsx('server/cli/create-user.ts', ['--username', 'second-admin', '--password-stdin', '--role', 'admin'], { DATABASE_URL: databaseUrl });
    fromStdin.child.stdin!.end(`${PASSWORD}\n`);
    expect((await fromStdin).stdout).toMatch(/created admin "second-admin"/);

    const server = await startServer({ databaseUrl, port: 0, host: '127.0.0.1', log: false });
    onTestFinished(() => server.close());
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'first-admin', password: PASSWORD }) });
    expect(login.status).toBe(200);
    expect((await login.json()).user.role).toBe('admin');
    const secondLogin = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'second-admin', password: PASSWORD }) });
    expect(secondLogin.status).toBe(200);
  }, 120_000); // five processes and four scrypt hashes at OWASP's cost
});

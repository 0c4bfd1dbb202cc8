/**
 * Units (issue 24): migration 0022 keeps an existing install's behaviour, site and unit admins,
 * a unit's own settings falling back to the site's field by field, and the unit a link, a staff
 * user and a referral get.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Migrator, type Kysely } from 'kysely';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { createApp } from '../../server/http/app.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { hashPassword } from '../../server/services/secrets.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { setStaffUserAccess } from '../../server/services/units.js';
import { transaction } from '../../server/storage/transaction.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { DEFAULT_PALLIATIVE_UNIT_ID, DEFAULT_UNIT_ID } from '../../server/storage/units.js';
import { createTestServer, invite, PASSWORD, TEST_PASSWORD_HASHING, testCatalog, type TestServer } from './helpers.js';
import { freshDatabase } from './test-database.js';

describe('migration 0022', () => {
  it('puts every row of an existing install into the default units, and its worklist and queue stay as they were', async () => {
    const { db, drop } = await freshDatabase({ migrate: false });
    onTestFinished(drop);
    expect((await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('0020_staff_full_name_title')).error).toBeUndefined();
    const old = db as unknown as Kysely<any>;
    const at = '2026-03-01T08:00:00.000Z';
    const hash = await hashPassword(PASSWORD, TEST_PASSWORD_HASHING);
    for (const role of ['nurse', 'palliative_team', 'admin']) {
      await old.insertInto('staff_users').values({ id: `u-${role}`, username: `${role}-old`, password_hash: hash, role, created_at: at, password_changed_at: at }).execute();
    }
    await old.insertInto('patients').values({ id: 'p', external_id: 'ext-old', name: 'Old Patient', created_at: at, created_by: 'u-nurse' }).execute();
    for (const id of ['open', 'referred']) {
      await old.insertInto('invitations').values({ id: `i-${id}`, token_hash: `h-${id}`, patient_id: 'p', questionnaire_id: 'minimal', trigger: 'other', created_by: 'u-nurse', created_at: at, expires_at: at, answered_at: at }).execute();
      await old.insertInto('responses').values({ id: `r-${id}`, client_id: `c-${id}`, invitation_id: `i-${id}`, patient_id: 'p', questionnaire_id: 'minimal', questionnaire_version: '1.0.0', answers: '{"pain":4}', submitted_at: at }).execute();
      await old.insertInto('flags').values({
        id: `f-${id}`, response_id: `r-${id}`, patient_id: 'p', level: 'specialized', level_rank: 2, status: id, reasons: '[]', created_at: at, updated_at: at, due_at: '2026-03-03T08:00:00.000Z',
        ...(id === 'referred' ? { closed_at: at, outcome: 'referred' } : {}),
      }).execute();
    }
    await old.insertInto('referrals').values({ id: 'ref', flag_id: 'f-referred', patient_id: 'p', status: 'pending', text: 'Please see', created_by: 'u-nurse', created_at: at }).execute();
    await migrateToLatest(db);

    expect(await db.selectFrom('units').select(['id', 'code', 'kind']).orderBy('id').execute()).toEqual([
      { id: DEFAULT_UNIT_ID, code: 'STD', kind: 'ward' }, { id: DEFAULT_PALLIATIVE_UNIT_ID, code: 'PAL', kind: 'palliative_team' },
    ]);
    expect(await db.selectFrom('staff_units').selectAll().orderBy('user_id').execute()).toEqual([
      { user_id: 'u-admin', unit_id: DEFAULT_UNIT_ID }, { user_id: 'u-nurse', unit_id: DEFAULT_UNIT_ID }, { user_id: 'u-palliative_team', unit_id: DEFAULT_PALLIATIVE_UNIT_ID },
    ]);
    expect(await db.selectFrom('patient_units').selectAll().execute()).toEqual([{ patient_id: 'p', unit_id: DEFAULT_UNIT_ID }]);
    expect((await db.selectFrom('invitations').select('unit_id').execute()).map((r) => r.unit_id)).toEqual([DEFAULT_UNIT_ID, DEFAULT_UNIT_ID]);
    expect((await db.selectFrom('flags').select('unit_id').execute()).map((r) => r.unit_id)).toEqual([DEFAULT_UNIT_ID, DEFAULT_UNIT_ID]);
    expect(await db.selectFrom('referrals').select('unit_id').execute()).toEqual([{ unit_id: DEFAULT_PALLIATIVE_UNIT_ID }]);
    expect(await db.selectFrom('staff_users').select(['id', 'site_admin']).orderBy('id').execute()).toEqual([
      { id: 'u-admin', site_admin: 1 }, { id: 'u-nurse', site_admin: 0 }, { id: 'u-palliative_team', site_admin: 0 },
    ]);

    const now = () => new Date('2026-03-02T09:00:00.000Z');
    const app = createApp({ db, questionnaires: await testCatalog(), now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
    const signIn = async (username: string) => {
      const agent = supertest.agent(app);
      await agent.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
      return agent;
    };
    const nurse = await signIn('nurse-old');
    expect((await nurse.get('/api/flags').expect(200)).body.items.map((f: { id: string }) => f.id)).toEqual(['f-open']);
    expect((await nurse.get('/api/patients').expect(200)).body.map((p: { id: string }) => p.id)).toEqual(['p']);
    await nurse.get('/api/patients/p/history').expect(200);
    const team = await signIn('palliative_team-old');
    expect((await team.get('/api/referrals').expect(200)).body.map((r: { id: string }) => r.id)).toEqual(['ref']);
    await team.get('/api/flags/f-referred').expect(200);
    await team.get('/api/flags/f-open').expect(404);
    const admin = await signIn('admin-old');
    expect((await admin.get('/api/auth/me').expect(200)).body.user).toMatchObject({ siteAdmin: true, units: [{ id: DEFAULT_UNIT_ID, code: 'STD', kind: 'ward' }] });
    // A referral made after the migration goes to the only palliative team, as before.
    await nurse.get('/api/flags/f-open').expect(200);
    await nurse.post('/api/flags/f-open/decision').send({ action: 'refer', note: 'Please see' }).expect(200);
    expect((await team.get('/api/referrals').expect(200)).body).toHaveLength(2);
  });
});

describe('npm run create-user', () => {
  it('makes an admin a site admin, and puts a user into the units named by code', async () => {
    const { db, url, drop } = await freshDatabase();
    onTestFinished(drop);
    const run = promisify(execFile);
    const root = path.resolve(import.meta.dirname, '..', '..');
    const createUser = (...args: string[]) => run(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/cli/create-user.ts', '--password', 'a long enough password 1', ...args], {
      cwd: root, env: { ...process.env, DATABASE_URL: url },
    });
    await createUser('--username', 'first-admin', '--role', 'admin');
    await createUser('--username', 'pal-nurse', '--role', 'nurse', '--unit', 'PAL');
    await expect(createUser('--username', 'nowhere', '--role', 'nurse', '--unit', 'NOPE')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('unit_not_found') });
    const users = await db.selectFrom('staff_users').leftJoin('staff_units', 'staff_units.user_id', 'staff_users.id').select(['username', 'site_admin', 'unit_id']).orderBy('username').execute();
    expect(users).toEqual([
      { username: 'first-admin', site_admin: 1, unit_id: DEFAULT_UNIT_ID },
      { username: 'pal-nurse', site_admin: 0, unit_id: DEFAULT_PALLIATIVE_UNIT_ID },
    ]);
  }, 60_000);
});

describe('units, site admins and unit admins', () => {
  let server: TestServer;
  let wardB = '';
  let unitAdminB: ReturnType<typeof supertest.agent>;
  beforeAll(async () => {
    server = await createTestServer();
    const site = await server.as('admin');
    wardB = (await site.post('/api/units').send({ name: 'Onkologisk afdeling', code: 'ONK', kind: 'ward' }).expect(201)).body.id;
    const ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
    await createStaffUser(ctx, null, { username: 'admin-onk', password: PASSWORD, role: 'admin', unitIds: [wardB], siteAdmin: false });
    unitAdminB = supertest.agent(server.app);
    await unitAdminB.post('/api/auth/login').send({ username: 'admin-onk', password: PASSWORD }).expect(200);
  });
  afterAll(() => server.close());

  it('lets only a site admin make a unit, audited, with a unique code', async () => {
    const site = await server.as('admin');
    expect((await unitAdminB.post('/api/units').send({ name: 'X', code: 'X', kind: 'clinic' }).expect(403)).body.error.code).toBe('site_admin_required');
    // The site settings (every unit's fallback) and the audit log (every unit's patients) are the site admin's.
    expect((await unitAdminB.put('/api/settings').send({ site: { phone: '1234' } }).expect(403)).body.error.code).toBe('site_admin_required');
    expect((await unitAdminB.get('/api/audit').expect(403)).body.error.code).toBe('site_admin_required');
    expect((await site.post('/api/units').send({ name: 'Another', code: 'ONK', kind: 'clinic' }).expect(409)).body.error.code).toBe('unit_code_taken');
    expect((await site.post('/api/units').send({ name: 'Bad', code: 'BAD', kind: 'hospice' }).expect(422)).body.error.details[0].path).toBe('kind');
    const units = (await (await server.as('nurse')).get('/api/units').expect(200)).body;
    expect(units.map((u: { code: string }) => u.code).sort()).toEqual(['ONK', 'PAL', 'STD']);
    const audit = await server.db.selectFrom('audit_log').select(['details']).where('action', '=', 'unit.created').execute();
    expect(audit.map((a) => JSON.parse(a.details!))).toEqual([{ name: 'Onkologisk afdeling', code: 'ONK', kind: 'ward' }]);
  });

  it("falls back to the site's settings field by field, and the patient page shows the link's unit's phone", async () => {
    const site = await server.as('admin');
    await site.put('/api/settings').send({ site: { phone: '70 10 10 10', hours: { da: 'hverdage 8-15', en: 'weekdays 8-15' } }, deadlines: { basic: 'P5D' } }).expect(200);
    const changed = await unitAdminB.put(`/api/units/${wardB}/settings`).send({ site: { phone: '70 20 20 20' }, deadlines: { specialized: 'P1D' } }).expect(200);
    expect(changed.body.overrides).toEqual({ site: { phone: '70 20 20 20' }, deadlines: { specialized: 'P1D' } });
    expect(changed.body.settings.site).toMatchObject({ phone: '70 20 20 20', hours: { da: 'hverdage 8-15', en: 'weekdays 8-15' } });
    expect(changed.body.settings.deadlines).toMatchObject({ specialized: 'P1D', basic: 'P5D' });
    // A unit admin of another unit: 404, as for an unknown unit.
    await unitAdminB.get(`/api/units/${DEFAULT_UNIT_ID}/settings`).expect(404);
    await unitAdminB.put(`/api/units/${DEFAULT_UNIT_ID}/settings`).send({ site: { phone: '1234' } }).expect(404);
    // The patient of ward B sees ward B's phone and the site's hours; ward STD's patient the site's phone.
    const nurse = await server.as('nurse');
    const patientB = (await site.post('/api/patients').send({ externalId: `b-${randomUUID().slice(0, 8)}`, name: 'Bente B', unitIds: [wardB] }).expect(201)).body.id;
    const linkB = (await site.post('/api/invitations').send({ patientId: patientB, questionnaireId: 'minimal', trigger: 'other' }).expect(201)).body.token;
    expect((await server.request.get(`/api/invitations/${linkB}`).expect(200)).body.site).toMatchObject({ phone: '70 20 20 20', hours: { da: 'hverdage 8-15' } });
    const { token } = await invite(server);
    expect((await server.request.get(`/api/invitations/${token}`).expect(200)).body.site.phone).toBe('70 10 10 10');
    // A specialized flag of ward B is due after the unit's 1 day, not the site's 2.
    await server.request.post(`/api/invitations/${linkB}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
    const flag = await server.db.selectFrom('flags').select(['due_at', 'unit_id', 'level']).where('patient_id', '=', patientB).executeTakeFirstOrThrow();
    expect(flag).toMatchObject({ unit_id: wardB, level: 'specialized', due_at: new Date(server.clock.now().getTime() + 86_400_000).toISOString() });
    expect((await nurse.get('/api/flags').expect(200)).text).not.toContain(patientB);
    // Clearing the unit's phone gives the site's again; the audit names the paths.
    const cleared = await unitAdminB.put(`/api/units/${wardB}/settings`).send({ clear: ['site.phone'] }).expect(200);
    expect(cleared.body.settings.site.phone).toBe('70 10 10 10');
    const audit = await server.db.selectFrom('audit_log').select('details').where('action', '=', 'unit.settings_changed').orderBy('id').execute();
    expect(audit.map((a) => JSON.parse(a.details!).changed)).toEqual([['site.phone', 'deadlines.specialized'], ['site.phone']]);
  });

  it("lets a unit admin manage only her units' users, and set their units among her own", async () => {
    const site = await server.as('admin');
    const nurseId = server.users.nurse.id;
    // The default ward's nurse is not hers: 404, as an unknown user.
    await unitAdminB.patch(`/api/users/${nurseId}`).send({ title: 'x' }).expect(404);
    expect((await unitAdminB.get('/api/users').expect(200)).body.map((u: { username: string }) => u.username)).toEqual(['admin-onk']);
    // The site admin adds ward B to the nurse: now the unit admin manages her, and may remove only ward B.
    expect((await site.patch(`/api/users/${nurseId}`).send({ unitIds: [DEFAULT_UNIT_ID, wardB] }).expect(200)).body).toMatchObject({ unitIds: [DEFAULT_UNIT_ID, wardB].sort() });
    expect((await unitAdminB.patch(`/api/users/${nurseId}`).send({ unitIds: [wardB] }).expect(422)).body.error.code).toBe('unit_not_allowed');
    await unitAdminB.patch(`/api/users/${nurseId}`).send({ unitIds: [DEFAULT_UNIT_ID] }).expect(200);
    const me = (await (await server.as('nurse')).get('/api/auth/me').expect(200)).body.user;
    expect(me).toMatchObject({ siteAdmin: false, units: [{ id: DEFAULT_UNIT_ID }] });
    // A user she makes is in her units, never a site admin.
    expect((await unitAdminB.post('/api/users').send({ username: 'nurse-onk', password: 'a long enough password 1', role: 'admin', siteAdmin: true }).expect(403)).body.error.code).toBe('site_admin_required');
    const made = (await unitAdminB.post('/api/users').send({ username: 'nurse-onk', password: 'a long enough password 1', role: 'nurse' }).expect(201)).body;
    expect((await site.get('/api/users').expect(200)).body.find((u: { id: string }) => u.id === made.id)).toMatchObject({ unitIds: [wardB], siteAdmin: false });
    const audit = await server.db.selectFrom('audit_log').select('details').where('action', '=', 'staff_user.units_changed').orderBy('id').execute();
    expect(audit.map((a) => JSON.parse(a.details!))).toEqual([{ from: [DEFAULT_UNIT_ID], to: [DEFAULT_UNIT_ID, wardB].sort() }, { from: [DEFAULT_UNIT_ID, wardB].sort(), to: [DEFAULT_UNIT_ID] }]);
  });

  it("sets a user's units and site admin from outside the staff app (the identity provider's group mapping), audited", async () => {
    const ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
    const { id } = await createStaffUser(ctx, null, { username: 'idp-admin', password: PASSWORD, role: 'admin', unitIds: [wardB], siteAdmin: false });
    await transaction(server.db, (tx) => setStaffUserAccess(tx, null, server.clock.now(), id, { unitIds: [DEFAULT_UNIT_ID], siteAdmin: true }));
    expect((await (await server.as('admin')).get('/api/users').expect(200)).body.find((u: { id: string }) => u.id === id)).toMatchObject({ unitIds: [DEFAULT_UNIT_ID], siteAdmin: true });
    const nurseId = server.users.nurse.id;
    await expect(transaction(server.db, (tx) => setStaffUserAccess(tx, null, server.clock.now(), nurseId, { unitIds: [DEFAULT_UNIT_ID], siteAdmin: true }))).rejects.toMatchObject({ code: 'invalid_request' });
    const audit = await server.db.selectFrom('audit_log').select(['actor_id', 'details']).where('action', '=', 'staff_user.units_changed').where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => [a.actor_id, JSON.parse(a.details!)])).toEqual([[null, { from: [wardB], to: [DEFAULT_UNIT_ID] }], [null, { siteAdmin: true }]]);
  });

  it('refers to a palliative team or a rehabilitation service only', async () => {
    const nurse = await server.as('nurse');
    const { token } = await invite(server);
    await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
    const flag = (await nurse.get('/api/flags').expect(200)).body.items.find((f: { level: string; status: string }) => f.level === 'specialized' && f.status === 'open');
    await nurse.get(`/api/flags/${flag.id}`).expect(200);
    const refused = await nurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'refer', note: 'Please see', unitId: wardB }).expect(422);
    expect(refused.body.error).toMatchObject({ code: 'unit_cannot_receive_referrals', details: [{ path: 'unitId' }] });
    const decided = await nurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'refer', note: 'Please see', unitId: DEFAULT_PALLIATIVE_UNIT_ID }).expect(200);
    expect((await server.db.selectFrom('referrals').select('unit_id').where('id', '=', decided.body.referralId).executeTakeFirstOrThrow()).unit_id).toBe(DEFAULT_PALLIATIVE_UNIT_ID);
  });
});

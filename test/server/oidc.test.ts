/**
 * Sign-in through the hospital's identity provider (issue 24), end to end over HTTP against a real
 * OpenID provider running in this process (test/server/oidc-provider.ts): Lindring discovers it,
 * redirects to it, the test submits its login page, and Lindring exchanges the code and checks the
 * signed ID token. No part of the provider is mocked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configFromEnv, type LocalLogin, type OidcConfig } from '../../server/config.js';
import type { StaffUser } from '../../server/contract/accounts.js';
import type { SignInOptions, SignOutAnswer } from '../../server/contract/sign-in.js';
import { createTestServer, PASSWORD, type TestServer } from './helpers.js';
import { formOf, TestBrowser } from './oidc-browser.js';
import { startTestProvider, type TestProvider } from './oidc-provider.js';

let lindring: string;
let listener: Server;
let provider: TestProvider;
let server: TestServer;
let oidc: OidcConfig;
let localLogin: LocalLogin;

const MAPPING = {
  groupClaim: 'groups',
  groups: [
    { group: 'lindring-admins', role: 'admin', unitIds: ['unit-a'] },
    { group: 'lindring-team', role: 'palliative_team', unitIds: ['unit-team'] },
    { group: 'lindring-nurses', role: 'nurse', unitIds: ['unit-a', 'unit-b'] },
  ],
};

beforeAll(async () => {
  let app: (req: Parameters<Parameters<typeof createServer>[1] & object>[0], res: Parameters<Parameters<typeof createServer>[1] & object>[1]) => void = (_req, res) => res.end();
  listener = createServer((req, res) => app(req, res));
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  lindring = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  provider = await startTestProvider({ redirectUri: `${lindring}/api/auth/oidc/callback`, postLogoutRedirectUri: `${lindring}/` });
  oidc = { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, redirectUri: `${lindring}/api/auth/oidc/callback`, name: 'Region Test', requireMfa: false };
  localLogin = { enabled: true, breakGlassAdmins: [] };
  server = await createTestServer({ settings: { oidc, localLogin } });
  app = server.app;
  const admin = await server.as('admin');
  await admin.put('/api/settings').send({ oidc: MAPPING }).expect(200);
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    listener.close(() => resolve());
    listener.closeAllConnections();
  });
  await provider?.close();
  await server?.close();
});

beforeEach(() => {
  provider.tamperIdToken = null;
  oidc.requireMfa = false;
  provider.accounts.set('anne', { password: 'anne-pw', claims: { name: 'Anne Hansen', email: 'anne.hansen@region.test', preferred_username: 'anne.hansen', groups: ['lindring-nurses'] }, amr: ['pwd'] });
});

/** Starts at Lindring, submits the provider's login page, and follows every redirect back. */
async function signIn(browser: TestBrowser, login: string, password: string, returnTo = '/worklist') {
  const atProvider = await browser.go(`${lindring}/api/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
  expect(atProvider.url.origin).toBe(provider.issuer);
  expect(atProvider.body).toContain('Hospital sign-in');
  return browser.go(atProvider.url.href, { method: 'POST', form: { login, password } });
}

async function me(browser: TestBrowser) {
  return browser.api(`${lindring}/api/auth/me`);
}

async function lastAudit(action: string) {
  return server.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirst();
}

describe('sign-in through the identity provider', () => {
  it('tells the staff app the provider\'s name and that passwords are on', async () => {
    const options = await new TestBrowser().api(`${lindring}/api/auth/options`);
    expect(options).toEqual({ status: 200, json: { oidc: { name: 'Region Test' }, localLogin: true } satisfies SignInOptions });
  });

  it('signs a mapped user in, making the staff user from the claims, and returns to the path asked for', async () => {
    const browser = new TestBrowser();
    const back = await signIn(browser, 'anne', 'anne-pw');
    expect(back.url.href).toBe(`${lindring}/worklist`);
    const session = await me(browser);
    expect(session.status).toBe(200);
    expect(session.json).toMatchObject({ user: { username: 'anne.hansen', role: 'nurse', mustChangePassword: false } });
    // The binding cookie is gone after the callback; the session cookie is httpOnly and Strict like a password sign-in's.
    expect(browser.cookie('lindring_oidc')).toBeUndefined();
    const row = await server.db.selectFrom('staff_users').selectAll().where('username', '=', 'anne.hansen').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ full_name: 'Anne Hansen', email: 'anne.hansen@region.test', oidc_issuer: provider.issuer, oidc_subject: 'anne', role: 'nurse' });
    expect(row.password_hash).toBe('!oidc');
    const created = await lastAudit('staff_user.created');
    expect(JSON.parse(created!.details!)).toMatchObject({ username: 'anne.hansen', role: 'nurse', via: 'oidc' });
    expect(JSON.parse((await lastAudit('auth.login'))!.details!)).toMatchObject({ via: 'oidc' });
    // No password opens the provider's user.
    const local = await browser.request(`${lindring}/api/auth/login`, { json: { username: 'anne.hansen', password: '!oidc' } });
    expect(local.status).toBe(401);
  });

  it('sets the session cookie as a password sign-in does (httpOnly, SameSite=Strict, path /)', async () => {
    const browser = new TestBrowser();
    const atProvider = await browser.go(`${lindring}/api/auth/oidc/start`);
    const login = await browser.request(atProvider.url.href, { form: { login: 'anne', password: 'anne-pw' } });
    // Follow the provider's redirects by hand up to Lindring's callback, and read its Set-Cookie.
    let next = new URL(login.headers.get('location')!, atProvider.url);
    let res = await browser.request(next.href);
    while (!next.pathname.startsWith('/api/auth/oidc/callback')) {
      next = new URL(res.headers.get('location')!, next);
      res = await browser.request(next.href);
    }
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lindring_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it('gives the role of the first mapped group the user is in, and changes it at the next sign-in (audited)', async () => {
    provider.accounts.set('bo', { password: 'bo-pw', claims: { name: 'Bo Berg', preferred_username: 'bo', groups: ['unmapped', 'lindring-nurses', 'lindring-team'] }, amr: ['pwd'] });
    const first = new TestBrowser();
    await signIn(first, 'bo', 'bo-pw');
    expect((await me(first)).json).toMatchObject({ user: { username: 'bo', role: 'palliative_team' } });

    provider.accounts.get('bo')!.claims.groups = ['lindring-admins'];
    const second = new TestBrowser();
    await signIn(second, 'bo', 'bo-pw');
    expect((await me(second)).json).toMatchObject({ user: { username: 'bo', role: 'admin' } });
    expect(JSON.parse((await lastAudit('staff_user.role_changed'))!.details!)).toMatchObject({ username: 'bo', from: 'palliative_team', to: 'admin', via: 'oidc' });
    // The same user, not a second one.
    const users = await server.db.selectFrom('staff_users').select('id').where('oidc_subject', '=', 'bo').execute();
    expect(users).toHaveLength(1);
  });

  it("gives the units of the user's mapped groups at each sign-in (an admin with none is a site admin); unknown unit ids are left out", async () => {
    const admin = await server.as('admin');
    const onk = (await admin.post('/api/units').send({ name: 'Onkologisk afsnit', code: 'ONK-OIDC', kind: 'ward' }).expect(201)).body.id as string;
    const lungs = (await admin.post('/api/units').send({ name: 'Lungemedicin', code: 'LUN-OIDC', kind: 'clinic' }).expect(201)).body.id as string;
    await admin.put('/api/settings').send({ oidc: { ...MAPPING, groups: [...MAPPING.groups, { group: 'onk-nurses', role: 'nurse', unitIds: [onk, 'unit-gone'] }, { group: 'lung-nurses', role: 'nurse', unitIds: [lungs] }] } }).expect(200);
    try {
      provider.accounts.set('eva', { password: 'eva-pw', claims: { preferred_username: 'eva', groups: ['onk-nurses', 'lung-nurses'] }, amr: ['pwd'] });
      const first = new TestBrowser();
      await signIn(first, 'eva', 'eva-pw');
      expect(((await me(first)).json as { user: { units: { id: string }[] } }).user.units.map((u) => u.id).sort()).toEqual([onk, lungs].sort());

      provider.accounts.get('eva')!.claims.groups = ['lung-nurses'];
      const second = new TestBrowser();
      await signIn(second, 'eva', 'eva-pw');
      expect((await me(second)).json).toMatchObject({ user: { units: [{ id: lungs }], siteAdmin: false } });
      const eva = await server.db.selectFrom('staff_users').select('id').where('oidc_subject', '=', 'eva').executeTakeFirstOrThrow();
      expect(JSON.parse((await lastAudit('staff_user.units_changed'))!.details!)).toEqual({ from: [onk, lungs].sort(), to: [lungs] });
      expect((await server.db.selectFrom('staff_units').select('unit_id').where('user_id', '=', eva.id).execute()).map((r) => r.unit_id)).toEqual([lungs]);

      provider.accounts.set('finn', { password: 'finn-pw', claims: { preferred_username: 'finn', groups: ['lindring-admins'] }, amr: ['pwd'] });
      const siteAdmin = new TestBrowser();
      await signIn(siteAdmin, 'finn', 'finn-pw');
      expect((await me(siteAdmin)).json).toMatchObject({ user: { role: 'admin', units: [], siteAdmin: true } });
    } finally {
      await admin.put('/api/settings').send({ oidc: MAPPING }).expect(200);
    }
  });

  it('never joins a provider user to a local account of the same name', async () => {
    provider.accounts.set('nurse-user', { password: 'x', claims: { preferred_username: 'nurse-user', groups: ['lindring-admins'] }, amr: ['pwd'] });
    const browser = new TestBrowser();
    await signIn(browser, 'nurse-user', 'x');
    const session = await me(browser);
    expect(session.json).toMatchObject({ user: { username: 'nurse-user-2', role: 'admin' } });
    const local = await server.db.selectFrom('staff_users').selectAll().where('id', '=', server.users.nurse.id).executeTakeFirstOrThrow();
    expect(local).toMatchObject({ username: 'nurse-user', role: 'nurse', oidc_subject: null });
  });

  it('gives no session to a user in no mapped group, and says why (audited)', async () => {
    provider.accounts.set('carl', { password: 'carl-pw', claims: { preferred_username: 'carl', groups: ['kitchen'] }, amr: ['pwd'] });
    const browser = new TestBrowser();
    const back = await signIn(browser, 'carl', 'carl-pw');
    expect(back.url.href).toBe(`${lindring}/?signInRefused=no_mapped_group`);
    expect((await me(browser)).status).toBe(401);
    expect(await server.db.selectFrom('staff_users').select('id').where('oidc_subject', '=', 'carl').executeTakeFirst()).toBeUndefined();
    expect(JSON.parse((await lastAudit('auth.login_failed'))!.details!)).toEqual({ via: 'oidc', reason: 'no_mapped_group' });
  });

  it('refuses a user removed from every mapped group at the next sign-in, and ends the sessions they still had', async () => {
    provider.accounts.set('dora', { password: 'dora-pw', claims: { preferred_username: 'dora', groups: ['lindring-nurses'] }, amr: ['pwd'] });
    const ward = new TestBrowser();
    await signIn(ward, 'dora', 'dora-pw');
    expect((await me(ward)).status).toBe(200);

    provider.accounts.get('dora')!.claims.groups = [];
    const elsewhere = new TestBrowser();
    const back = await signIn(elsewhere, 'dora', 'dora-pw');
    expect(back.url.searchParams.get('signInRefused')).toBe('no_mapped_group');
    expect((await me(elsewhere)).status).toBe(401);
    // The session on the ward's tablet has ended too.
    expect((await me(ward)).status).toBe(401);
    const audit = await lastAudit('auth.login_failed');
    expect(JSON.parse(audit!.details!)).toEqual({ via: 'oidc', reason: 'no_mapped_group', sessionsEnded: 1 });
    expect(audit!.entity_id).not.toBeNull();
  });

  it('refuses a sign-in without a second factor when OIDC_REQUIRE_MFA is on, and admits one with it', async () => {
    oidc.requireMfa = true;
    const password = new TestBrowser();
    const refused = await signIn(password, 'anne', 'anne-pw');
    expect(refused.url.searchParams.get('signInRefused')).toBe('second_factor_required');
    expect((await me(password)).status).toBe(401);
    expect(JSON.parse((await lastAudit('auth.login_failed'))!.details!)).toEqual({ via: 'oidc', reason: 'second_factor_required' });

    provider.accounts.get('anne')!.amr = ['pwd', 'otp'];
    const twoFactors = new TestBrowser();
    expect((await signIn(twoFactors, 'anne', 'anne-pw')).url.href).toBe(`${lindring}/worklist`);
    expect((await me(twoFactors)).status).toBe(200);
  });

  it('admits an ID token the provider\'s own key signed (the tampering below is what is refused)', async () => {
    provider.tamperIdToken = (token) => provider.resign(token, (claims) => claims, 'real');
    const browser = new TestBrowser();
    await signIn(browser, 'anne', 'anne-pw');
    expect((await me(browser)).status).toBe(200);
  });

  it('refuses an ID token signed with another key', async () => {
    provider.tamperIdToken = (token) => provider.resign(token, (claims) => claims, 'forged');
    const browser = new TestBrowser();
    const back = await signIn(browser, 'anne', 'anne-pw');
    expect(back.url.searchParams.get('signInRefused')).toBe('invalid_token');
    expect((await me(browser)).status).toBe(401);
    expect(JSON.parse((await lastAudit('auth.login_failed'))!.details!)).toEqual({ via: 'oidc', reason: 'invalid_token' });
  });

  it('refuses an expired ID token, though the provider\'s key signed it', async () => {
    const now = Math.floor(Date.now() / 1000);
    provider.tamperIdToken = (token) => provider.resign(token, (claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }), 'real');
    const browser = new TestBrowser();
    const back = await signIn(browser, 'anne', 'anne-pw');
    expect(back.url.searchParams.get('signInRefused')).toBe('invalid_token');
    expect((await me(browser)).status).toBe(401);
  });

  it('refuses a token made for another client (audience)', async () => {
    provider.tamperIdToken = (token) => provider.resign(token, (claims) => ({ ...claims, aud: 'another-client' }), 'real');
    const browser = new TestBrowser();
    const back = await signIn(browser, 'anne', 'anne-pw');
    expect(back.url.searchParams.get('signInRefused')).toBe('invalid_token');
  });

  it('refuses an unknown state, a state used once already, and a callback carried to another browser', async () => {
    const stranger = new TestBrowser();
    const unknown = await stranger.go(`${lindring}/api/auth/oidc/callback?code=abc&state=made-up`);
    expect(unknown.url.searchParams.get('signInRefused')).toBe('unknown_state');

    // A callback URL caught on its way back (code and state), used in another browser: that browser holds no binding cookie.
    const victim = new TestBrowser();
    const atProvider = await victim.go(`${lindring}/api/auth/oidc/start`);
    const caught = await victim.go(atProvider.url.href, { method: 'POST', form: { login: 'anne', password: 'anne-pw' } }, (next) => next.pathname === '/api/auth/oidc/callback');
    const elsewhere = await stranger.go(caught.url.href);
    expect(elsewhere.url.searchParams.get('signInRefused')).toBe('unknown_state');
    expect((await me(stranger)).status).toBe(401);

    // The state was spent by that try: the right browser cannot use it either, nor twice.
    const replay = await victim.go(caught.url.href);
    expect(replay.url.searchParams.get('signInRefused')).toBe('unknown_state');
    expect(await server.db.selectFrom('oidc_logins').select('state_hash').execute()).toEqual([]);
  });

  it('refuses a state past its 10 minutes', async () => {
    const browser = new TestBrowser();
    const atProvider = await browser.go(`${lindring}/api/auth/oidc/start`);
    server.clock.advance(11 * 60_000);
    const back = await browser.go(atProvider.url.href, { method: 'POST', form: { login: 'anne', password: 'anne-pw' } });
    expect(back.url.searchParams.get('signInRefused')).toBe('unknown_state');
    expect((await me(browser)).status).toBe(401);
  });

  it('says so when the provider answers with an error (the user cancelled there)', async () => {
    const browser = new TestBrowser();
    const authorization = await browser.go(`${lindring}/api/auth/oidc/start`, {}, (next) => next.origin === provider.issuer);
    const state = authorization.url.searchParams.get('state')!;
    expect(authorization.url.searchParams.get('code_challenge_method')).toBe('S256');
    const back = await browser.go(`${lindring}/api/auth/oidc/callback?error=access_denied&state=${encodeURIComponent(state)}`);
    expect(back.url.searchParams.get('signInRefused')).toBe('provider_error');
    expect((await me(browser)).status).toBe(401);
  });

  it('logs out locally and hands the staff app the provider\'s logout, which returns to Lindring', async () => {
    const browser = new TestBrowser();
    await signIn(browser, 'anne', 'anne-pw');
    const out = await browser.api(`${lindring}/api/auth/oidc/logout`, 'POST');
    expect(out.status).toBe(200);
    const url = new URL((out.json as SignOutAnswer).providerLogoutUrl!);
    expect(url.origin + url.pathname).toBe(`${provider.issuer}/session/end`);
    expect(url.searchParams.get('client_id')).toBe(provider.clientId);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${lindring}/`);
    expect((await me(browser)).status).toBe(401);
    expect(await lastAudit('auth.logout')).toBeDefined();

    // The provider asks, and after "yes" sends the browser back to the staff app.
    const confirm = await browser.go(url.href);
    expect(confirm.body).toContain('Sign out');
    const { action, fields } = formOf(confirm.body, confirm.url);
    const back = await browser.go(action.href, { method: 'POST', form: { ...fields, logout: 'yes' } });
    expect(back.url.href).toBe(`${lindring}/`);
    // The provider's session has ended: the next sign-in asks for the password again.
    const again = await browser.go(`${lindring}/api/auth/oidc/start`);
    expect(again.url.origin).toBe(provider.issuer);
    expect(again.body).toContain('Hospital sign-in');
  });

  it('gives a local user no provider logout', async () => {
    const browser = new TestBrowser();
    const login = await browser.request(`${lindring}/api/auth/login`, { json: { username: 'nurse-user', password: PASSWORD } });
    expect(login.status).toBe(200);
    const out = await browser.api(`${lindring}/api/auth/oidc/logout`, 'POST');
    expect(out).toEqual({ status: 200, json: { providerLogoutUrl: null } });
    expect((await me(browser)).status).toBe(401);
  });

  it('with LOCAL_LOGIN=off refuses passwords except for the break-glass admins named', async () => {
    localLogin.enabled = false;
    localLogin.breakGlassAdmins = ['admin-user'];
    try {
      const options = await new TestBrowser().api(`${lindring}/api/auth/options`);
      expect(options.json).toEqual({ oidc: { name: 'Region Test' }, localLogin: false });
      const nurse = await server.request.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD });
      expect(nurse.status).toBe(403);
      expect(nurse.body.error.code).toBe('local_login_off');
      await server.request.post('/api/auth/login').send({ username: 'Admin-User', password: PASSWORD }).expect(200);
      // The hospital's sign-in still works.
      const browser = new TestBrowser();
      await signIn(browser, 'anne', 'anne-pw');
      expect((await me(browser)).status).toBe(200);
    } finally {
      localLogin.enabled = true;
      localLogin.breakGlassAdmins = [];
    }
  });
});

describe('the group mapping setting', () => {
  it('is read by every staff role and changed by an admin (audited); a role outside ROLES or a repeated group is a 422', async () => {
    const nurse = await server.as('nurse');
    expect((await nurse.get('/api/settings').expect(200)).body.oidc).toEqual(MAPPING);
    await nurse.put('/api/settings').send({ oidc: { groupClaim: 'roles' } }).expect(403);
    const admin = await server.as('admin');
    const bad = await admin.put('/api/settings').send({ oidc: { groups: [{ group: 'x', role: 'superuser' }] } }).expect(422);
    expect(JSON.stringify(bad.body)).toContain('role');
    await admin.put('/api/settings').send({ oidc: { groups: [{ group: 'x', role: 'nurse' }, { group: 'x', role: 'admin' }] } }).expect(422);
    const saved = await admin.put('/api/settings').send({ oidc: { groups: [...MAPPING.groups, { group: 'lindring-extra', role: 'nurse' }] } }).expect(200);
    expect(saved.body.oidc.groups.at(-1)).toEqual({ group: 'lindring-extra', role: 'nurse', unitIds: [] });
    const audit = await lastAudit('settings.changed');
    expect(JSON.parse(audit!.details!).changed).toEqual(['oidc.groups']);
    await admin.put('/api/settings').send({ oidc: MAPPING }).expect(200);
  });

  it('lists users made by the provider with their full name', async () => {
    const admin = await server.as('admin');
    const users = (await admin.get('/api/users').expect(200)).body as StaffUser[];
    expect(users.find((u) => u.username === 'anne.hansen')).toMatchObject({ fullName: 'Anne Hansen', role: 'nurse', disabled: false });
  });

  it('gives a provider user no password: an admin\'s reset is a 409 provider_user', async () => {
    const admin = await server.as('admin');
    const anne = await server.db.selectFrom('staff_users').select(['id', 'password_hash']).where('oidc_subject', '=', 'anne').executeTakeFirstOrThrow();
    const res = await admin.post(`/api/users/${anne.id}/password-reset`).expect(409);
    expect(res.body.error.code).toBe('provider_user');
    expect((await server.db.selectFrom('staff_users').select('password_hash').where('id', '=', anne.id).executeTakeFirstOrThrow()).password_hash).toBe('!oidc');
  });

  it('refuses a user an admin disabled in Lindring, whatever the provider says', async () => {
    const admin = await server.as('admin');
    const anne = await server.db.selectFrom('staff_users').select('id').where('oidc_subject', '=', 'anne').executeTakeFirstOrThrow();
    await admin.patch(`/api/users/${anne.id}`).send({ disabled: true }).expect(200);
    const browser = new TestBrowser();
    const back = await signIn(browser, 'anne', 'anne-pw');
    expect(back.url.searchParams.get('signInRefused')).toBe('disabled');
    await admin.patch(`/api/users/${anne.id}`).send({ disabled: false }).expect(200);
  });
});

describe('the operator settings (environment)', () => {
  const ENV = { OIDC_ISSUER: 'https://login.region.example', OIDC_CLIENT_ID: 'lindring', OIDC_CLIENT_SECRET: 's', OIDC_REDIRECT_URI: 'https://pro.region.example/api/auth/oidc/callback' };

  it('reads the provider, its name, the second-factor rule and the break-glass admins', () => {
    expect(configFromEnv({ ...ENV, OIDC_NAME: 'Region Hovedstaden', OIDC_REQUIRE_MFA: 'true', LOCAL_LOGIN: 'off', LOCAL_LOGIN_ADMINS: 'Alice, bob' })).toMatchObject({
      oidc: { ...{ issuer: ENV.OIDC_ISSUER, clientId: 'lindring', clientSecret: 's', redirectUri: ENV.OIDC_REDIRECT_URI }, name: 'Region Hovedstaden', requireMfa: true },
      localLogin: { enabled: false, breakGlassAdmins: ['alice', 'bob'] },
    });
    expect(configFromEnv(ENV).oidc).toMatchObject({ name: 'login.region.example', requireMfa: false });
    expect(configFromEnv({})).toMatchObject({ localLogin: { enabled: true, breakGlassAdmins: [] } });
    expect(configFromEnv({}).oidc).toBeUndefined();
  });

  it.each([
    [{ OIDC_ISSUER: ENV.OIDC_ISSUER }, /OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI not/],
    [{ ...ENV, OIDC_ISSUER: 'login.region.example' }, /OIDC_ISSUER must be an absolute http\(s\) URL/],
    [{ ...ENV, OIDC_REDIRECT_URI: 'https://pro.region.example/callback' }, /must end in \/api\/auth\/oidc\/callback/],
    [{ ...ENV, OIDC_REQUIRE_MFA: 'yes' }, /OIDC_REQUIRE_MFA must be true or false/],
    [{ LOCAL_LOGIN: 'off' }, /LOCAL_LOGIN=off needs OIDC_ISSUER/],
    [{ ...ENV, LOCAL_LOGIN: 'no' }, /LOCAL_LOGIN must be on or off/],
    [{ ...ENV, OIDC_ISSUER: 'http://login.region.example', NODE_ENV: 'production', PUBLIC_URL: 'https://pro.region.example' }, /OIDC_ISSUER must be an https:\/\/ URL/],
  ])('refuses to start with %j', (env, message) => {
    expect(() => configFromEnv(env)).toThrow(message);
  });
});

describe('a provider that cannot be reached', () => {
  it('sends the browser back to the staff app with provider_error, and stores no sign-in', async () => {
    const down = await createTestServer({ settings: { oidc: { ...oidc, issuer: 'http://127.0.0.1:9' }, localLogin } });
    try {
      const res = await down.request.get('/api/auth/oidc/start').expect(303);
      expect(res.headers.location).toBe('/?signInRefused=provider_error');
      expect(await down.db.selectFrom('oidc_logins').select('state_hash').execute()).toEqual([]);
    } finally {
      await down.close();
    }
  });

  it('is not asked at all without the OIDC_ settings', async () => {
    const plain = await createTestServer();
    try {
      expect((await plain.request.get('/api/auth/options').expect(200)).body).toEqual({ oidc: null, localLogin: true });
      expect((await plain.request.get('/api/auth/oidc/start').expect(303)).headers.location).toBe('/?signInRefused=not_configured');
      expect((await plain.request.get('/api/auth/oidc/callback?code=x&state=y').expect(303)).headers.location).toBe('/?signInRefused=not_configured');
    } finally {
      await plain.close();
    }
  });
});

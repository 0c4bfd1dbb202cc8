/** Every staff route × anonymous, nurse, palliative_team, admin: least privilege, checked in one table. */
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/contract/codes.js';
import { ROUTES as CONTRACT_ROUTES } from '../../server/contract/routes.js';
import { createTestServer, invite, type TestServer } from './helpers.js';

type Who = 'anonymous' | Role;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface RouteCase {
  method: Method;
  /** The route pattern; `:patient`, `:flag`, `:referral` are filled in with ids made at set-up, `:user` with an unknown user id, `:questionnaire` with the test questionnaire, `:missing` with an id that is none. */
  path: string;
  body?: unknown;
  /** The status for a role that may use the route (the request is built so the result does not change state). */
  allowed: Partial<Record<Who, number>>;
}

let server: TestServer;
const ids = { patient: '', flag: '', referral: '', user: 'no-such-user', missing: 'no-such-flag', questionnaire: 'minimal' };

beforeAll(async () => {
  server = await createTestServer();
  const { token, patientId } = await invite(server);
  ids.patient = patientId;
  await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: { pain: 1 } }).expect(201);
  const nurse = await server.as('nurse');
  ids.flag = (await nurse.get('/api/flags').expect(200)).body.items[0].id;
  // A referral of another patient, so the team has one to decide but not this patient's flag.
  const other = await invite(server);
  await server.request.post(`/api/invitations/${other.token}/responses`).send({ id: randomUUID(), answers: { pain: 4, worry: 4 } }).expect(201);
  const otherFlag = (await nurse.get('/api/flags').expect(200)).body.items.find((f: { id: string }) => f.id !== ids.flag).id;
  await nurse.post(`/api/flags/${otherFlag}/decision`).send({ action: 'refer', note: 'Please see.' }).expect(200);
  ids.referral = (await (await server.as('palliative_team')).get('/api/referrals').expect(200)).body[0].id;
});
afterAll(() => server.close());

const ALL = { nurse: 200, palliative_team: 200, admin: 200 };
const ROUTES: RouteCase[] = [
  { method: 'get', path: '/api/auth/me', allowed: ALL },
  { method: 'get', path: '/api/questionnaires', allowed: ALL },
  { method: 'get', path: '/api/questionnaires/:questionnaire/form', allowed: ALL },
  { method: 'get', path: '/api/users', allowed: { admin: 200 } },
  { method: 'post', path: '/api/users', body: { username: 'x' }, allowed: { admin: 422 } },
  { method: 'patch', path: '/api/users/:user', body: {}, allowed: { admin: 422 } },
  { method: 'post', path: '/api/users/:user/password-reset', allowed: { admin: 404 } },
  { method: 'get', path: '/api/users/:user/sessions', allowed: { admin: 404 } },
  { method: 'delete', path: '/api/users/:user/sessions', allowed: { admin: 404 } },
  // issue 21: one session, the second factor, the user's own account
  { method: 'delete', path: '/api/users/:user/sessions/:sessionId', allowed: { admin: 404 } },
  { method: 'delete', path: '/api/users/:user/second-factor', allowed: { admin: 404 } },
  { method: 'post', path: '/api/account/second-factor/enrolment', allowed: ALL },
  { method: 'post', path: '/api/account/second-factor/confirm', body: {}, allowed: { nurse: 422, palliative_team: 422, admin: 422 } },
  { method: 'get', path: '/api/account/sessions', allowed: ALL },
  { method: 'delete', path: '/api/account/sessions/:missing', allowed: { nurse: 404, palliative_team: 404, admin: 404 } },
  { method: 'post', path: '/api/auth/password', body: {}, allowed: { nurse: 422, palliative_team: 422, admin: 422 } },
  { method: 'get', path: '/api/audit', allowed: { admin: 200 } },
  { method: 'post', path: '/api/patients', body: {}, allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/patients', allowed: { nurse: 200, admin: 200 } },
  { method: 'patch', path: '/api/patients/:patient', body: { mobile: '12' }, allowed: { nurse: 422, admin: 422 } },
  // The team reads a patient's history only when the patient was referred (this one was not): 404, as for an unknown id (issue 24).
  { method: 'get', path: '/api/patients/:patient/history', allowed: { nurse: 200, palliative_team: 404, admin: 200 } },
  { method: 'post', path: '/api/invitations', body: {}, allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/invitations', allowed: { nurse: 200, admin: 200 } },
  // issue 23: the call list (a bad outcome, so nothing is stored)
  { method: 'post', path: '/api/invitations/:missing/calls', body: { outcome: 'maybe' }, allowed: { nurse: 422, admin: 422 } },
  { method: 'post', path: '/api/invitations/:missing/send', body: { channel: 'fax' }, allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/notification-status', allowed: { admin: 200 } },
  // issue 25: programmes and enrolments (bodies that fail or ids that are none, so nothing changes)
  { method: 'get', path: '/api/programmes', allowed: { nurse: 200, admin: 200 } },
  { method: 'post', path: '/api/programmes', body: {}, allowed: { admin: 422 } },
  { method: 'patch', path: '/api/programmes/:missing', body: {}, allowed: { admin: 422 } },
  { method: 'post', path: '/api/patients/:patient/enrolments', body: {}, allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/patients/:patient/enrolments', allowed: { nurse: 200, admin: 200 } },
  { method: 'patch', path: '/api/enrolments/:missing', body: {}, allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/flags', allowed: { nurse: 200, admin: 200 } },
  { method: 'get', path: '/api/flags/:flag', allowed: { nurse: 200, palliative_team: 404, admin: 200 } },
  { method: 'get', path: '/api/flags/:flag/summary', allowed: { nurse: 200, admin: 200 } },
  { method: 'post', path: '/api/flags/:flag/decision', body: { action: 'maybe' }, allowed: { nurse: 422, admin: 422 } },
  // The closed loop: bodies that fail, or a flag that does not exist, so nothing changes.
  { method: 'post', path: '/api/flags/:missing/take', allowed: { nurse: 404, admin: 404 } },
  { method: 'post', path: '/api/flags/:flag/assign', body: {}, allowed: { nurse: 422, admin: 422 } },
  { method: 'post', path: '/api/flags/:missing/release', allowed: { nurse: 404, admin: 404 } },
  { method: 'post', path: '/api/flags/:flag/close', body: {}, allowed: { nurse: 422, admin: 422 } },
  { method: 'post', path: '/api/flags/:flag/reopen', body: {}, allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/assignees', allowed: { nurse: 200, admin: 200 } },
  { method: 'get', path: '/api/overview', allowed: { nurse: 200, admin: 200 } },
  { method: 'get', path: '/api/referrals', allowed: { palliative_team: 200, admin: 200 } },
  { method: 'post', path: '/api/referrals/:referral/decision', body: { action: 'maybe' }, allowed: { palliative_team: 422, admin: 422 } },
  { method: 'get', path: '/api/settings', allowed: ALL },
  { method: 'put', path: '/api/settings', body: { site: { phone: 'abc' } }, allowed: { admin: 422 } },
  // Inclusive answering (issue 13): a self mode is refused, and a response that does not exist.
  { method: 'post', path: '/api/patients/:patient/responses', body: { mode: 'self' }, allowed: { nurse: 422, admin: 422 } },
  { method: 'post', path: '/api/responses/:missing/verify', allowed: { nurse: 404, admin: 404 } },
  // FHIR R4 (issue 14): read-only, nurses and admins.
  { method: 'get', path: '/api/fhir/Questionnaire/:missing', allowed: { nurse: 404, admin: 404 } },
  { method: 'get', path: '/api/fhir/QuestionnaireResponse/:missing', allowed: { nurse: 404, admin: 404 } },
  { method: 'get', path: '/api/fhir/Observation', allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/fhir/Bundle', allowed: { nurse: 422, admin: 422 } },
  // Data out (issue 14): without a period, so the roles let through answer 422.
  { method: 'get', path: '/api/export/responses.csv', allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/indicators', allowed: { nurse: 422, palliative_team: 422, admin: 422 } },
  // Emergency access (issue 24): a reason is required, so nothing is opened here.
  { method: 'post', path: '/api/patients/:patient/emergency-access', body: {}, allowed: { nurse: 422, admin: 422 } },
  { method: 'post', path: '/api/emergency-access', body: { externalId: 'x' }, allowed: { nurse: 422, admin: 422 } },
  { method: 'get', path: '/api/emergency-accesses', allowed: { admin: 200 } },
  // Units (issue 24): the list for everyone; making one and a unit's settings for admins (test/server/units.test.ts has site and unit admins).
  { method: 'get', path: '/api/units', allowed: ALL },
  { method: 'post', path: '/api/units', body: {}, allowed: { admin: 422 } },
  { method: 'get', path: '/api/units/:missing/settings', allowed: { admin: 404 } },
  { method: 'put', path: '/api/units/:missing/settings', body: { site: { phone: 'abc' } }, allowed: { admin: 422 } },
];
const WHO: Who[] = ['anonymous', 'nurse', 'palliative_team', 'admin'];

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  matchers?: unknown[];
}

/** Every `METHOD /path` registered under /api, read from Express's router. */
function apiRoutes(app: TestServer['app']): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  const api = (app as unknown as { router: { stack: Layer[] } }).router.stack.find((l) => l.handle?.stack?.some((inner) => inner.handle?.stack?.some((r) => r.route?.path === '/auth/me')));
  walk(api!.handle!.stack!);
  return found;
}

function expected(route: RouteCase, who: Who): number {
  if (who === 'anonymous') return 401;
  return route.allowed[who] ?? 403;
}

describe('role matrix', () => {
  const cases = ROUTES.flatMap((route) => WHO.map((who) => ({ route, who, name: `${route.method.toUpperCase()} ${route.path}` })));
  it.each(cases)('$name as $who', async ({ route, who }) => {
    const client = who === 'anonymous' ? supertest(server.app) : await server.as(who);
    const path = route.path.replace(/:(patient|flag|referral|user|missing|questionnaire)\b/g, (_m, name: keyof typeof ids) => ids[name]);
    const req = client[route.method](path);
    const res = await (route.body === undefined ? req : req.send(route.body as object));
    expect(res.status).toBe(expected(route, who));
    if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
  });

  it('covers every API route except the public ones', () => {
    // The second sign-in step answers to its own short-lived cookie, not to a session.
    const PUBLIC = ['POST /auth/login', 'POST /auth/second-factor', 'POST /auth/second-factor/enrolment', 'POST /auth/logout', 'GET /site-contact', 'GET /invitations/:token', 'PUT /invitations/:token/draft', 'POST /invitations/:token/responses'];
    // issue 24: the hospital's sign-in (public: redirects, the sign-in options, and a logout like the one above)
    PUBLIC.push('GET /auth/options', 'GET /auth/oidc/start', 'GET /auth/oidc/callback', 'POST /auth/oidc/logout');
    const inMatrix = ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path.replace(/^\/api/, '').replace(/:(patient|flag|referral|user|missing|questionnaire)\b/g, ':id')}`);
    expect(apiRoutes(server.app).sort()).toEqual([...PUBLIC, ...inMatrix].sort());
  });

  it("registers exactly the contract's route table, no route besides it", () => {
    const table = Object.values(CONTRACT_ROUTES).map((r) => `${r.method} ${r.path.replace(/^\/api/, '')}`);
    expect(apiRoutes(server.app).sort()).toEqual(table.sort());
  });

  it('treats a made-up session cookie as anonymous', async () => {
    await server.request.get('/api/flags').set('Cookie', 'lindring_session=forged').expect(401);
  });

  it('lets the team read a flag and a history once referred to it', async () => {
    const team = await server.as('palliative_team');
    const [referral] = (await team.get('/api/referrals').expect(200)).body;
    await team.get(`/api/flags/${referral.flagId}`).expect(200);
    await team.get(`/api/patients/${referral.patient.id}/history`).expect(200);
  });
});

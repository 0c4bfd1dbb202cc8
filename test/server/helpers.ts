/**
 * API test fixture: a fresh migrated database per test file (SQLite, or PostgreSQL under
 * `npm run test:postgres`), the app with an injected clock, and a signed-in supertest agent per role.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { createApp, type AppDeps } from '../../server/http/app.js';
import { loadQuestionnaires, type QuestionnaireCatalog } from '../../server/questionnaire-loader.js';
import type { Role } from '../../server/contract/codes.js';
import { createServiceContext } from '../../server/services/create-context.js';
import type { ServiceContext } from '../../server/services/context.js';
import { createTransports } from '../../server/services/notification-channels.js';
import type { SchedulerContext } from '../../server/services/scheduler.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import type { Db } from '../../server/storage/database.js';
import { freshDatabase } from './test-database.js';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
export const PASSWORD = 'correct horse battery staple';
export const ROLE_LIST: Role[] = ['nurse', 'palliative_team', 'admin'];
/** A cheap scrypt cost for tests: OWASP's (the default) costs a few tenths of a second per hash. */
export const TEST_PASSWORD_HASHING = { N: 2 ** 10, r: 8, p: 1 };

export function answersFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'answers', `${name}.json`), 'utf8'));
}

/** The shipped questionnaires plus the small test one (`minimal`). */
export async function testCatalog(): Promise<QuestionnaireCatalog> {
  return new Map([...(await loadQuestionnaires(path.join(FIXTURES, 'questionnaires'))), ...(await loadQuestionnaires())]);
}

class TestClock {
  constructor(private time = Date.parse('2026-03-02T09:00:00.000Z')) {}
  now = (): Date => new Date(this.time);
  advance(ms: number): void {
    this.time += ms;
  }
}
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export function tempDir(prefix = 'lindring-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface TestServer {
  app: ReturnType<typeof createApp>;
  db: Db;
  /** The database: a SQLite file's path or a postgres:// URL. */
  url: string;
  clock: TestClock;
  request: ReturnType<typeof supertest>;
  /** A supertest agent signed in with the role (one user per role, made at set-up); signs in again after expiry. */
  as(role: Role): Promise<ReturnType<typeof supertest.agent>>;
  users: Record<Role, { id: string; username: string }>;
  close(): Promise<void>;
}

export async function createTestServer(deps: Partial<AppDeps> = {}): Promise<TestServer> {
  const { db, url, drop } = await freshDatabase();
  const clock = new TestClock();
  const questionnaires = await testCatalog();
  const settings = { passwordHashing: TEST_PASSWORD_HASHING, ...deps.settings };
  const app = createApp({ db, questionnaires, now: clock.now, loginRateLimit: { windowMs: 60_000, limit: 1000 }, ...deps, settings });
  const ctx = createServiceContext({ db, questionnaires, now: clock.now, settings });
  const users = {} as TestServer['users'];
  for (const role of ROLE_LIST) users[role] = await createStaffUser(ctx, null, { username: `${role}-user`, password: PASSWORD, role });
  const agents = new Map<Role, ReturnType<typeof supertest.agent>>();
  return {
    app,
    db,
    url,
    clock,
    request: supertest(app),
    users,
    async as(role) {
      let agent = agents.get(role);
      // The tests move the clock by days: sign in again when the session expired.
      if (!agent || (await agent.get('/api/auth/me')).status !== 200) {
        agent = supertest.agent(app);
        await agent.post('/api/auth/login').send({ username: users[role].username, password: PASSWORD }).expect(200);
        agents.set(role, agent);
      }
      return agent;
    },
    close: drop,
  };
}

/**
 * A test server and the scheduler's context on its database, with the same settings and site
 * settings, the link delivered through the operator's channels in `settings`: for tests that run
 * ticks as the server would.
 */
export async function createSchedulerTestServer(deps: Partial<AppDeps> & { settings: { publicUrl: string } & Partial<AppDeps['settings']> }): Promise<{ server: TestServer; ctx: ServiceContext; scheduler: SchedulerContext }> {
  const server = await createTestServer(deps);
  const { settings, siteSettings } = deps;
  const ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, settings, ...(siteSettings ? { siteSettings } : {}) });
  const transports = createTransports({ smtpUrl: settings.smtpUrl, webhookUrl: settings.notifyWebhookUrl, publicUrl: settings.publicUrl, timeoutMs: 5_000 });
  return { server, ctx, scheduler: { ctx, transports, leaseMs: 10_000 } };
}

/** Row counts of the tables a submission writes. */
export async function countRows(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['responses', 'scale_scores', 'flags', 'referrals'] as const) {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Creates a patient and an invitation as a nurse; returns their ids and the token. */
export async function invite(server: TestServer, questionnaireId = 'minimal', patient?: { externalId: string; name: string }) {
  const nurse = await server.as('nurse');
  const p = patient ?? { externalId: `ext-${Math.random().toString(36).slice(2)}`, name: 'Test Patient' };
  let patientId: string;
  const created = await nurse.post('/api/patients').send(p);
  if (created.status === 201) patientId = created.body.id;
  else {
    const found = await nurse.get('/api/patients').query({ query: p.externalId }).expect(200);
    patientId = found.body[0].id;
  }
  const inv = await nurse.post('/api/invitations').send({ patientId, questionnaireId, trigger: 'status_conversation' }).expect(201);
  return { patientId, token: inv.body.token as string, url: inv.body.url as string, expiresAt: inv.body.expiresAt as string };
}

/** Starts Lindring in this process: migrate, load questionnaires, listen. Used by `npm start` and by tests (port 0 allowed). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { checkNotificationConfig, checkStartConfig, configFromEnv, type ServerConfig } from './config.js';
import { createApp, type AppDeps } from './http/app.js';
import { jsonLogger } from './logging.js';
import { loadQuestionnaires } from './questionnaire-loader.js';
import { createServiceContext } from './services/create-context.js';
import { createTransports } from './services/notification-channels.js';
import { QuestionnaireRegistry } from './services/questionnaires.js';
import type { ScryptParams } from './services/secrets.js';
import { startScheduler, type RunningScheduler } from './services/scheduler.js';
import { openDatabase, type Db } from './storage/database.js';
import { countStaffUsers } from './storage/staff-users.js';
import { migrateToLatest } from './storage/migrate.js';

export const DEFAULT_CLIENT_DIR = path.resolve(import.meta.dirname, '..', 'dist', 'client');

export interface RunningServer {
  url: string;
  port: number;
  /** Staff accounts when the server started: none, and `npm start` says how to make the first. */
  staffUsers: number;
  db: Db;
  close(): Promise<void>;
}

/**
 * Missing fields come from the environment's defaults (configFromEnv). Extra AppDeps (e.g. a clock)
 * are for tests; `scheduler: false` leaves the scheduler off (as SCHEDULER_TICK_SECONDS=0 does).
 * `passwordHashing` is a cheaper scrypt cost for tests: code passes it, never the environment, so
 * `npm start` (main.ts, no extra) always hashes at the default, OWASP's.
 */
export async function startServer(
  config: Partial<ServerConfig> = {},
  extra: Partial<Pick<AppDeps, 'now' | 'loginRateLimit' | 'siteSettings'>> & { scheduler?: boolean; passwordHashing?: ScryptParams } = {},
): Promise<RunningServer> {
  const { scheduler: schedulerWanted = true, passwordHashing, ...appExtra } = extra;
  const c = { ...configFromEnv(), ...config };
  checkStartConfig(c);
  checkNotificationConfig(c);
  const log = c.log ? jsonLogger : undefined;
  const db = openDatabase(c.databaseUrl);
  let scheduler: RunningScheduler | undefined;
  try {
    for (const line of await migrateToLatest(db)) log?.({ msg: 'migration', detail: line });
    const questionnaires = new QuestionnaireRegistry(await loadQuestionnaires(c.questionnaireDir));
    await questionnaires.storeAll(db, extra.now?.() ?? new Date());
    const settings = {
      invitationTtlDays: c.invitationTtlDays,
      sessionIdleMs: c.sessionIdleMinutes * 60_000,
      sessionAbsoluteMs: c.sessionAbsoluteHours * 3_600_000,
      passwordHashQueue: { concurrency: c.passwordHashConcurrency, waiting: c.passwordHashQueue },
      ...(passwordHashing ? { passwordHashing } : {}),
      ...(c.publicUrl ? { publicUrl: c.publicUrl } : {}),
      ...(c.smtpUrl ? { smtpUrl: c.smtpUrl } : {}),
      ...(c.smtpFrom ? { smtpFrom: c.smtpFrom } : {}),
      ...(c.notifyWebhookUrl ? { notifyWebhookUrl: c.notifyWebhookUrl } : {}),
      ...(c.fhirBase ? { fhirBase: c.fhirBase } : {}),
      ...(c.fhirPatientSystem ? { fhirPatientSystem: c.fhirPatientSystem } : {}),
      ...(c.totpKey ? { totpKey: c.totpKey } : {}),
      ...(c.oidc ? { oidc: c.oidc } : {}),
      localLogin: c.localLogin,
    };
    const app = createApp({
      db,
      questionnaires,
      settings,
      secureCookies: c.production,
      clientDir: c.clientDir ?? DEFAULT_CLIENT_DIR,
      ...(c.trustProxy !== undefined ? { trustProxy: c.trustProxy } : {}),
      ...(log ? { log } : {}),
      ...appExtra,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(c.port, c.host, (error?: Error) => (error ? reject(error) : resolve(s)));
    });
    // An idle keep-alive connection is closed by the client first (Node's agent after 5 s, proxies
    // after up to 60 s): had the server closed it at its default 5 s, a request sent on it at that
    // moment would fail with ECONNRESET (seen in a browser test under load).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    if (schedulerWanted && c.schedulerTickSeconds > 0) {
      const leaseMs = c.notifyLeaseSeconds * 1000;
      const ctx = createServiceContext({ db, questionnaires, settings, ...appExtra });
      // A delivery gives up at half the lease, so a live process never loses a message it is still sending.
      const transports = createTransports({ ...settings, webhookUrl: c.notifyWebhookUrl, ...(log ? { log } : {}), timeoutMs: leaseMs / 2 });
      scheduler = startScheduler({ ctx, transports, leaseMs, ...(log ? { log } : {}) }, c.schedulerTickSeconds);
    }
    const { port } = server.address() as AddressInfo;
    const host = c.host.includes(':') ? `[${c.host}]` : c.host;
    const staffUsers = await countStaffUsers(db);
    return {
      url: `http://${host}:${port}`,
      port,
      staffUsers,
      db,
      async close() {
        await scheduler?.stop();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await db.destroy();
      },
    };
  } catch (error) {
    await scheduler?.stop();
    await db.destroy();
    throw error;
  }
}

/**
 * What `npm start` tells the person who ran it (issue 23), beside the JSON log: the address to open
 * (the public one when set; a wildcard host is opened as localhost) and, while there is no staff
 * user, how to make the first one or to load the demo data.
 */
export function startMessage(url: string, staffUsers: number, publicUrl?: string): string[] {
  const open = (publicUrl ?? url).replace(/\/+$/, '').replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://localhost');
  const lines = [`Lindring is running. Open ${open}/ in a browser (the staff app; patients get their own links).`];
  if (staffUsers === 0) {
    lines.push(
      'There is no staff user yet. Make the first administrator (the password is read from standard input):',
      '  npm run create-user -- --username admin --role admin --password-stdin',
      'or try Lindring with demo users and patients (never on a real server): npm run seed:demo',
    );
  }
  return lines;
}

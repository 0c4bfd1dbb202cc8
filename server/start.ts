/** Starts Lindring in this process: migrate, load questionnaires, listen. Used by `npm start` and by tests (port 0 allowed). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { configFromEnv, type ServerConfig } from './config.js';
import { createApp, type AppDeps } from './http/app.js';
import { jsonLogger } from './http/logging.js';
import { loadQuestionnaires } from './questionnaire-loader.js';
import { QuestionnaireRegistry } from './services/questionnaires.js';
import { openDatabase, type Db } from './storage/database.js';
import { migrateToLatest } from './storage/migrate.js';

const DEFAULT_CLIENT_DIR = path.resolve(import.meta.dirname, '..', 'dist', 'client');

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  close(): Promise<void>;
}

/** Missing fields come from the environment's defaults (configFromEnv). Extra AppDeps (e.g. a clock) are for tests. */
export async function startServer(config: Partial<ServerConfig> = {}, extra: Partial<Pick<AppDeps, 'now' | 'loginRateLimit'>> = {}): Promise<RunningServer> {
  const c = { ...configFromEnv(), ...config };
  const log = c.log ? jsonLogger : undefined;
  const db = openDatabase(c.databaseUrl);
  try {
    for (const line of await migrateToLatest(db)) log?.({ msg: 'migration', detail: line });
    const questionnaires = new QuestionnaireRegistry(await loadQuestionnaires(c.questionnaireDir));
    await questionnaires.storeAll(db, extra.now?.() ?? new Date());
    const app = createApp({
      db,
      questionnaires,
      settings: {
        invitationTtlDays: c.invitationTtlDays,
        sessionIdleMs: c.sessionIdleMinutes * 60_000,
        sessionAbsoluteMs: c.sessionAbsoluteHours * 3_600_000,
        ...(c.publicUrl ? { publicUrl: c.publicUrl } : {}),
      },
      secureCookies: c.production,
      clientDir: c.clientDir ?? DEFAULT_CLIENT_DIR,
      ...(c.trustProxy !== undefined ? { trustProxy: c.trustProxy } : {}),
      ...(log ? { log } : {}),
      ...extra,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(c.port, c.host, (error?: Error) => (error ? reject(error) : resolve(s)));
    });
    const { port } = server.address() as AddressInfo;
    const host = c.host.includes(':') ? `[${c.host}]` : c.host;
    return {
      url: `http://${host}:${port}`,
      port,
      db,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

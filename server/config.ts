/** Server configuration from the environment (documented in the README). */
import { DEFAULT_DATABASE_URL } from './storage/database.js';

export interface ServerConfig {
  /** A SQLite file path, or a postgres:// URL. */
  databaseUrl: string;
  port: number;
  host: string;
  production: boolean;
  /** Base of invitation links, e.g. https://pro.example.org. */
  publicUrl?: string;
  invitationTtlDays: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Express "trust proxy" (e.g. 1 or "loopback") when behind a reverse proxy. */
  trustProxy?: string | number | boolean;
  /** Request logs on stdout. */
  log: boolean;
  /** Where questionnaire files are; default questionnaires/. */
  questionnaireDir?: string;
  /** The built client; default dist/client. */
  clientDir?: string;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const trustProxy = env.TRUST_PROXY;
  return {
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    port,
    host: env.HOST || '127.0.0.1',
    production: env.NODE_ENV === 'production',
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    invitationTtlDays: positive(env, 'INVITATION_TTL_DAYS', 14),
    sessionIdleMinutes: positive(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: positive(env, 'SESSION_ABSOLUTE_HOURS', 12),
    ...(trustProxy ? { trustProxy: /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy === 'true' ? true : trustProxy } : {}),
    log: env.LOG !== 'off' && env.NODE_ENV !== 'test',
    ...(env.QUESTIONNAIRE_DIR ? { questionnaireDir: env.QUESTIONNAIRE_DIR } : {}),
  };
}

/**
 * Sign-in bursts against the patient page (issue 21), for `npm run bench:server` (`BENCH_ONLY=signin`
 * runs it alone). The production-like server (NODE_ENV=production, PUBLIC_URL, one trusted proxy,
 * the real scrypt cost: N=2^17, 128 MiB a hash) on a database of its own; the patient page
 * (GET /answer/<token> and the scripts and styles it names, one request at a time as a tablet
 * loads them) alone, then while 40 connections send wrong passwords without pause, each try from
 * another address and for another unknown username, so no per-address or per-account limit
 * applies: only the bound on concurrent password hashes protects the thread pool the page's files
 * are read in. The page's p99 must stay under 100 ms.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServiceContext } from '../../server/services/create-context.js';
import { hashToken, randomId, randomToken } from '../../server/services/secrets.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { openDatabase } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { DEFAULT_CLIENT_DIR } from '../../server/start.js';

export const SIGNIN_PAGE_P99_LIMIT_MS = 100;
const BURST_CONNECTIONS = 40;
const PUBLIC_URL = 'https://pro.example.org';

export interface SigninBenchDeps {
  /** A fresh SQLite file for this bench. */
  database: string;
  password: string;
  seconds: number;
  startServers(database: string, env: Record<string, string>): Promise<{ api: string; stop: () => Promise<void> }>;
  log(text: string): void;
}

/** One patient with an open invitation, and bench-nurse with a password hashed at the real cost. Returns the link's token. */
async function setUp(database: string, password: string): Promise<string> {
  const db = openDatabase(database);
  await migrateToLatest(db);
  const nurse = await createStaffUser(createServiceContext({ db, questionnaires: new Map() }), null, { username: 'bench-nurse', password, role: 'nurse' });
  const now = new Date().toISOString();
  const patientId = randomId();
  const token = randomToken();
  await db.insertInto('patients').values({ id: patientId, external_id: 'bench-signin', name: 'Bench Patient', created_at: now, created_by: nurse.id } as never).execute();
  await db.insertInto('invitations').values({
    id: randomId(), token_hash: hashToken(token), patient_id: patientId, questionnaire_id: 'palliative-needs', trigger: 'other', created_by: nurse.id,
    created_at: now, expires_at: new Date(Date.now() + 14 * 86_400_000).toISOString(), answered_at: null, draft_answers: null, draft_locale: null, draft_saved_at: null,
  } as never).execute();
  await db.destroy();
  return token;
}

/** The scripts, styles and preloads the patient page's HTML names, as the browser fetches them. */
function pageAssets(): string[] {
  const html = readFileSync(path.join(DEFAULT_CLIENT_DIR, 'answer.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/**
 * The page loaded again and again for `durationMs`, one request at a time (the HTML, then each asset,
 * as a tablet without a cache): each request's time. The request under way when the time is up is
 * waited for and counted, so a page stalled behind the hashes shows as the wait it was.
 */
async function pageLoads(api: string, paths: string[], durationMs: number): Promise<{ count: number; failed: number; p50: number; p99: number }> {
  const times: number[] = [];
  let failed = 0;
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    for (const p of paths) {
      const started = performance.now();
      const res = await fetch(`${api}${p}`, { headers: { 'accept-encoding': 'br, gzip' } });
      await res.arrayBuffer();
      times.push(performance.now() - started);
      if (!res.ok) failed++;
      if (Date.now() >= end) break;
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return { count: times.length, failed, p50: at(0.5), p99: at(0.99) };
}

/**
 * BURST_CONNECTIONS clients, each keeping one wrong sign-in going until `stop.at` (each try from
 * another address, for another unknown username). A client refused with 429 waits its Retry-After
 * before the next try: a client that ignores it is an HTTP flood, which costs the server as much on
 * any route (the reverse proxy's business), not the password hashes measured here.
 */
async function wrongSignIns(api: string, stop: { at: number }): Promise<{ sent: number; statuses: Map<number, number>; p50: number; max: number }> {
  let n = 0;
  const statuses = new Map<number, number>();
  const rejected: number[] = [];
  await Promise.all(Array.from({ length: BURST_CONNECTIONS }, async () => {
    while (Date.now() < stop.at) {
      const i = ++n;
      const started = performance.now();
      const res = await fetch(`${api}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: PUBLIC_URL, 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
        body: JSON.stringify({ username: `nobody-${i}`, password: `wrong password ${i}` }),
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 401) rejected.push(performance.now() - started);
      if (res.status === 429) await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
    }
  }));
  rejected.sort((a, b) => a - b);
  return { sent: n, statuses, p50: rejected[Math.floor(rejected.length / 2)] ?? NaN, max: rejected.at(-1) ?? NaN };
}

export async function signinBurstBench(deps: SigninBenchDeps): Promise<void> {
  const { log } = deps;
  const token = await setUp(deps.database, deps.password);
  const servers = await deps.startServers(deps.database, { NODE_ENV: 'production', PUBLIC_URL, TRUST_PROXY: '1', SCHEDULER_TICK_SECONDS: '0' });
  try {
    const assets = pageAssets();
    const paths = [`/answer/${token}`, ...assets];
    log(`sign-in burst: the patient page (HTML + ${assets.length} assets) alone, then beside ${BURST_CONNECTIONS} connections of wrong sign-ins`);
    const alone = await pageLoads(servers.api, paths, Math.max(3, deps.seconds / 2) * 1000);
    // The burst starts first and ends after the page's run, so the page is measured under the whole load.
    const stop = { at: Infinity };
    const burst = wrongSignIns(servers.api, stop);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const during = await pageLoads(servers.api, paths, deps.seconds * 1000);
    stop.at = Date.now();
    const tries = await burst;
    const statuses = [...tries.statuses].sort().map(([code, count]) => `${code}: ${count}`).join(', ');
    console.log(`\n${'what'.padEnd(52)}${'requests'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'failed'.padStart(8)}`);
    for (const [name, r] of [['patient page (HTML + assets), alone', alone], [`patient page during ${BURST_CONNECTIONS} wrong sign-ins`, during]] as const) {
      console.log(`${name.padEnd(52)}${String(r.count).padStart(9)}${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}${String(r.failed).padStart(8)}`);
    }
    log(`wrong sign-ins meanwhile: ${tries.sent} sent, answered ${statuses || 'none'}; a 401 took ${ms(tries.p50)} at the median, ${ms(tries.max)} at most`);
    console.log(`\npatient page p99 during ${BURST_CONNECTIONS} wrong sign-ins: ${ms(during.p99)} (limit ${SIGNIN_PAGE_P99_LIMIT_MS} ms): ${during.p99 < SIGNIN_PAGE_P99_LIMIT_MS ? 'MET' : 'NOT MET'}`);
    // A page request that failed (not 2xx) fails the run.
    if (alone.failed + during.failed > 0) process.exitCode = 1;
  } finally {
    await servers.stop();
  }
}

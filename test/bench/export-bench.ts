/**
 * The CSV export at volume (issue 14), for `npm run bench:server`: on a database of its own with
 * BENCH_EXPORT_RESPONSES (100,000) responses over two years (each decided one with the nurse's
 * decision, each referred one with an accepted referral), GET /api/export/responses.csv of the
 * whole period and of its last tenth, read as a browser downloads it. Reports rows, bytes, time, and
 * the server process's resident memory (sampled every 20 ms from /proc; Linux): before, and the
 * peak during each export. The server runs with its V8 heap limited to 64 MB, so an export that held
 * its rows or its text would fail; a streamed export's peak does not grow with the rows.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { QuestionnaireCatalog } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { openDatabase } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';

const DAY_MS = 86_400_000;
const SAMPLE_MS = 20;
/** The export server's V8 heap limit (--max-old-space-size), MB. */
const HEAP_LIMIT_MB = 64;

export interface ExportBenchDeps {
  /** A fresh SQLite file for this bench. */
  database: string;
  responses: number;
  catalog: QuestionnaireCatalog;
  /** The user `signIn` signs in as is bench-nurse with this password. */
  password: string;
  /** Stores `count` responses with scores and flags spread over the last two years (2% still open). */
  storeResponses(count: number, nurseId: string, database: string): Promise<void>;
  startServers(database: string, env: Record<string, string>): Promise<{ api: string; pid: number; stop: () => Promise<void> }>;
  signIn(api: string): Promise<string>;
  log(text: string): void;
}

/** Resident memory of a process, now and at its peak (VmRSS, VmHWM) in MB; null where /proc is not there. */
function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

interface ExportRun {
  rows: number;
  bytes: number;
  ms: number;
  /** The highest resident memory sampled during the export, MB. */
  peakRssMb: number | null;
}

/** One export, read chunk by chunk (never held whole); the server's memory sampled meanwhile. */
async function timedExport(api: string, cookie: string, pid: number, from: string, to: string): Promise<ExportRun> {
  let peak = memoryOf(pid)?.rss ?? null;
  const sampler = setInterval(() => {
    const m = memoryOf(pid);
    if (m && (peak === null || m.rss > peak)) peak = m.rss;
  }, SAMPLE_MS);
  const started = performance.now();
  try {
    const res = await fetch(`${api}/api/export/responses.csv?from=${from}&to=${to}`, { headers: { cookie } });
    if (!res.ok || !res.body) throw new Error(`the export answered ${res.status}`);
    let bytes = 0;
    let lines = 0;
    let previous = 0;
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      // CRLF ends each record (also across chunks); a line break inside a quoted note is a lone LF.
      for (const byte of chunk) {
        if (byte === 0x0a && previous === 0x0d) lines++;
        previous = byte;
      }
    }
    return { rows: lines - 1, bytes, ms: performance.now() - started, peakRssMb: peak };
  } finally {
    clearInterval(sampler);
  }
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The CSV export bench; prints its figures. */
export async function csvExportBench(deps: ExportBenchDeps): Promise<void> {
  const { log } = deps;
  const db = openDatabase(deps.database);
  await migrateToLatest(db);
  const ctx = createServiceContext({ db, questionnaires: deps.catalog });
  const nurse = await createStaffUser(ctx, null, { username: 'bench-nurse', password: deps.password, role: 'nurse' });
  log(`CSV export: storing ${deps.responses} responses with scores, flags, decisions and referrals in ${deps.database}`);
  const stored = performance.now();
  await db.destroy();
  await deps.storeResponses(deps.responses, nurse.id, deps.database);
  const db2 = openDatabase(deps.database);
  // The nurse's decision on every decided flag (a note the CSV must quote), and an accepted referral for every referred one.
  await sql`insert into flag_decisions (id, flag_id, action, note, responsible, next_evaluation, decided_by, decided_at)
    select 'd-' || id, id, case status when 'planned_basic' then 'basic' when 'referred' then 'refer' else 'no_action' end,
      'Called her, she said "I manage", no visit now', null, null, ${nurse.id}, updated_at
    from flags where status <> 'open'`.execute(db2);
  await sql`insert into referrals (id, flag_id, patient_id, status, text, created_by, created_at, decided_by, decided_at, decision_reason)
    select 'r-' || id, id, patient_id, 'accepted', 'Please assess', ${nurse.id}, updated_at, ${nurse.id}, updated_at, 'Visit this week'
    from flags where status = 'referred'`.execute(db2);
  await db2.destroy();
  log(`stored in ${((performance.now() - stored) / 1000).toFixed(1)} s`);

  // A small heap: an export that held its rows or its text (38 MB of CSV for 100,000 responses) could not finish.
  const servers = await deps.startServers(deps.database, { NODE_OPTIONS: `--max-old-space-size=${HEAP_LIMIT_MB}` });
  try {
    const cookie = await deps.signIn(servers.api);
    const now = Date.now();
    const before = memoryOf(servers.pid);
    // The whole period, then its last tenth (about a tenth of the rows): a streamed export's peak is the same.
    const all = await timedExport(servers.api, cookie, servers.pid, isoDay(now - 731 * DAY_MS), isoDay(now));
    const tenth = await timedExport(servers.api, cookie, servers.pid, isoDay(now - 73 * DAY_MS), isoDay(now));
    const mb = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : `${x.toFixed(0)} MB`);
    console.log('');
    console.log(`CSV export (GET /api/export/responses.csv), server heap limited to ${HEAP_LIMIT_MB} MB; its resident memory before: ${mb(before?.rss)}`);
    for (const [name, run] of [['all two years', all], ['last tenth', tenth]] as const) {
      console.log(`  ${name}: ${run.rows} rows, ${(run.bytes / 1e6).toFixed(1)} MB of CSV in ${(run.ms / 1000).toFixed(2)} s (${Math.round(run.rows / (run.ms / 1000))} rows/s); peak resident memory during it ${mb(run.peakRssMb)}`);
    }
    if (all.rows !== deps.responses) {
      console.log(`  the export of the whole period gave ${all.rows} rows, not ${deps.responses}`);
      process.exitCode = 1;
    }
  } finally {
    await servers.stop();
  }
}

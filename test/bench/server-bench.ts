/**
 * `npm run bench:server`: GET /api/flags latency with 100,000 stored responses; the capacity of the
 * real submission route (validate + score + flag + store, synchronous=FULL) beside a bare Express
 * JSON echo in the same run (a figure, no verdict: a clinic's load is thousands of times below it);
 * then the patient page (GET /answer/<token>, the built client page) during a burst of submissions,
 * whose p99 must stay under 50 ms; then what a patient feels when submitting (steady-submission-bench.ts):
 * the time to the 201 at a steady 20 submissions a second, whose p99 must stay under 50 ms.
 * Not a test: it prints figures and verdicts (record them in docs/benchmarks.md).
 * The servers run in a child process so autocannon does not share their event loop.
 * Last, the closed loop (issue 11) on a database of its own: 100,000 open invitations (a reminder
 * backlog: none reminded yet, a third of the patients with an e-mail, a third with a mobile number)
 * and 10,000 open flags (urgent and specialized ones due PT1M after creation, through the site
 * settings, so many are overdue); one scheduler tick (runSchedulerTick, delivering to a local SMTP
 * server and webhook receiver on 127.0.0.1) must finish in under 2 s, and the worklist
 * (GET /api/flags, 200 requests on one connection) must stay under 50 ms p95.
 *
 * Then the FHIR export of 100,000 responses (fhir-export-bench.ts): its time and peak memory.
 * Then the CSV export (issue 14, export-bench.ts): BENCH_EXPORT_RESPONSES (100,000) responses exported, time and peak memory.
 *
 * BENCH_ONLY=units only the region's worklist (issue 24, units-worklist-bench.ts: BENCH_UNITS, BENCH_UNIT_RESPONSES,
 *   BENCH_DB=<file> keeps the seeded database and reuses it on the next run);
 * BENCH_ONLY=loop runs only the closed-loop part (about a minute; no client build needed);
 * BENCH_ONLY=fhir only the FHIR export (BENCH_FHIR_RESPONSES, 100000); BENCH_ONLY=export only the CSV export;
 * BENCH_ONLY=steady only the steady submissions (about a minute with the stored responses; no client build needed);
 * BENCH_ONLY=programmes only the programmes' scheduler tick (issue 25, programmes-bench.ts): 100,000 active
 * enrolments (BENCH_PROGRAMME_ENROLMENTS), a tenth due, one tick under 2 s;
 * BENCH_ONLY=signin only the sign-in burst (issue 21, signin-burst-bench.ts): the patient page while
 * 40 connections send wrong passwords to the production-like server, p99 under 100 ms.
 * Knobs (environment): BENCH_SECONDS per run (10), BENCH_ROUNDS of echo/submission turns (5),
 * BENCH_CONNECTIONS (50), BENCH_RESPONSES stored for the flags list (100000), BENCH_INVITATIONS,
 * BENCH_FREE_TEXT=<characters> of a free-text comment in every submission (0),
 * BENCH_SKIP_FLAGS=1 (no flags list part), BENCH_STEADY_RATE (20) submissions a second for BENCH_STEADY_SECONDS (30)
 * with BENCH_STEADY_RESPONSES (100000) stored beforehand, BENCH_LOOP_INVITATIONS (100000) and BENCH_LOOP_FLAGS (10000)
 * for the closed loop, BENCH_PROFILE=<dir> (CPU profile of the server),
 * BENCH_NODE_FLAGS (extra node flags for the server process, e.g. "--max-semi-space-size=64").
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { OUTCOME_OF_DECISION, type DecisionAction } from '../../server/contract/codes.js';
import type { SiteSettings } from '../../server/contract/settings.js';
import { assessResponse, type Assessment } from '../../server/domain/assessment.js';
import { dueAtFor } from '../../server/domain/flag-loop.js';
import { STATUS_OF_DECISION } from '../../server/domain/flag-state.js';
import { LEVEL_RANK } from '../../server/domain/flagging.js';
import { toStoredReasons } from '../../server/domain/stored-reasons.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { createTransports, type OutgoingMessage, type Transports } from '../../server/services/notification-channels.js';
import { runSchedulerTick } from '../../server/services/scheduler.js';
import { hashToken, randomId, randomToken } from '../../server/services/secrets.js';
import { readSiteSettings, updateSiteSettings } from '../../server/services/settings.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { openDatabase, type Db, type NewRow } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { DEFAULT_CLIENT_DIR } from '../../server/start.js';
import { startSmtpReceiver, startWebhookReceiver } from '../server/notification-receivers.js';
import { fhirExportBench } from './fhir-export-bench.js';
import { csvExportBench } from './export-bench.js';
import { signinBurstBench } from './signin-burst-bench.js';
import { programmesBench } from './programmes-bench.js';
import { unitsWorklistBench } from './units-worklist-bench.js';
import { STEADY_P99_LIMIT_MS, steadySubmissionBench } from './steady-submission-bench.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';
import { insertInBatches } from './bulk-insert.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Characters of free text in each submission (a patient's comment); none by default. */
const FREE_TEXT = Number(process.env.BENCH_FREE_TEXT ?? 0);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const STORED_RESPONSES = Number(process.env.BENCH_RESPONSES ?? 100_000);
const QUESTIONNAIRE = 'palliative-needs';
const PASSWORD = 'bench password 123';
/** Enough fresh invitations that no submission meets a spent token (the rounds and the patient-page run). */
const INVITATIONS = Number(process.env.BENCH_INVITATIONS ?? 6000 * DURATION * (ROUNDS + 1));
/** The patient page's p99 during a burst of submissions, in ms. */
const PAGE_P99_LIMIT_MS = 50;
/** `BENCH_ONLY=loop`: only the closed-loop part. */
const ONLY = process.env.BENCH_ONLY;
if (ONLY !== undefined && !['loop', 'steady', 'fhir', 'export', 'signin', 'programmes', 'units'].includes(ONLY)) {
  throw new Error(`BENCH_ONLY must be "loop", "steady", "fhir", "export", "signin", "programmes" or "units", got "${ONLY}"`);
}
const LOOP_INVITATIONS = Number(process.env.BENCH_LOOP_INVITATIONS ?? 100_000);
const LOOP_FLAGS = Number(process.env.BENCH_LOOP_FLAGS ?? 10_000);
/** Responses the CSV export bench stores and exports (issue 14). */
const EXPORT_RESPONSES = Number(process.env.BENCH_EXPORT_RESPONSES ?? 100_000);
/** Steady submissions (issue 22 §5): a second's worth, for so many seconds, with so many responses stored beforehand. */
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 20);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 30);
const STEADY_RESPONSES = Number(process.env.BENCH_STEADY_RESPONSES ?? 100_000);
/** One scheduler tick, in ms. */
const TICK_LIMIT_MS = 2000;
/** The worklist's p95 with the loop's open flags, in ms, over this many requests. */
const WORKLIST_P95_LIMIT_MS = 50;
const WORKLIST_REQUESTS = 200;
const DAY_MS = 86_400_000;
const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');

const dir = mkdtempSync(path.join(tmpdir(), 'lindring-bench-'));
const databaseUrl = path.join(dir, 'bench.sqlite');
const catalog = await loadQuestionnaires();
const questionnaire = catalog.get(QUESTIONNAIRE)!;

/** Random but valid answers to the palliative questionnaire. */
function randomAnswers(): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of questionnaire.questions.values()) {
    if (!q.values || q.visibleIf) continue;
    if (q.multiple) answers[q.name] = [q.values[Math.floor(Math.random() * (q.values.length - 1))]];
    else answers[q.name] = q.values[Math.floor(Math.random() ** 2 * q.values.length)];
  }
  if (FREE_TEXT > 0) answers.talk_about_other = 'I would like to talk about how to manage at home. '.repeat(Math.ceil(FREE_TEXT / 51)).slice(0, FREE_TEXT);
  return answers;
}

async function setUp(): Promise<{ tokens: string[]; nurseId: string }> {
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db);
  const ctx = createServiceContext({ db, questionnaires: catalog });
  const nurse = await createStaffUser(ctx, null, { username: 'bench-nurse', password: PASSWORD, role: 'nurse' });
  const now = new Date().toISOString();
  // Invitations spread over many patients, as in real use.
  const patients = Array.from({ length: 1000 }, (_, i) => ({ id: randomId(), external_id: `bench-${i}`, name: `Bench Patient ${i}`, created_at: now, created_by: nurse.id }));
  const tokens = Array.from({ length: INVITATIONS }, () => randomToken());
  const expires = new Date(Date.now() + 14 * 86_400_000).toISOString();
  await db.transaction().execute(async (tx) => {
    await insertInBatches(tx, 'patients', patients);
    await insertInBatches(tx, 'invitations', tokens.map((token, i) => ({
      id: randomId(), token_hash: hashToken(token), patient_id: patients[i % patients.length]!.id, questionnaire_id: QUESTIONNAIRE, trigger: 'other',
      created_by: nurse.id, created_at: now, expires_at: expires, answered_at: null, draft_answers: null, draft_locale: null, draft_saved_at: null, unit_id: DEFAULT_UNIT_ID,
    })));
  });
  await db.destroy();
  return { tokens, nurseId: nurse.id };
}

interface StoredResponse {
  invitation: NewRow<'invitations'>;
  response: NewRow<'responses'>;
  scores: NewRow<'scale_scores'>[];
  flag: NewRow<'flags'>;
}

/** The rows a submission stores for random answers at `at`: the answered invitation, the response, its scores and its flag (due at `dueAt(flag)`), open or closed by `decision`. */
function storedResponse(at: string, patientId: string, nurseId: string, decision: DecisionAction | null, dueAt: (flag: Assessment['flag']) => string): StoredResponse {
  const answers = randomAnswers();
  const { scores, flag } = assessResponse(questionnaire, answers);
  const invitationId = randomId();
  const responseId = randomId();
  return {
    invitation: {
      id: invitationId, token_hash: hashToken(randomToken()), patient_id: patientId, questionnaire_id: QUESTIONNAIRE, trigger: 'status_conversation',
      created_by: nurseId, created_at: at, expires_at: at, answered_at: at, draft_answers: null, draft_locale: null, draft_saved_at: null, unit_id: DEFAULT_UNIT_ID,
    },
    response: { id: responseId, client_id: randomUUID(), invitation_id: invitationId, patient_id: patientId, questionnaire_id: QUESTIONNAIRE, questionnaire_version: questionnaire.definition.version, answers: JSON.stringify(answers), locale: 'da', submitted_at: at },
    scores: scores.map((score) => ({ response_id: responseId, scale: score.scale, score: score.score, items_used: JSON.stringify(score.itemsUsed) })),
    flag: {
      id: randomId(), response_id: responseId, patient_id: patientId, level: flag.level, level_rank: LEVEL_RANK[flag.level], urgent: flag.urgent ? 1 : 0, own_words: flag.ownWords ? 1 : 0, status: decision === null ? 'open' : STATUS_OF_DECISION[decision],
      reasons: JSON.stringify(toStoredReasons(flag.reasons, flag.urgentReasons)), created_at: at, updated_at: at, return_reason: null, due_at: dueAt(flag), unit_id: DEFAULT_UNIT_ID,
      ...(decision === null ? {} : { closed_at: at, outcome: OUTCOME_OF_DECISION[decision] }),
    },
  };
}

/** Stores the rows in one transaction, table by table in batched multi-row inserts. */
async function insertStoredResponses(db: Db, rows: StoredResponse[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await insertInBatches(tx, 'invitations', rows.map((r) => r.invitation));
    await insertInBatches(tx, 'responses', rows.map((r) => r.response));
    await insertInBatches(tx, 'scale_scores', rows.flatMap((r) => r.scores));
    await insertInBatches(tx, 'flags', rows.map((r) => r.flag));
  });
}

/** Stores `count` responses with scores and flags straight through Kysely (not HTTP), spread over patients and two years. */
async function storeResponses(count: number, nurseId: string, database = databaseUrl): Promise<void> {
  const db = openDatabase(database);
  const patients = Array.from({ length: Math.ceil(count / 10) }, (_, i) => ({ id: randomId(), external_id: `bulk-${i}`, name: `Patient ${i}`, created_at: new Date(0).toISOString(), created_by: nurseId }));
  await db.transaction().execute((tx) => insertInBatches(tx, 'patients', patients));
  const start = Date.now() - 730 * DAY_MS;
  const batch = 5000;
  for (let offset = 0; offset < count; offset += batch) {
    const rows: StoredResponse[] = [];
    for (let i = offset; i < Math.min(count, offset + batch); i++) {
      const at = new Date(start + (i / count) * 730 * DAY_MS).toISOString();
      // The last 2% are still waiting for a nurse; the others were decided.
      const decision = i >= count * 0.98 ? null : (['basic', 'no_action', 'refer'] as const)[i % 3]!;
      rows.push(storedResponse(at, patients[i % patients.length]!.id, nurseId, decision, () => at));
    }
    await insertStoredResponses(db, rows);
  }
  await db.destroy();
}

/** The bench server process on `database`, with extra environment variables (e.g. the scheduler off). */
function startServers(database = databaseUrl, env: Record<string, string> = {}): Promise<{ api: string; echo: string; pid: number; stop: () => Promise<void> }> {
  // BENCH_PROFILE=<dir> writes a CPU profile of the server process there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), '--import', 'tsx', path.join(import.meta.dirname, 'bench-server.ts')], {
    env: { ...process.env, DATABASE_URL: database, ...env },
    // Its stdin is a pipe from this process: when this process ends, however it ends, the server ends too.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"api"'));
      if (line) resolve({ ...(JSON.parse(line) as { api: string; echo: string }), pid: child.pid!, stop });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
}

function figures(name: string, r: autocannon.Result): Figures {
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], failed: r.non2xx + r.errors };
}

function print(rows: Figures[]): void {
  console.log(`\n${'route'.padEnd(44)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'2xx'.padStart(9)}${'failed'.padStart(8)}`);
  for (const r of rows) console.log(`${r.name.padEnd(44)}${r.rps.toFixed(0).padStart(9)}${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}${String(r.ok).padStart(9)}${String(r.failed).padStart(8)}`);
}

const log = (text: string) => console.log(`[bench] ${text}`);

/** GET /api/flags latency: one request at a time, as a nurse's browser asks. */
/** Signs bench-nurse in; returns the session cookie. */
async function signIn(api: string): Promise<string> {
  const login = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-nurse', password: PASSWORD }) });
  if (!login.ok) throw new Error(`sign-in answered ${login.status}`);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

async function flagsLatency(api: string): Promise<void> {
  const cookie = await signIn(api);
  const runs: Figures[] = [];
  for (const [name, query] of [
    ['GET /api/flags (worklist: open+returned)', ''],
    ['GET /api/flags?level=specialized', '?level=specialized'],
    ['GET /api/flags?status=<all five>', '?status=open,returned,planned_basic,referred,no_action'],
  ] as const) {
    const probe = await fetch(`${api}/api/flags${query}`, { headers: { cookie } });
    log(`${name}: ${probe.headers.get('x-total-count')} matching flags, ${((await probe.json()) as { items: unknown[] }).items.length} returned`);
    runs.push(figures(name, await autocannon({ url: `${api}/api/flags${query}`, connections: 1, duration: Math.max(3, DURATION / 2), headers: { cookie } })));
  }
  print(runs);
}

/** Local addresses only: links in reminders are built from it, nothing is fetched. */
const PUBLIC_URL = 'https://pro.example.org';

/**
 * The closed loop's open work: patients (a third with an e-mail, a third with a mobile number),
 * LOOP_INVITATIONS open invitations from the last 13 days (valid 14 days, none reminded yet, so
 * those older than 3 days are due a reminder) and LOOP_FLAGS open flags raised over the last 10 days,
 * each due by the site's deadlines. Returns a line on the flags: how many urgent, of each level, overdue.
 */
async function storeOpenWork(db: Db, nurseId: string, deadlines: SiteSettings['deadlines']): Promise<string> {
  const now = Date.now();
  const patients = Array.from({ length: Math.ceil(LOOP_INVITATIONS / 4) }, (_, i) => ({
    id: randomId(), external_id: `loop-${i}`, name: `Loop Patient ${i}`, created_at: new Date(now - 30 * DAY_MS).toISOString(), created_by: nurseId,
    email: i % 3 === 0 ? `patient-${i}@example.org` : null, mobile: i % 3 === 1 ? `+45${20_000_000 + i}` : null,
  }));
  const invitations = Array.from({ length: LOOP_INVITATIONS }, (_, i): NewRow<'invitations'> => {
    const created = now - (i / LOOP_INVITATIONS) * 13 * DAY_MS;
    return {
      id: randomId(), token_hash: hashToken(randomToken()), patient_id: patients[i % patients.length]!.id, questionnaire_id: QUESTIONNAIRE, trigger: 'other',
      created_by: nurseId, created_at: new Date(created).toISOString(), expires_at: new Date(created + 14 * DAY_MS).toISOString(),
      answered_at: null, draft_answers: null, draft_locale: null, draft_saved_at: null, unit_id: DEFAULT_UNIT_ID,
    };
  });
  await db.transaction().execute(async (tx) => {
    await insertInBatches(tx, 'patients', patients);
    await insertInBatches(tx, 'invitations', invitations);
  });
  const flags = Array.from({ length: LOOP_FLAGS }, (_, i) => {
    const at = new Date(now - (i / LOOP_FLAGS) * 10 * DAY_MS);
    return storedResponse(at.toISOString(), patients[i % patients.length]!.id, nurseId, null, (flag) => dueAtFor(at, deadlines, flag).toISOString());
  });
  await insertStoredResponses(db, flags);
  const nowText = new Date().toISOString();
  const count = (keep: (flag: NewRow<'flags'>) => boolean) => flags.filter((r) => keep(r.flag)).length;
  return `${count((f) => f.urgent === 1)} urgent; ${(['specialized', 'basic', 'none'] as const).map((level) => `${count((f) => f.level === level)} ${level}`).join(', ')}; ${count((f) => f.due_at < nowText)} overdue`;
}

/** The same transports, adding the time each delivery takes to `spent[channel]` (ms). */
function timedTransports(transports: Transports, spent: Record<string, number>): Transports {
  return Object.fromEntries(Object.entries(transports).map(([channel, send]) => [channel, async (message: OutgoingMessage) => {
    const started = performance.now();
    try {
      await send!(message);
    } finally {
      spent[channel] = (spent[channel] ?? 0) + performance.now() - started;
    }
  }]));
}

/** The worklist as a nurse's browser asks for it: WORKLIST_REQUESTS requests one after another on one connection. */
async function worklistLatency(api: string): Promise<{ p50: number; p95: number; p99: number }> {
  const cookie = await signIn(api);
  const url = `${api}/api/flags`;
  const probe = await fetch(url, { headers: { cookie } });
  const page = await probe.text();
  log(`GET /api/flags (worklist): ${probe.headers.get('x-total-count')} matching flags, ${(JSON.parse(page) as { items: unknown[] }).items.length} returned: ${(Buffer.byteLength(page) / 1024).toFixed(1)} KB of JSON (at most 150 KB for 200 rows, issue 23)`);
  const get = async () => {
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET /api/flags answered ${res.status}`);
  };
  for (let i = 0; i < 10; i++) await get(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < WORKLIST_REQUESTS; i++) {
    const started = performance.now();
    await get();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/**
 * Issue 11's closed loop at volume, on a database of its own: one scheduler tick (reminders,
 * escalations, delivery, housekeeping) over the open work, then the worklist's latency.
 */
async function closedLoopPhase(): Promise<void> {
  const database = path.join(dir, 'loop.sqlite');
  const [smtp, webhook] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
  try {
    const db = openDatabase(database);
    await migrateToLatest(db);
    // The server's channels, pointed at receivers on 127.0.0.1: nothing leaves the machine.
    const ctx = createServiceContext({ db, questionnaires: catalog, settings: { publicUrl: PUBLIC_URL, smtpUrl: smtp.url, notifyWebhookUrl: webhook.url } });
    const admin = await createStaffUser(ctx, null, { username: 'bench-admin', password: PASSWORD, role: 'admin' });
    const nurse = await createStaffUser(ctx, null, { username: 'bench-nurse', password: PASSWORD, role: 'nurse' });
    // Urgent and specialized flags are due a minute after they are raised (as an admin sets it), so
    // most of them are overdue; escalations go to an e-mail address.
    await updateSiteSettings(ctx, { type: 'staff', id: admin.id, username: admin.username, role: admin.role }, {
      deadlines: { urgent: 'PT1M', specialized: 'PT1M' }, escalationContact: 'palliative-lead@example.org',
    });
    log(`closed loop: storing ${LOOP_INVITATIONS} open invitations and ${LOOP_FLAGS} open flags in ${database}`);
    const stored = performance.now();
    const mix = await storeOpenWork(db, nurse.id, (await readSiteSettings(db)).deadlines);
    log(`stored in ${((performance.now() - stored) / 1000).toFixed(1)} s; the open flags: ${mix}`);

    // One tick in this process on the same database, as the server's scheduler runs it (its batch limits included).
    const delivery: Record<string, number> = {};
    const transports = timedTransports(createTransports({ smtpUrl: smtp.url, webhookUrl: webhook.url, publicUrl: PUBLIC_URL, timeoutMs: 10_000 }), delivery);
    const started = performance.now();
    const tick = await runSchedulerTick({ ctx, transports, leaseMs: 120_000 });
    const tickMs = performance.now() - started;
    log(`one scheduler tick: ${tick.reminders} invitations reminded and ${tick.escalations} flags escalated, ${tick.sent} messages sent (${smtp.mails.length} e-mails, ${webhook.calls.length} webhook calls), ${tick.retrying + tick.failed} not sent; ${tickMs.toFixed(0)} ms, of which in delivery: ${Object.entries(delivery).map(([channel, ms]) => `${channel} ${ms.toFixed(0)} ms`).join(', ')}`);
    await db.destroy();

    // The server's own scheduler is off, so nothing changes the flags while they are listed.
    const servers = await startServers(database, { SCHEDULER_TICK_SECONDS: '0' });
    let worklist: Awaited<ReturnType<typeof worklistLatency>>;
    try {
      worklist = await worklistLatency(servers.api);
    } finally {
      await servers.stop();
    }
    console.log(`\nworklist GET /api/flags over ${WORKLIST_REQUESTS} requests on one connection: p50 ${worklist.p50.toFixed(1)} ms, p95 ${worklist.p95.toFixed(1)} ms, p99 ${worklist.p99.toFixed(1)} ms`);
    console.log(`one scheduler tick with ${LOOP_INVITATIONS} open invitations and ${LOOP_FLAGS} open flags: ${tickMs.toFixed(0)} ms (limit ${TICK_LIMIT_MS} ms): ${verdict(tickMs < TICK_LIMIT_MS)}`);
    console.log(`worklist p95 with ${LOOP_FLAGS} open flags: ${worklist.p95.toFixed(1)} ms (limit ${WORKLIST_P95_LIMIT_MS} ms): ${verdict(worklist.p95 < WORKLIST_P95_LIMIT_MS)}`);
    // As for requests: a delivery that failed on this machine fails the run, a slow figure does not.
    if (tick.retrying + tick.failed > 0) process.exitCode = 1;
  } finally {
    await Promise.all([smtp.close(), webhook.close()]);
  }
}

/**
 * The routes: the flags list on 100,000 responses, the submission route's capacity beside the echo,
 * the patient page during a burst of submissions. Returns the page's p99 during the burst, ms.
 */
async function routePhases(): Promise<number> {
  // The patient page is the built client's (as `npm start` serves it).
  if (!existsSync(path.join(DEFAULT_CLIENT_DIR, 'answer.html'))) {
    log('building the client (vite build) for the patient page');
    execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  }
  log(`preparing ${INVITATIONS} fresh invitations in ${databaseUrl}`);
  const { tokens, nurseId } = await setUp();
  if (!process.env.BENCH_SKIP_FLAGS) {
    log(`storing ${STORED_RESPONSES} responses with scores and flags directly through Kysely (2% of the flags still open)`);
    const t0 = Date.now();
    await storeResponses(STORED_RESPONSES, nurseId);
    log(`stored in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const servers = await startServers();
  try {
    if (!process.env.BENCH_SKIP_FLAGS) await flagsLatency(servers.api);

    const submission = JSON.stringify({ id: randomUUID(), answers: randomAnswers(), locale: 'da' });
    log(`submission body: ${submission.length} bytes`);
    await autocannon({ url: `${servers.echo}/echo`, connections: 10, duration: 2, method: 'POST', headers: { 'content-type': 'application/json' }, body: submission });

    // Echo and submission take turns, ROUNDS times, so that a change in the machine's load during
    // the run (other processes) affects both alike. The submissions a second at CONNECTIONS are the
    // route's capacity: a figure, not a goal (synchronous=FULL commits each one to disk before its 201).
    // The load generator shares the machine's cores with the server, so it does as little per request
    // as for the echo: the answers are made beforehand, only the response id is new each time.
    const answerParts = Array.from({ length: 1000 }, () => `"answers": ${JSON.stringify(randomAnswers())}, "locale": "da"`);
    let next = 0;
    const submitOptions = {
      url: servers.api,
      connections: CONNECTIONS,
      duration: DURATION,
      requests: [{
        method: 'POST' as const,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req: autocannon.Request) => {
          const token = tokens[next++];
          if (!token) throw new Error('out of invitations: raise BENCH_INVITATIONS');
          return { ...req, path: `/api/invitations/${token}/responses`, body: `{"id": "${randomUUID()}", ${answerParts[next % answerParts.length]}}` };
        },
      }],
    };
    const rounds: { echo: Figures; submit: Figures; ratio: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      log(`round ${round}/${ROUNDS}: bare Express JSON echo, then POST /api/invitations/:token/responses (fresh invitation and response id per request)`);
      const echo = figures('bare Express JSON echo', await autocannon({ url: `${servers.echo}/echo`, connections: CONNECTIONS, duration: DURATION, method: 'POST', headers: { 'content-type': 'application/json' }, body: submission }));
      const submit = figures('submission (validate+score+flag+store)', await autocannon(submitOptions));
      rounds.push({ echo, submit, ratio: submit.rps / echo.rps });
      print([echo, submit]);
    }
    const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)] ?? NaN;

    // A patient opening the link while many others submit: one request at a time, as a tablet asks.
    const pageUrl = `${servers.api}/answer/${tokens[tokens.length - 1]}`;
    const pageOptions = { url: pageUrl, connections: 1, headers: { 'accept-encoding': 'br, gzip' } };
    log(`the patient page (GET /answer/<token>) alone, then while submissions run at ${CONNECTIONS} connections`);
    const pageAlone = figures('GET /answer/<token> (patient page), alone', await autocannon({ ...pageOptions, duration: Math.max(3, DURATION / 2) }));
    const [pageUnderLoad, submitBeside] = await Promise.all([
      autocannon({ ...pageOptions, duration: DURATION }),
      autocannon(submitOptions),
    ]);
    const page = figures('GET /answer/<token>, during submissions', pageUnderLoad);
    const submitWithPage = figures(`submission (${CONNECTIONS} connections) meanwhile`, submitBeside);
    print([pageAlone, page, submitWithPage]);

    console.log('');
    if (rounds.length > 0) {
      const capacity = rounds.map((r) => r.submit.rps).sort((a, b) => a - b);
      console.log(`submission capacity at ${CONNECTIONS} connections: median ${capacity[Math.floor(capacity.length / 2)]!.toFixed(0)} a second (rounds ${rounds.map((r) => r.submit.rps.toFixed(0)).join(', ')}); submission / echo per round: ${rounds.map((r) => r.ratio.toFixed(2)).join(', ')}, median ${ratio.toFixed(2)} (a figure, no goal)`);
    }
    // Only failed requests fail the run (a loaded machine is not an error).
    if ([...rounds.flatMap((r) => [r.submit, r.echo]), pageAlone, page, submitWithPage].some((f) => f.failed > 0)) process.exitCode = 1;
    return page.p99;
  } finally {
    await servers.stop();
  }
}

try {
  log(`node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${CONNECTIONS} connections, ${DURATION} s per run`);
  const pageP99 = ONLY === undefined ? await routePhases() : null;
  if (ONLY === undefined || ONLY === 'steady') {
    const steady = await steadySubmissionBench({
      database: path.join(dir, 'steady.sqlite'), catalog, questionnaireId: QUESTIONNAIRE, password: PASSWORD, rate: STEADY_RATE, seconds: STEADY_SECONDS,
      responses: STEADY_RESPONSES, answers: randomAnswers, storeResponses, startServers, log,
    });
    // What a patient feels, side by side: submitting at a steady rate, and opening the page during a burst.
    console.log(`
submission p99 at a steady ${STEADY_RATE}/s: ${steady.p99.toFixed(1)} ms (limit ${STEADY_P99_LIMIT_MS} ms): ${verdict(steady.p99 < STEADY_P99_LIMIT_MS)}`);
    if (pageP99 !== null) console.log(`patient page p99 during a burst of submissions (${CONNECTIONS} connections): ${pageP99.toFixed(1)} ms (limit ${PAGE_P99_LIMIT_MS} ms): ${verdict(pageP99 < PAGE_P99_LIMIT_MS)}`);
  }
  if (ONLY === undefined || ONLY === 'loop') await closedLoopPhase();
  // issue 25: one tick with 100,000 active enrolments, a tenth due
  if (ONLY === undefined || ONLY === 'programmes') await programmesBench({ dir, catalog, password: PASSWORD, log });
  // issue 24: 50 units, 1,000,000 responses, the worklist of a nurse of one unit and every filter
  if (ONLY === undefined || ONLY === 'units') await unitsWorklistBench({ dir, catalog, questionnaire, randomAnswers, password: PASSWORD, startServers, log });
  if (ONLY === undefined || ONLY === 'fhir') await fhirExportBench(dir, questionnaire);
  if (ONLY === undefined || ONLY === 'signin') await signinBurstBench({ database: path.join(dir, 'signin.sqlite'), password: PASSWORD, seconds: DURATION, startServers, log });
  if (ONLY === undefined || ONLY === 'export') await csvExportBench({ database: path.join(dir, 'export.sqlite'), responses: EXPORT_RESPONSES, catalog, password: PASSWORD, storeResponses, startServers, signIn, log });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * `npm run bench:server`: GET /api/flags latency with 100,000 stored responses; throughput of the
 * real submission route (validate + score + flag + store, synchronous=FULL) against a bare Express
 * JSON echo in the same run (floor: 0.20 of the echo); then the patient page (GET /answer/<token>,
 * the built client page) while submissions run, whose p99 must stay under 50 ms.
 * Not a test: it prints figures and verdicts (record them in the README).
 * The servers run in a child process so autocannon does not share their event loop.
 *
 * Knobs (environment): BENCH_SECONDS per run (10), BENCH_ROUNDS of echo/submission turns (5),
 * BENCH_CONNECTIONS (50), BENCH_RESPONSES stored for the flags list (100000), BENCH_INVITATIONS,
 * BENCH_FREE_TEXT=<characters> of a free-text comment in every submission (0),
 * BENCH_SKIP_FLAGS=1 (no flags list part), BENCH_PROFILE=<dir> (CPU profile of the server),
 * BENCH_NODE_FLAGS (extra node flags for the server process, e.g. "--max-semi-space-size=64").
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { assessResponse } from '../../server/domain/assessment.js';
import { LEVEL_RANK } from '../../server/domain/flagging.js';
import { toStoredReasons } from '../../server/domain/stored-reasons.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { hashToken, randomId, randomToken } from '../../server/services/secrets.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { openDatabase, type Db, type NewRow } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { DEFAULT_CLIENT_DIR } from '../../server/start.js';

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
/** The floor of submissions per second, as a share of the bare echo's. */
const RATIO_FLOOR = 0.2;
/** The patient page's p99 while submissions run, in ms. */
const PAGE_P99_LIMIT_MS = 50;
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

async function insertInBatches<T extends 'invitations' | 'responses' | 'scale_scores' | 'flags' | 'patients'>(db: Db, table: T, rows: NewRow<T>[]): Promise<void> {
  const size = Math.floor(30_000 / Object.keys(rows[0] ?? { x: 1 }).length); // under SQLite's bound-parameter limit
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table).values(rows.slice(i, i + size) as never).execute();
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
      created_by: nurse.id, created_at: now, expires_at: expires, answered_at: null, draft_answers: null, draft_locale: null, draft_saved_at: null,
    })));
  });
  await db.destroy();
  return { tokens, nurseId: nurse.id };
}

/** Stores `count` responses with scores and flags straight through Kysely (not HTTP), spread over patients and two years. */
async function storeResponses(count: number, nurseId: string): Promise<void> {
  const db = openDatabase(databaseUrl);
  const patients = Array.from({ length: Math.ceil(count / 10) }, (_, i) => ({ id: randomId(), external_id: `bulk-${i}`, name: `Patient ${i}`, created_at: new Date(0).toISOString(), created_by: nurseId }));
  await db.transaction().execute((tx) => insertInBatches(tx, 'patients', patients));
  const start = Date.now() - 730 * 86_400_000;
  const batch = 5000;
  for (let offset = 0; offset < count; offset += batch) {
    const invitations: NewRow<'invitations'>[] = [];
    const responses: NewRow<'responses'>[] = [];
    const scores: NewRow<'scale_scores'>[] = [];
    const flags: NewRow<'flags'>[] = [];
    for (let i = offset; i < Math.min(count, offset + batch); i++) {
      const at = new Date(start + (i / count) * 730 * 86_400_000).toISOString();
      const answers = randomAnswers();
      const { scores: s, flag } = assessResponse(questionnaire, answers);
      const invitationId = randomId();
      const responseId = randomId();
      const patientId = patients[i % patients.length]!.id;
      invitations.push({
        id: invitationId, token_hash: hashToken(randomToken()), patient_id: patientId, questionnaire_id: QUESTIONNAIRE, trigger: 'status_conversation',
        created_by: nurseId, created_at: at, expires_at: at, answered_at: at, draft_answers: null, draft_locale: null, draft_saved_at: null,
      });
      responses.push({ id: responseId, client_id: randomUUID(), invitation_id: invitationId, patient_id: patientId, questionnaire_id: QUESTIONNAIRE, questionnaire_version: questionnaire.definition.version, answers: JSON.stringify(answers), locale: 'da', submitted_at: at });
      for (const score of s) scores.push({ response_id: responseId, scale: score.scale, score: score.score, items_used: JSON.stringify(score.itemsUsed) });
      // The last 2% are still waiting for a nurse; the others were decided.
      const status = i >= count * 0.98 ? 'open' : (['planned_basic', 'no_action', 'referred'] as const)[i % 3]!;
      flags.push({ id: randomId(), response_id: responseId, patient_id: patientId, level: flag.level, level_rank: LEVEL_RANK[flag.level], urgent: flag.urgent ? 1 : 0, own_words: flag.ownWords ? 1 : 0, status, reasons: JSON.stringify(toStoredReasons(flag.reasons, flag.urgentReasons)), created_at: at, updated_at: at, return_reason: null, due_at: at, ...(status === 'open' ? {} : { closed_at: at, outcome: status === 'planned_basic' ? 'plan_basic' : status }) });
    }
    await db.transaction().execute(async (tx) => {
      await insertInBatches(tx, 'invitations', invitations);
      await insertInBatches(tx, 'responses', responses);
      await insertInBatches(tx, 'scale_scores', scores);
      await insertInBatches(tx, 'flags', flags);
    });
  }
  await db.destroy();
}

function startServers(): Promise<{ api: string; echo: string; stop: () => Promise<void> }> {
  // BENCH_PROFILE=<dir> writes a CPU profile of the server process there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), '--import', 'tsx', path.join(import.meta.dirname, 'bench-server.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
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
      if (line) resolve({ ...(JSON.parse(line) as { api: string; echo: string }), stop });
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
async function flagsLatency(api: string): Promise<void> {
  const login = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-nurse', password: PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
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

try {
  log(`node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${CONNECTIONS} connections, ${DURATION} s per run`);
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
    // the run (other processes) affects both alike; the median of the rounds' ratios is the result.
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
    if (rounds.length > 0) console.log(`submission / echo per round: ${rounds.map((r) => r.ratio.toFixed(2)).join(', ')}; median ${ratio.toFixed(2)} (floor ${RATIO_FLOOR.toFixed(2)}): ${verdict(ratio >= RATIO_FLOOR)}`);
    console.log(`patient page p99 during submissions: ${page.p99.toFixed(1)} ms (limit ${PAGE_P99_LIMIT_MS} ms): ${verdict(page.p99 < PAGE_P99_LIMIT_MS)}`);
    // The verdicts are printed; only failed requests fail the run (a loaded machine is not an error).
    if ([...rounds.flatMap((r) => [r.submit, r.echo]), pageAlone, page, submitWithPage].some((f) => f.failed > 0)) process.exitCode = 1;
  } finally {
    await servers.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * What a patient feels when submitting (issue 22 §5), for `npm run bench:server` (`BENCH_ONLY=steady`
 * runs it alone): the real server (WAL, synchronous=FULL, a SQLite file) on a database of its own
 * with BENCH_STEADY_RESPONSES (100,000) stored responses, and a submission sent every 1/RATE s
 * (open loop: on the schedule, whether or not the earlier ones have been answered), each with valid
 * answers to its own invitation link, for BENCH_STEADY_SECONDS (30). Reports the time to the 201
 * (p50, p95, p99, max); the p99 must stay under 50 ms. The first second's submissions warm the
 * server up and are not counted. The server's scheduler is off (its tick is the closed-loop part's).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { QuestionnaireCatalog } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { hashToken, randomId, randomToken } from '../../server/services/secrets.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { openDatabase, type NewRow } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';

export const STEADY_P99_LIMIT_MS = 50;
const DAY_MS = 86_400_000;

export interface SteadyBenchDeps {
  /** A fresh SQLite file for this bench. */
  database: string;
  catalog: QuestionnaireCatalog;
  questionnaireId: string;
  password: string;
  /** Submissions a second, and for how long. */
  rate: number;
  seconds: number;
  /** Responses stored beforehand, so the tables a submission writes to have a clinic's years in them. */
  responses: number;
  /** Random but valid answers to the questionnaire. */
  answers(): Record<string, unknown>;
  storeResponses(count: number, nurseId: string, database: string): Promise<void>;
  startServers(database: string, env: Record<string, string>): Promise<{ api: string; stop: () => Promise<void> }>;
  log(text: string): void;
}

export interface SteadyFigures {
  sent: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The latest a submission left after its scheduled time, ms: the load generator keeping up. */
  lag: number;
}

/** bench-nurse, `count` open invitations spread over 100 patients, and the stored responses. Returns the links' tokens. */
async function setUp(deps: SteadyBenchDeps, count: number): Promise<string[]> {
  const db = openDatabase(deps.database);
  await migrateToLatest(db);
  const nurse = await createStaffUser(createServiceContext({ db, questionnaires: deps.catalog }), null, { username: 'bench-nurse', password: deps.password, role: 'nurse' });
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 14 * DAY_MS).toISOString();
  const patients = Array.from({ length: 100 }, (_, i) => ({ id: randomId(), external_id: `steady-${i}`, name: `Steady Patient ${i}`, created_at: now, created_by: nurse.id }));
  const tokens = Array.from({ length: count }, () => randomToken());
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('patients').values(patients).execute();
    for (let i = 0; i < tokens.length; i += 1000) {
      await tx.insertInto('invitations').values(tokens.slice(i, i + 1000).map((token, j): NewRow<'invitations'> => ({
        id: randomId(), token_hash: hashToken(token), patient_id: patients[(i + j) % patients.length]!.id, questionnaire_id: deps.questionnaireId, trigger: 'other',
        created_by: nurse.id, created_at: now, expires_at: expires, answered_at: null, draft_answers: null, draft_locale: null, draft_saved_at: null, unit_id: DEFAULT_UNIT_ID,
      }))).execute();
    }
  });
  await db.destroy();
  if (deps.responses > 0) {
    deps.log(`steady: storing ${deps.responses} responses with scores and flags`);
    await deps.storeResponses(deps.responses, nurse.id, deps.database);
  }
  return tokens;
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/**
 * Sends one submission per token, the i-th at `start + i / rate` s, without waiting for the earlier
 * ones. Each one's time runs from the moment it is sent to the end of the answer's body.
 */
async function onSchedule(api: string, tokens: string[], rate: number, answers: () => Record<string, unknown>): Promise<{ ms: number[]; failed: number; lag: number }> {
  const bodies = tokens.map(() => JSON.stringify({ id: randomUUID(), answers: answers(), locale: 'da' }));
  const start = performance.now() + 100;
  let lag = 0;
  let failed = 0;
  const sent: Promise<number>[] = [];
  for (const [i, token] of tokens.entries()) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const started = performance.now();
    lag = Math.max(lag, started - due);
    sent.push(fetch(`${api}/api/invitations/${token}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 201) failed++;
        return performance.now() - started;
      }));
  }
  return { ms: await Promise.all(sent), failed, lag };
}

export async function steadySubmissionBench(deps: SteadyBenchDeps): Promise<SteadyFigures> {
  const { log, rate } = deps;
  const warmUp = rate;
  const count = Math.round(rate * deps.seconds);
  const tokens = await setUp(deps, warmUp + count);
  // The scheduler is off: the stored responses' open flags are long overdue, and escalating that
  // backlog is the closed-loop part's measure, not a submission's.
  const servers = await deps.startServers(deps.database, { SCHEDULER_TICK_SECONDS: '0' });
  try {
    log(`steady: ${rate} submissions a second for ${deps.seconds} s (${count} submissions, each to its own invitation, after ${warmUp} to warm up)`);
    await onSchedule(servers.api, tokens.slice(0, warmUp), rate, deps.answers);
    const run = await onSchedule(servers.api, tokens.slice(warmUp), rate, deps.answers);
    const ms = run.ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? NaN;
    const figures = { sent: ms.length, failed: run.failed, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: ms.at(-1) ?? NaN, lag: run.lag };
    console.log(`\nsubmission at a steady ${rate}/s, ${figures.sent} sent (${figures.failed} not answered 201): time to the 201 p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, max ${figures.max.toFixed(1)} ms (the schedule kept to within ${figures.lag.toFixed(1)} ms)`);
    // A submission not answered 201 fails the run; a slow one does not (a loaded machine is not an error).
    if (run.failed > 0) process.exitCode = 1;
    return figures;
  } finally {
    await servers.stop();
  }
}

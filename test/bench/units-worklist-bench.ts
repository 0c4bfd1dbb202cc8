/**
 * Issue 24, a region on one database: BENCH_UNITS wards (50) share BENCH_UNIT_RESPONSES stored
 * responses (1,000,000, each with its link, scores and flag, 10 per patient, every patient in one
 * ward), of which the newest 2% are still open (20,000 open flags). A nurse of one ward lists her
 * worklist (goal: p95 under 50 ms) and every filter the staff app offers, all statuses included
 * (goal: p95 under 100 ms each), one request at a time as her browser asks; last, page 51 of all
 * statuses by `offset=10000` and by the keyset cursor (`after`, the walk's 50th nextCursor).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LEVEL_RANK, NEED_LEVELS, type DecisionAction } from '../../server/contract/codes.js';
import { OUTCOME_OF_DECISION } from '../../server/contract/codes.js';
import { assessResponse, type Assessment } from '../../server/domain/assessment.js';
import { STATUS_OF_DECISION } from '../../server/domain/flag-state.js';
import { toStoredReasons } from '../../server/domain/stored-reasons.js';
import type { LoadedQuestionnaire } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { hashToken, randomId, randomToken } from '../../server/services/secrets.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { openDatabase, type Db, type NewRow } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import type { QuestionnaireCatalog } from '../../server/questionnaire-loader.js';
import { insertInBatches } from './bulk-insert.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 50);
const RESPONSES = Number(process.env.BENCH_UNIT_RESPONSES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_UNIT_REQUESTS ?? 100);
const WORKLIST_P95_LIMIT_MS = 50;
const FILTER_P95_LIMIT_MS = 100;
const DAY_MS = 86_400_000;

interface Options {
  dir: string;
  catalog: QuestionnaireCatalog;
  questionnaire: LoadedQuestionnaire;
  randomAnswers: () => Record<string, unknown>;
  password: string;
  startServers: (database: string, env?: Record<string, string>) => Promise<{ api: string; stop: () => Promise<void> }>;
  log: (text: string) => void;
}

/** The region's data: units, a nurse in the first, patients and their stored responses. */
async function store(db: Db, o: Options): Promise<{ unitId: string }> {
  const now = Date.now();
  const created = new Date(now - 800 * DAY_MS).toISOString();
  const units = Array.from({ length: UNITS }, (_, i) => ({ id: `bench-unit-${i}`, name: `Afdeling ${i}`, code: `B${i}`, kind: 'ward' as const, created_at: created }));
  await db.transaction().execute((tx) => insertInBatches(tx, 'units', units));
  const ctx = createServiceContext({ db, questionnaires: o.catalog });
  const nurse = await createStaffUser(ctx, null, { username: 'bench-nurse', password: o.password, role: 'nurse', unitIds: [units[0]!.id] });

  const patients = Array.from({ length: Math.ceil(RESPONSES / 10) }, (_, i) => ({ id: randomId(), external_id: `region-${i}`, name: `Patient ${i}`, created_at: created, created_by: nurse.id }));
  const unitOf = (i: number) => units[i % UNITS]!.id;
  await db.transaction().execute(async (tx) => {
    await insertInBatches(tx, 'patients', patients);
    await insertInBatches(tx, 'patient_units', patients.map((p, i) => ({ patient_id: p.id, unit_id: unitOf(i) })));
  });

  // Scoring a million answer sets would take longer than storing them: 500 made, reused.
  const made: { answers: string; assessment: Assessment }[] = Array.from({ length: 500 }, () => {
    const answers = o.randomAnswers();
    return { answers: JSON.stringify(answers), assessment: assessResponse(o.questionnaire, answers) };
  });
  const start = now - 730 * DAY_MS;
  const batch = 10_000;
  for (let offset = 0; offset < RESPONSES; offset += batch) {
    const invitations: NewRow<'invitations'>[] = [];
    const responses: NewRow<'responses'>[] = [];
    const scores: NewRow<'scale_scores'>[] = [];
    const flags: NewRow<'flags'>[] = [];
    for (let i = offset; i < Math.min(RESPONSES, offset + batch); i++) {
      const at = new Date(start + (i / RESPONSES) * 730 * DAY_MS).toISOString();
      // The newest 2% wait for a nurse (due 3 days after they came: some overdue, some not); the others were decided.
      const decision: DecisionAction | null = i >= RESPONSES * 0.98 ? null : (['basic', 'no_action', 'refer'] as const)[i % 3]!;
      const patient = i % patients.length;
      const unitId = unitOf(patient);
      const { answers, assessment: { scores: s, flag } } = made[i % made.length]!;
      const invitationId = randomId();
      const responseId = randomId();
      invitations.push({
        id: invitationId, token_hash: hashToken(randomToken()), patient_id: patients[patient]!.id, questionnaire_id: o.questionnaire.definition.id, trigger: 'status_conversation',
        created_by: nurse.id, created_at: at, expires_at: at, answered_at: at, draft_answers: null, draft_locale: null, draft_saved_at: null, unit_id: unitId,
      });
      responses.push({ id: responseId, client_id: randomUUID(), invitation_id: invitationId, patient_id: patients[patient]!.id, questionnaire_id: o.questionnaire.definition.id, questionnaire_version: o.questionnaire.definition.version, answers, locale: 'da', submitted_at: at });
      scores.push(...s.map((score) => ({ response_id: responseId, scale: score.scale, score: score.score, items_used: JSON.stringify(score.itemsUsed) })));
      flags.push({
        id: randomId(), response_id: responseId, patient_id: patients[patient]!.id, level: flag.level, level_rank: LEVEL_RANK[flag.level], urgent: flag.urgent ? 1 : 0, own_words: flag.ownWords ? 1 : 0,
        status: decision === null ? 'open' : STATUS_OF_DECISION[decision], reasons: JSON.stringify(toStoredReasons(flag.reasons, flag.urgentReasons)), created_at: at, updated_at: at,
        return_reason: null, due_at: new Date(Date.parse(at) + 3 * DAY_MS).toISOString(), unit_id: unitId,
        ...(decision === null ? {} : { closed_at: at, outcome: OUTCOME_OF_DECISION[decision] }),
      });
    }
    await db.transaction().execute(async (tx) => {
      await insertInBatches(tx, 'invitations', invitations);
      await insertInBatches(tx, 'responses', responses);
      await insertInBatches(tx, 'scale_scores', scores);
      await insertInBatches(tx, 'flags', flags);
    });
    if ((offset / batch) % 10 === 9) o.log(`  ${offset + batch} of ${RESPONSES} responses stored`);
  }
  return { unitId: units[0]!.id };
}

/** Every list the staff app's worklist asks for (client/staff/logic/worklist.ts), the heaviest last. */
const ALL_STATUSES = ['open', 'returned', 'planned_basic', 'referred', 'no_action'].join(',');
const FILTERS: [name: string, query: string][] = [
  ['the worklist (needs, open and returned)', `?level=${NEED_LEVELS.join(',')}`],
  ['level specialized', '?level=specialized'],
  ['level basic', '?level=basic'],
  ['level none', '?level=none'],
  ['all levels', ''],
  ...(['open', 'returned', 'planned_basic', 'referred', 'no_action'] as const).map((s): [string, string] => [`status ${s}`, `?level=${NEED_LEVELS.join(',')}&status=${s}`]),
  ['overdue (Overview link)', '?overdue=true'],
  ['due today (Overview link)', '?dueToday=true'],
  ['without an owner (Overview link)', '?owner=none'],
  ['all statuses, all levels', `?status=${ALL_STATUSES}`],
  ['all statuses, all levels, page 50', `?status=${ALL_STATUSES}&offset=10000`],
];
/** Page 51 by keyset (`after`, issue 24): the cursor is found once by walking the first 50 pages. */
const DEEP_PAGES = 50;

export async function unitsWorklistBench(o: Options): Promise<void> {
  // BENCH_DB=<file> keeps the seeded database: a second run finds it and only migrates it (a new index), skipping the ~5 min of storing.
  // Seeded under another name and renamed when complete: an interrupted seeding is never reused.
  const database = process.env.BENCH_DB ?? path.join(o.dir, 'units.sqlite');
  if (process.env.BENCH_DB !== undefined && existsSync(database)) {
    o.log(`units: reusing ${database} (BENCH_DB)`);
    const db = openDatabase(database);
    await migrateToLatest(db);
    await db.destroy();
  } else {
    const seeding = `${database}.seeding`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(seeding + suffix, { force: true });
    const db = openDatabase(seeding);
    await migrateToLatest(db);
    o.log(`units: storing ${RESPONSES} responses of ${UNITS} units (${Math.ceil(RESPONSES / 10)} patients, ${Math.round(RESPONSES * 0.02)} flags open) in ${database}`);
    const stored = performance.now();
    await store(db, o);
    o.log(`stored in ${((performance.now() - stored) / 1000).toFixed(0)} s`);
    await db.destroy();
    renameSync(seeding, database);
  }

  const servers = await o.startServers(database, { SCHEDULER_TICK_SECONDS: '0' });
  const rows: { name: string; total: string; p50: number; p95: number; limit: number }[] = [];
  try {
    const login = await fetch(`${servers.api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-nurse', password: o.password }) });
    if (!login.ok) throw new Error(`sign-in answered ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const measure = async (name: string, query: string, limit: number) => {
      const url = `${servers.api}/api/flags${query}`;
      const get = async () => {
        const res = await fetch(url, { headers: { cookie } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`GET /api/flags${query.slice(0, 80)} answered ${res.status}`);
        return res.headers.get('x-total-count') ?? '?';
      };
      let total = '';
      for (let w = 0; w < 5; w++) total = await get(); // warm-up
      const ms: number[] = [];
      for (let r = 0; r < REQUESTS; r++) {
        const started = performance.now();
        await get();
        ms.push(performance.now() - started);
      }
      ms.sort((a, b) => a - b);
      const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]!;
      rows.push({ name, total, p50: at(0.5), p95: at(0.95), limit });
    };
    for (const [i, [name, query]] of FILTERS.entries()) await measure(name, query, i === 0 ? WORKLIST_P95_LIMIT_MS : FILTER_P95_LIMIT_MS);
    // Last, after the other lists (so it does not warm the server for them): the cursor of page 51, walked to once.
    // (A smaller BENCH_UNIT_RESPONSES may have fewer pages: the walk stops at the last.)
    let after = '';
    let page = 1;
    for (; page <= DEEP_PAGES; page++) {
      const res = await fetch(`${servers.api}/api/flags?status=${ALL_STATUSES}${after ? `&after=${after}` : ''}`, { headers: { cookie } });
      const { nextCursor } = (await res.json()) as { nextCursor: string | null };
      if (!nextCursor) break;
      after = nextCursor;
    }
    if (after) await measure(`all statuses, all levels, page ${page} by cursor`, `?status=${ALL_STATUSES}&after=${after}`, FILTER_P95_LIMIT_MS);
  } finally {
    await servers.stop();
  }
  console.log(`\nworklist of a nurse of one unit of ${UNITS}, ${RESPONSES} responses stored, ${REQUESTS} requests each on one connection:`);
  for (const r of rows) console.log(`  ${r.name.padEnd(44)} ${r.total.padStart(6)} matching   p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms (limit ${r.limit} ms): ${r.p95 < r.limit ? 'MET' : 'NOT MET'}`);
}

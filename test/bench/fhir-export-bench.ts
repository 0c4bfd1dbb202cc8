/**
 * The FHIR export at volume (issue 14), for `npm run bench:server` (or alone: BENCH_ONLY=fhir):
 * BENCH_FHIR_RESPONSES (100,000) responses with scores and flags over 100 days in a database of its
 * own, then `npm run export:fhir` as a child process, twice: over the first tenth of the days and
 * over all of them. Prints each run's time, resources and peak memory (the child's VmHWM, its
 * highest resident set). The export is streamed when the peak does not grow with the number of
 * responses: the verdict compares the two runs' peaks.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { assessResponse, type Assessment } from '../../server/domain/assessment.js';
import { LEVEL_RANK } from '../../server/domain/flagging.js';
import { toStoredReasons } from '../../server/domain/stored-reasons.js';
import type { LoadedQuestionnaire } from '../../server/questionnaire-loader.js';
import { hashToken, randomId, randomToken } from '../../server/services/secrets.js';
import { openDatabase, type Db, type NewRow } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';
import { insertInBatches } from './bulk-insert.js';

const RESPONSES = Number(process.env.BENCH_FHIR_RESPONSES ?? 100_000);
const DAYS = 100;
const DAY_MS = 86_400_000;
/** The peak of the full export may exceed the tenth's by this factor at most (a few pages' worth of slack). */
const GROWTH_LIMIT = 1.5;
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const log = (text: string) => console.log(`[bench] ${text}`);
const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');

/** Random but valid answers, scored and flagged once each: the stored rows repeat a few hundred assessments. */
function assessments(questionnaire: LoadedQuestionnaire, count: number): { answers: string; assessment: Assessment }[] {
  return Array.from({ length: count }, () => {
    const answers: Record<string, unknown> = {};
    for (const q of questionnaire.questions.values()) {
      if (!q.values || q.visibleIf || Math.random() < 0.05) continue;
      answers[q.name] = q.multiple ? [q.values[Math.floor(Math.random() * (q.values.length - 1))]] : q.values[Math.floor(Math.random() ** 2 * q.values.length)];
    }
    return { answers: JSON.stringify(answers), assessment: assessResponse(questionnaire, answers) };
  });
}

/** RESPONSES responses (with invitations, scores, flags) spread evenly over DAYS days from `start`. */
async function storeResponses(db: Db, questionnaire: LoadedQuestionnaire, start: number): Promise<void> {
  const { definition } = questionnaire;
  const now = new Date(start).toISOString();
  const nurseId = randomId();
  await db.insertInto('staff_users').values({ id: nurseId, username: 'fhir-bench', password_hash: 'x', role: 'nurse', created_at: now, disabled_at: null, password_changed_at: null }).execute();
  const patients = Array.from({ length: Math.ceil(RESPONSES / 10) }, (_, i) => ({ id: randomId(), external_id: `fhir-bench-${i}`, name: `Patient ${i}`, created_at: now, created_by: nurseId }));
  await db.transaction().execute((tx) => insertInBatches(tx, 'patients', patients));
  const made = assessments(questionnaire, 300);
  const batch = 5000;
  for (let offset = 0; offset < RESPONSES; offset += batch) {
    const invitations: NewRow<'invitations'>[] = [];
    const responses: NewRow<'responses'>[] = [];
    const scores: NewRow<'scale_scores'>[] = [];
    const flags: NewRow<'flags'>[] = [];
    for (let i = offset; i < Math.min(RESPONSES, offset + batch); i++) {
      const at = new Date(start + (i / RESPONSES) * DAYS * DAY_MS).toISOString();
      const { answers, assessment: { scores: s, flag } } = made[i % made.length]!;
      const patientId = patients[i % patients.length]!.id;
      const invitationId = randomId();
      const responseId = randomId();
      invitations.push({
        id: invitationId, token_hash: hashToken(randomToken()), patient_id: patientId, questionnaire_id: definition.id, trigger: 'status_conversation',
        created_by: nurseId, created_at: at, expires_at: at, answered_at: at, draft_answers: null, draft_locale: null, draft_saved_at: null, unit_id: DEFAULT_UNIT_ID,
      });
      responses.push({ id: responseId, client_id: randomUUID(), invitation_id: invitationId, patient_id: patientId, questionnaire_id: definition.id, questionnaire_version: definition.version, answers, locale: 'da', submitted_at: at });
      scores.push(...s.map((score) => ({ response_id: responseId, scale: score.scale, score: score.score, items_used: JSON.stringify(score.itemsUsed) })));
      flags.push({
        id: randomId(), response_id: responseId, patient_id: patientId, level: flag.level, level_rank: LEVEL_RANK[flag.level], urgent: flag.urgent ? 1 : 0, own_words: flag.ownWords ? 1 : 0,
        status: 'open', reasons: JSON.stringify(toStoredReasons(flag.reasons, flag.urgentReasons)), created_at: at, updated_at: at, return_reason: null, due_at: at, unit_id: DEFAULT_UNIT_ID,
      });
    }
    await db.transaction().execute(async (tx) => {
      await insertInBatches(tx, 'invitations', invitations);
      await insertInBatches(tx, 'responses', responses);
      await insertInBatches(tx, 'scale_scores', scores);
      await insertInBatches(tx, 'flags', flags);
    });
  }
}

/** The process's highest resident set so far (Linux), in MiB; undefined once it is gone or elsewhere. */
function peakRssMiB(pid: number): number | undefined {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

interface ExportRun {
  ms: number;
  peakMiB: number | undefined;
  lines: number;
  responses: number;
  bytes: number;
}

/** Runs the export command on `database` for the period; its peak memory sampled every 50 ms. */
async function runExport(database: string, from: string, to: string, out: string): Promise<ExportRun> {
  const started = performance.now();
  // Node runs the command itself (no npx or tsx wrapper process), so the sampled process is the export.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli', 'export-fhir.ts'), '--from', from, '--to', to, '--out', out], {
    cwd: ROOT, env: { ...process.env, DATABASE_URL: database, LINDRING_FHIR_BASE: 'https://pro.example.org/api/fhir' }, stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let peakMiB: number | undefined;
  const sampler = setInterval(() => {
    const now = peakRssMiB(child.pid!);
    if (now !== undefined) peakMiB = Math.max(peakMiB ?? 0, now);
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`export:fhir exited with ${code}: ${stderr}`);
  const summary = stderr.trim().split('\n').at(-1)!;
  log(summary);
  // The command's own count ("Done in 12.3 s: 1 Questionnaire, 9459 QuestionnaireResponse, ..."): the files may be larger than a string can hold.
  const lines = [...summary.slice(summary.indexOf(':')).matchAll(/(\d+) [A-Za-z]+/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  const responses = Number(/(\d+) QuestionnaireResponse/.exec(summary)?.[1]);
  const bytes = readdirSync(out).reduce((sum, file) => sum + statSync(path.join(out, file)).size, 0);
  rmSync(out, { recursive: true, force: true }); // about 3 GB for 100,000 responses
  return { ms, peakMiB, lines, responses, bytes };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The FHIR export phase of `npm run bench:server`, in `dir` (a temporary folder the caller removes). */
export async function fhirExportBench(dir: string, questionnaire: LoadedQuestionnaire): Promise<void> {
  const database = path.join(dir, 'fhir-export.sqlite');
  const db = openDatabase(database);
  // Noon UTC on day 0, so every day's responses fall on the same Danish calendar day.
  const start = Date.parse('2025-01-01T12:00:00.000Z');
  try {
    await migrateToLatest(db);
    log(`FHIR export: storing ${RESPONSES} responses with scores and flags over ${DAYS} days in ${database}`);
    const stored = performance.now();
    await storeResponses(db, questionnaire, start);
    log(`stored in ${((performance.now() - stored) / 1000).toFixed(1)} s`);
  } finally {
    await db.destroy();
  }
  const first = day(start);
  const tenth = await runExport(database, first, day(start + (DAYS / 10 - 1) * DAY_MS), path.join(dir, 'fhir-tenth'));
  const all = await runExport(database, first, day(start + (DAYS - 1) * DAY_MS), path.join(dir, 'fhir-all'));
  const describe = (name: string, r: ExportRun) =>
    `${name}: ${r.responses} responses, ${(r.ms / 1000).toFixed(1)} s, ${r.lines} resources (${(r.bytes / 2 ** 20).toFixed(0)} MiB NDJSON), peak RSS ${r.peakMiB === undefined ? 'n/a (no /proc)' : `${r.peakMiB.toFixed(0)} MiB`}`;
  console.log(`\n${describe(`export:fhir, the first ${DAYS / 10} of ${DAYS} days`, tenth)}`);
  console.log(describe(`export:fhir, all ${DAYS} days`, all));
  if (tenth.peakMiB !== undefined && all.peakMiB !== undefined) {
    const growth = all.peakMiB / tenth.peakMiB;
    console.log(`peak RSS, all days / the first tenth: ${growth.toFixed(2)} (limit ${GROWTH_LIMIT}: memory bounded, not growing with the export): ${verdict(growth <= GROWTH_LIMIT)}`);
  }
}

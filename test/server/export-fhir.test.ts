/** `npm run export:fhir` end to end: the command on a real database, its NDJSON files checked against R4 and the stored scores. */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { createInvitation } from '../../server/services/invitations.js';
import { createPatient } from '../../server/services/patients.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { submitResponse } from '../../server/services/submit-response.js';
import { fhirProblems } from '../fhir-validator.js';
import { answersFixture, TEST_PASSWORD_HASHING, tempDir } from './helpers.js';
import { freshDatabase, type TestDatabase } from './test-database.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const BASE = 'https://pro.example.org/api/fhir';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- FHIR JSON the tests reach into
type Json = any;

/**
 * Submission instants around the period 2026-03-01..2026-03-31 in Danish time (UTC+1, from 29 March
 * UTC+2): the first and the last are outside it, by minutes.
 */
const SUBMITTED = {
  beforeStart: '2026-02-28T22:59:00.000Z', // 23:59 on 28 February in Copenhagen
  atStart: '2026-02-28T23:00:00.000Z', // 00:00 on 1 March
  middle: '2026-03-15T10:00:00.000Z',
  atEnd: '2026-03-31T21:59:59.000Z', // 23:59:59 on 31 March (summer time)
  afterEnd: '2026-03-31T22:00:00.000Z', // 00:00 on 1 April
};

let database: TestDatabase;
const responseIds: Record<string, string> = {};
let out: string;

beforeAll(async () => {
  database = await freshDatabase();
  const catalog = await loadQuestionnaires();
  let now = new Date('2026-02-20T09:00:00Z');
  const ctx = createServiceContext({ db: database.db, questionnaires: catalog, now: () => now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
  await ctx.questionnaires.storeAll(database.db, now);
  const staff = await createStaffUser(ctx, null, { username: 'export-nurse', password: 'correct horse battery staple', role: 'nurse' });
  const nurse = { type: 'staff' as const, id: staff.id, username: staff.username, role: staff.role };
  const answers = [answersFixture('palliative-specialized'), answersFixture('palliative-basic'), answersFixture('palliative-none')];
  let i = 0;
  for (const [name, at] of Object.entries(SUBMITTED)) {
    now = new Date(Date.parse(at) - 86_400_000);
    const patient = await createPatient(ctx, nurse, { externalId: `ext-${name}`, name: `Patient ${name}` });
    const { token } = await createInvitation(ctx, nurse, { patientId: patient.id, questionnaireId: 'palliative-needs', trigger: 'status_conversation' }, 'https://pro.example.org');
    now = new Date(at);
    responseIds[name] = (await submitResponse(ctx, token, { id: randomUUID(), answers: answers[i++ % answers.length]!, locale: 'da' })).responseId;
  }
  out = path.join(tempDir('lindring-fhir-export-'), 'export');
});
afterAll(async () => {
  await database.drop();
  rmSync(path.dirname(out), { recursive: true, force: true });
});

async function exportFhir(...args: string[]): Promise<{ code: number; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: database.url, LINDRING_FHIR_BASE: BASE };
  return promisify(execFile)(TSX, ['server/cli/export-fhir.ts', ...args], { cwd: ROOT, env }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

const lines = (type: string): Json[] => readFileSync(path.join(out, `${type}.ndjson`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('npm run export:fhir', () => {
  it('writes one NDJSON file per resource type with the period’s responses (Danish calendar days), each resource R4-valid', async () => {
    const { code, stderr } = await exportFhir('--from', '2026-03-01', '--to', '2026-03-31', '--out', out);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Done in [\d.]+ s: 1 Questionnaire, 3 QuestionnaireResponse, 42 Observation, 3 DetectedIssue\./);
    expect(readdirSync(out).sort()).toEqual(['DetectedIssue.ndjson', 'Observation.ndjson', 'Questionnaire.ndjson', 'QuestionnaireResponse.ndjson']);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(out)) expect(statSync(path.join(out, file)).mode & 0o777).toBe(0o600);

    const responses = lines('QuestionnaireResponse');
    expect(responses.map((r) => r.id).sort()).toEqual([responseIds.atStart, responseIds.middle, responseIds.atEnd].sort());
    const all = ['Questionnaire', 'QuestionnaireResponse', 'Observation', 'DetectedIssue'].flatMap(lines);
    expect(all.flatMap(fhirProblems)).toEqual([]);
    expect(lines('Questionnaire')).toEqual([expect.objectContaining({ url: `${BASE}/Questionnaire/palliative-needs`, version: '2.0.1', status: 'active' })]);
    expect(responses.every((r) => r.questionnaire === `${BASE}/Questionnaire/palliative-needs|2.0.1`)).toBe(true);
  }, 120_000);

  it('exports the stored scores as the Observations’ values and the stored levels as the DetectedIssues’ codes', async () => {
    const scores = await database.db.selectFrom('scale_scores').select(['response_id', 'scale', 'score']).where('response_id', 'in', Object.values(responseIds)).execute();
    const observations = lines('Observation');
    for (const o of observations) {
      const responseId = o.derivedFrom[0].reference.replace('QuestionnaireResponse/', '');
      const row = scores.find((s) => s.response_id === responseId && s.scale === o.code.coding[0].code)!;
      expect(o.valueQuantity?.value ?? null).toBe(row.score === null ? null : Number(row.score));
    }
    expect(observations.filter((o) => o.valueQuantity).length).toBeGreaterThan(20);
    const flags = await database.db.selectFrom('flags').select(['id', 'level']).execute();
    for (const issue of lines('DetectedIssue')) expect(issue.code.coding[0].code).toBe(flags.find((f) => f.id === issue.id)!.level);
  });

  it('makes the folder 0700 and the files 0600 also when they were there before with wider modes', async () => {
    const existing = path.join(path.dirname(out), 'existing');
    mkdirSync(existing, { mode: 0o755 });
    writeFileSync(path.join(existing, 'Observation.ndjson'), 'old\n', { mode: 0o644 });
    expect(statSync(existing).mode & 0o777).toBe(0o755);
    const { code } = await exportFhir('--from', '2026-03-01', '--to', '2026-03-31', '--out', existing);
    expect(code).toBe(0);
    expect(statSync(existing).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(existing)) expect([file, statSync(path.join(existing, file)).mode & 0o777]).toEqual([file, 0o600]);
    expect(readFileSync(path.join(existing, 'Observation.ndjson'), 'utf8')).not.toContain('old');
  }, 120_000);

  it('records the export in the audit log', async () => {
    const entry = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'responses.exported').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.details!)).toEqual({ format: 'fhir-ndjson', from: '2026-03-01', to: '2026-03-31' });
  });

  it('refuses a date that does not exist, a reversed period and a missing date, with a clear message and no files', async () => {
    const elsewhere = path.join(path.dirname(out), 'not-written');
    const cases: [string[], RegExp][] = [
      [['--from', '2026-02-30', '--to', '2026-03-31'], /--from "2026-02-30" is not a date YYYY-MM-DD that exists/],
      [['--from', '2026-03-01', '--to', '31.03.2026'], /--to "31\.03\.2026" is not a date YYYY-MM-DD/],
      [['--from', '2026-03-31', '--to', '2026-03-01'], /--to 2026-03-01 is before --from 2026-03-31/],
      [['--to', '2026-03-01'], /--from is missing/],
      [['--from', '2026-03-01', '--to', '2026-03-02', '--since', 'x'], /Unknown option '--since'/],
    ];
    const results = await Promise.all(cases.map(([args]) => exportFhir(...args, '--out', elsewhere)));
    for (const [i, { code, stderr }] of results.entries()) {
      expect(code).toBe(1);
      expect(stderr).toMatch(cases[i]![1]);
    }
    expect(() => statSync(elsewhere)).toThrow(/ENOENT/);
  }, 120_000);
});

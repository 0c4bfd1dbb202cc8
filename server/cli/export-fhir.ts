/**
 * `npm run export:fhir -- --from YYYY-MM-DD --to YYYY-MM-DD [--out dir]`: the responses submitted in
 * the period (calendar days in Danish time, both included) as FHIR R4 NDJSON, one file per resource
 * type (the FHIR bulk-data layout): Questionnaire, QuestionnaireResponse, Observation, DetectedIssue.
 * Streamed: one page of responses in memory at a time, each file written with backpressure.
 * Progress and the summary on stderr; the database is DATABASE_URL's (docs/fhir.md, "Export").
 */
import { once } from 'node:events';
import { chmodSync, createWriteStream, fchmodSync, mkdirSync, openSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isoDate } from '../contract/requests.js';
import { periodOf } from '../domain/indicators.js';

/** The files of an export, always all of them (an empty file for a type with no resources), so an old export's file is never left beside a new one. */
const FHIR_EXPORT_TYPES = ['Questionnaire', 'QuestionnaireResponse', 'Observation', 'DetectedIssue'] as const;

const USAGE = 'Usage: npm run export:fhir -- --from YYYY-MM-DD --to YYYY-MM-DD [--out dir]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseCommandLine(): { from: string; to: string; out: string } {
  let values: { from?: string | undefined; to?: string | undefined; out?: string | undefined };
  try {
    ({ values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } } }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const date = (name: 'from' | 'to') => {
    const value = values[name];
    if (value === undefined) fail(`--${name} is missing.\n${USAGE}`);
    const parsed = isoDate.safeParse(value);
    if (!parsed.success) fail(`--${name} "${value}" is not a date YYYY-MM-DD that exists (e.g. 2026-03-01).`);
    return parsed.data;
  };
  const [from, to] = [date('from'), date('to')];
  if (to < from) fail(`--to ${to} is before --from ${from}.`);
  return { from, to, out: values.out ?? `fhir-export-${from}-${to}` };
}

async function write(stream: WriteStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const { from, to, out } = parseCommandLine();
// Loaded once the arguments are right: a mistyped date is answered at once, not after the
// questionnaires (SurveyJS) and the database drivers have loaded.
const [{ configFromEnv }, { loadQuestionnaires, QuestionnaireLoadError }, { createServiceContext }, { fhirExportResources, fhirOptions }, { SITE_TIME_ZONE }, { openDatabase }] = await Promise.all([
  import('../config.js'), import('../questionnaire-loader.js'), import('../services/create-context.js'), import('../services/fhir.js'), import('../services/flag-loop.js'), import('../storage/database.js'),
]);
const config = configFromEnv();
const catalog = await loadQuestionnaires(config.questionnaireDir).catch((error: unknown) => fail(error instanceof QuestionnaireLoadError ? error.message : String(error)));
const db = openDatabase(config.databaseUrl);
try {
  const ctx = createServiceContext({
    db, questionnaires: catalog,
    settings: { ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}), ...(config.fhirBase ? { fhirBase: config.fhirBase } : {}), ...(config.fhirPatientSystem ? { fhirPatientSystem: config.fhirPatientSystem } : {}) },
  });
  const options = fhirOptions(ctx, `http://${config.host}:${config.port}`);
  // Patient data: the folder and the files for the owner only, also when they were there before
  // (mkdir and open leave an existing folder's or file's mode as it was).
  mkdirSync(out, { recursive: true, mode: 0o700 });
  chmodSync(out, 0o700);
  const ownerOnly = (file: string): WriteStream => {
    const fd = openSync(file, 'w', 0o600);
    fchmodSync(fd, 0o600);
    return createWriteStream(file, { fd });
  };
  const files = Object.fromEntries(FHIR_EXPORT_TYPES.map((type) => [type, ownerOnly(path.join(out, `${type}.ndjson`))])) as Record<string, WriteStream>;
  const counts: Record<string, number> = Object.fromEntries(FHIR_EXPORT_TYPES.map((type) => [type, 0]));
  const started = Date.now();
  console.error(`Exporting responses submitted ${from} to ${to} (Danish time) to ${path.resolve(out)}, FHIR base ${options.base}`);
  try {
    const progress = (responses: number) => {
      if (responses % 10_000 === 0) console.error(`  ${responses} responses...`);
    };
    for await (const resource of fhirExportResources(ctx, periodOf(from, to, SITE_TIME_ZONE), options, progress)) {
      await write(files[resource.resourceType]!, `${JSON.stringify(resource)}\n`);
      counts[resource.resourceType]!++;
    }
  } finally {
    await Promise.all(Object.values(files).map(close));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(`Done in ${seconds} s: ${FHIR_EXPORT_TYPES.map((type) => `${counts[type]} ${type}`).join(', ')}.`);
} catch (error) {
  console.error(`Export failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

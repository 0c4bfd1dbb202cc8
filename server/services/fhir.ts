/**
 * FHIR R4, read-only (issue 14; docs/fhir.md): the routes' reads (each audited like any read of
 * answers) and the NDJSON export's stream of resources. The mapping itself is domain/fhir.ts.
 */
import {
  collectionBundle, FHIR_SYSTEMS, questionnaireIdOf, searchsetBundle, toFhirDetectedIssue, toFhirObservations, toFhirQuestionnaire,
  toFhirQuestionnaireResponse, type FhirOptions, type FhirResource, type FhirResponseInput,
} from '../domain/fhir.js';
import { fromStoredReasons, fromStoredUrgentReasons } from '../domain/stored-reasons.js';
import { findResponseForFhir, responsesForFhirPage, type FhirResponseRow } from '../storage/fhir.js';
import type { Row } from '../storage/database.js';
import { scoresOfResponses } from '../storage/responses.js';
import { mayReadPatient, scopeOf } from './access.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { scoresByResponse } from './pro-summary.js';
import type { QuestionnaireVersion } from './questionnaires.js';

/**
 * The FHIR base: LINDRING_FHIR_BASE when the operator set it, else `/api/fhir` on PUBLIC_URL, else
 * on the origin the request came to (`origin`; development).
 */
export function fhirOptions(ctx: ServiceContext, origin: string): FhirOptions {
  const base = ctx.settings.fhirBase ?? `${ctx.settings.publicUrl ?? origin}/api/fhir`;
  return { base: base.replace(/\/+$/, ''), patientSystem: ctx.settings.fhirPatientSystem ?? FHIR_SYSTEMS.patientExternalId };
}

/** `active` for the version the server serves now, `retired` for an older one that responses point to. */
function statusOf(ctx: ServiceContext, q: QuestionnaireVersion): 'active' | 'retired' {
  return ctx.questionnaires.current(q.definition.id)?.definition.version === q.definition.version ? 'active' : 'retired';
}

/** GET /api/fhir/Questionnaire/:id[?version=]: the served version, or an older one that answers point to. */
export async function readFhirQuestionnaire(ctx: ServiceContext, by: StaffActor, fhirId: string, version: string | undefined, options: FhirOptions): Promise<FhirResource> {
  const id = questionnaireIdOf(fhirId);
  const q = version === undefined ? ctx.questionnaires.current(id) : await ctx.questionnaires.version(ctx.db, id, version);
  if (!q) throw new ServiceError('not_found', 'questionnaire_not_found', version === undefined ? 'No such questionnaire' : 'No such questionnaire version');
  await recordAudit(ctx.db, by, ctx.now(), { action: 'fhir.read', entityType: 'questionnaire', entityId: id, details: { resource: 'Questionnaire', version: q.definition.version } });
  return toFhirQuestionnaire(q, statusOf(ctx, q), options);
}

/** The response's resources: its QuestionnaireResponse, one Observation per scale, its DetectedIssue (when it has a flag). */
interface ResponseResources {
  response: FhirResource;
  observations: FhirResource[];
  issue: FhirResource | undefined;
}

/** A response row as the mapping's input. Issue 13 adds the answer mode: until then every response is the patient's own (`self`). */
function responseInput(row: FhirResponseRow): FhirResponseInput {
  return {
    id: row.id, questionnaireId: row.questionnaire_id, questionnaireVersion: row.questionnaire_version, patientExternalId: row.patient_external_id,
    submittedAt: row.submitted_at, locale: row.locale, answers: JSON.parse(row.answers) as Record<string, unknown>,
    mode: row.mode, relationship: row.relationship, recordedBy: row.recorded_by_username, answeredOn: row.answered_on,
  };
}

function resourcesOf(row: FhirResponseRow, q: QuestionnaireVersion, scores: readonly Pick<Row<'scale_scores'>, 'scale' | 'score'>[], options: FhirOptions): ResponseResources {
  const input = responseInput(row);
  const { definition } = q;
  const stored = row.flag_reasons === null ? undefined : (JSON.parse(row.flag_reasons) as unknown);
  return {
    response: toFhirQuestionnaireResponse(input, q, options),
    // PostgreSQL may hand a double back as a string: the value is the stored score, unrounded.
    observations: toFhirObservations(input, definition, scores.map((s) => ({ scale: s.scale, score: s.score === null ? null : Number(s.score) })), options),
    issue:
      row.flag_id === null || stored === undefined
        ? undefined
        : toFhirDetectedIssue(input, {
            id: row.flag_id, level: row.flag_level!, urgent: row.flag_urgent === 1, createdAt: row.flag_created_at!,
            reasons: fromStoredReasons(stored, definition.flagging.rules), urgentReasons: fromStoredUrgentReasons(stored, definition.flagging.urgency),
          }, options),
  };
}

/** One response's resources, audited as a read of its answers (404 for an unknown id). */
async function readResponse(ctx: ServiceContext, by: StaffActor, responseId: string, resource: string, options: FhirOptions): Promise<ResponseResources> {
  const row = await findResponseForFhir(ctx.db, responseId);
  // Need-to-know (issue 24): another unit's patient's response is a 404 like an unknown id.
  if (!row || !(await mayReadPatient(ctx.db, await scopeOf(ctx.db, by, ctx.now()), row.patient_id))) throw new ServiceError('not_found', 'response_not_found', 'No such response');
  const q = await ctx.questionnaires.version(ctx.db, row.questionnaire_id, row.questionnaire_version);
  if (!q) throw new Error(`Questionnaire ${row.questionnaire_id}@${row.questionnaire_version} of response ${row.id} is missing`);
  const scores = await scoresOfResponses(ctx.db, [row.id]);
  await recordAudit(ctx.db, by, ctx.now(), { action: 'answers.read', entityType: 'response', entityId: row.id, patientId: row.patient_id, details: { format: 'fhir', resource } });
  return resourcesOf(row, q, scores, options);
}

export async function readFhirQuestionnaireResponse(ctx: ServiceContext, by: StaffActor, responseId: string, options: FhirOptions): Promise<FhirResource> {
  return (await readResponse(ctx, by, responseId, 'QuestionnaireResponse', options)).response;
}

/** GET /api/fhir/Observation?response=: a searchset of the response's Observations. */
export async function searchFhirObservations(ctx: ServiceContext, by: StaffActor, responseId: string, selfUrl: string, options: FhirOptions): Promise<FhirResource> {
  return searchsetBundle((await readResponse(ctx, by, responseId, 'Observation', options)).observations, selfUrl, options);
}

/** GET /api/fhir/Bundle?response=: the response, its Observations and its DetectedIssue in one collection. */
export async function readFhirBundle(ctx: ServiceContext, by: StaffActor, responseId: string, options: FhirOptions): Promise<FhirResource> {
  const { response, observations, issue } = await readResponse(ctx, by, responseId, 'Bundle', options);
  return collectionBundle([response, ...observations, ...(issue ? [issue] : [])], ctx.now(), options);
}

/** Responses per page of the export: memory holds one page with its scores at a time. */
export const FHIR_EXPORT_PAGE_SIZE = 500;

export interface FhirExportPeriod {
  /** Submitted at or after (ISO). */
  start: string;
  /** Submitted before (ISO). */
  end: string;
}

/**
 * Every resource of the responses submitted in the period, page by page as they are consumed (an
 * async generator: the next page is read only when the writer asked for more). Each questionnaire
 * version comes once, before the first response to it. Audited once, before the first page
 * (`actor` null: the operator's command line).
 */
export async function* fhirExportResources(ctx: ServiceContext, period: FhirExportPeriod & { from: string; to: string }, options: FhirOptions, onPage?: (responses: number) => void): AsyncGenerator<FhirResource> {
  await recordAudit(ctx.db, null, ctx.now(), { action: 'responses.exported', entityType: 'response', details: { format: 'fhir-ndjson', from: period.from, to: period.to } });
  const questionnaires = new Set<string>();
  let afterId: string | undefined;
  let exported = 0;
  for (;;) {
    const rows = await responsesForFhirPage(ctx.db, { start: period.start, end: period.end, limit: FHIR_EXPORT_PAGE_SIZE, ...(afterId === undefined ? {} : { afterId }) });
    if (rows.length === 0) return;
    const scores = await scoresByResponse(ctx.db, rows.map((r) => r.id));
    for (const row of rows) {
      const q = await ctx.questionnaires.version(ctx.db, row.questionnaire_id, row.questionnaire_version);
      if (!q) throw new Error(`Questionnaire ${row.questionnaire_id}@${row.questionnaire_version} of response ${row.id} is missing`);
      const key = `${row.questionnaire_id}@${row.questionnaire_version}`;
      if (!questionnaires.has(key)) {
        questionnaires.add(key);
        yield toFhirQuestionnaire(q, statusOf(ctx, q), options);
      }
      const { response, observations, issue } = resourcesOf(row, q, scores.get(row.id) ?? [], options);
      yield response;
      yield* observations;
      if (issue) yield issue;
    }
    exported += rows.length;
    onPage?.(exported);
    afterId = rows.at(-1)!.id;
  }
}

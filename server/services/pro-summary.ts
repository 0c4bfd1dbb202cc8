/** How stored scores and reasons are shown to staff: with the scale's title, threshold and whether it is a need. */
import type { Respondent, ResponseMode } from '../contract/codes.js';
import type { FlagReason, QuestionnaireSummary, ResponseProvenance, ScaleScore } from '../contract/responses.js';
import { calendarDate } from '../domain/flag-loop.js';
import type { QuestionnaireDefinition } from '../domain/questionnaire-schema.js';
import { isNeed } from '../domain/scoring.js';
import { fromStoredReasons } from '../domain/stored-reasons.js';
import type { Db, Row } from '../storage/database.js';
import { scoresOfResponses } from '../storage/responses.js';
import type { QuestionnaireVersion } from './questionnaires.js';
import type { ServiceContext } from './context.js';
import { SITE_TIME_ZONE } from './flag-loop.js';

export function questionnaireSummary(q: QuestionnaireVersion | undefined, id: string, version: string): QuestionnaireSummary {
  return { id, version, title: q?.definition.title ?? { da: id, en: id } };
}

/** The response's provenance columns as storage selects them (PROVENANCE_COLUMNS). */
interface ProvenanceRow {
  mode: ResponseMode;
  respondent: Respondent;
  relationship: string | null;
  recorded_by: string | null;
  recorded_by_username: string | null;
  answered_on: string | null;
  submitted_at: string;
  verified_by: string | null;
  verified_by_username: string | null;
  verified_at: string | null;
}

/** How a response was given, as staff see it: answeredOn is a paper form's own date, else the clinic's day of submission. */
export function provenanceOf(row: ProvenanceRow): ResponseProvenance {
  const staff = (id: string | null, username: string | null) => (id === null ? null : { id, username: username ?? '' });
  return {
    mode: row.mode,
    respondent: row.respondent,
    relationship: row.relationship,
    recordedBy: staff(row.recorded_by, row.recorded_by_username),
    answeredOn: row.answered_on ?? calendarDate(new Date(row.submitted_at), SITE_TIME_ZONE),
    verifiedBy: staff(row.verified_by, row.verified_by_username),
    verifiedAt: row.verified_at,
  };
}

/** A flag's stored reasons with their rule texts from the questionnaire version they fired in. */
export function parseReasons(json: string, q: QuestionnaireVersion | undefined): FlagReason[] {
  return fromStoredReasons(JSON.parse(json), q?.definition.flagging.rules);
}

/** The scales of a definition with their stored scores, in the definition's order. */
export function describeScores(definition: QuestionnaireDefinition, rows: readonly Pick<Row<'scale_scores'>, 'scale' | 'score'>[]): ScaleScore[] {
  const byScale = new Map(rows.map((r) => [r.scale, r.score === null ? null : Number(r.score)]));
  return definition.scales.map((s): ScaleScore => {
    const score = byScale.get(s.id) ?? null;
    return {
      scale: s.id,
      title: s.title,
      area: s.area,
      kind: s.kind,
      score,
      ...(s.threshold ? { threshold: { value: s.threshold.value, source: s.threshold.source } } : {}),
      isNeed: s.threshold ? isNeed(s.kind, score, s.threshold.value) : false,
    };
  });
}

/** Scores of several responses, grouped by response id. */
export async function scoresByResponse(db: Db, responseIds: readonly string[]): Promise<Map<string, Row<'scale_scores'>[]>> {
  const grouped = new Map<string, Row<'scale_scores'>[]>();
  for (const row of await scoresOfResponses(db, responseIds)) {
    const list = grouped.get(row.response_id) ?? [];
    list.push(row);
    grouped.set(row.response_id, list);
  }
  return grouped;
}

/** Definitions by `id@version`, loaded once per request. */
export async function definitionsFor(ctx: ServiceContext, rows: readonly { questionnaire_id: string; questionnaire_version: string }[]) {
  const found = new Map<string, QuestionnaireVersion | undefined>();
  for (const r of rows) {
    const key = `${r.questionnaire_id}@${r.questionnaire_version}`;
    if (!found.has(key)) found.set(key, await ctx.questionnaires.version(ctx.db, r.questionnaire_id, r.questionnaire_version));
  }
  return (r: { questionnaire_id: string; questionnaire_version: string }) => found.get(`${r.questionnaire_id}@${r.questionnaire_version}`);
}

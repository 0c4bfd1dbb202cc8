/** How stored scores and reasons are shown to staff: with the scale's title, threshold and whether it is a need. */
import type { FlagReason, QuestionnaireSummary, ScaleScore } from '../contract/responses.js';
import type { QuestionnaireDefinition } from '../domain/questionnaire-schema.js';
import { isNeed } from '../domain/scoring.js';
import { fromStoredReasons } from '../domain/stored-reasons.js';
import type { Db, Row } from '../storage/database.js';
import { scoresOfResponses } from '../storage/responses.js';
import type { QuestionnaireVersion } from './questionnaires.js';
import type { ServiceContext } from './context.js';

export function questionnaireSummary(q: QuestionnaireVersion | undefined, id: string, version: string): QuestionnaireSummary {
  return { id, version, title: q?.definition.title ?? { da: id, en: id } };
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

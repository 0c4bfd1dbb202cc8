/** The nurse's worklist, the flag detail (a read of the patient's answers, audited) and the nurse's decision. */
import { z } from 'zod';
import { LEVEL_RANK, type Level } from '../domain/flagging.js';
import {
  countFlags, findFlag, findFlagWithContext, insertFlagDecision, latestFlagDecision, listFlags as listFlagRows, updateFlagStatus, type FlagWithContext,
} from '../storage/flags.js';
import { findResponse, responsesOfPatient } from '../storage/responses.js';
import { hasReferral, insertReferral, latestReferralOfFlag } from '../storage/referrals.js';
import { recordAudit } from './audit.js';
import { daysBetween, type ServiceContext, type StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { patientSummary } from './patients.js';
import { definitionsFor, describeScores, parseReasons, questionnaireSummary, scoresByResponse } from './pro-summary.js';
import type { QuestionnaireVersion } from './questionnaires.js';
import { surveyTexts } from './survey-text.js';

export const FLAG_STATUSES = ['open', 'planned_basic', 'referred', 'no_action', 'returned'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];
export const LEVELS = Object.keys(LEVEL_RANK) as Level[];
/** Waiting for a nurse: new flags and referrals the palliative team sent back. */
export const WORKLIST_STATUSES: readonly FlagStatus[] = ['open', 'returned'];
const DECIDABLE: readonly FlagStatus[] = WORKLIST_STATUSES;

export const FLAG_LIST_DEFAULT_LIMIT = 200;
export const FLAG_LIST_MAX_LIMIT = 1000;

function summarize(ctx: ServiceContext, row: FlagWithContext, q: QuestionnaireVersion | undefined, reasonCount?: number) {
  const reasons = parseReasons(row.reasons, q);
  return {
    id: row.id,
    responseId: row.response_id,
    level: row.level as Level,
    status: row.status as FlagStatus,
    patient: { id: row.patient_id, name: row.patient_name, externalId: row.patient_external_id },
    questionnaire: questionnaireSummary(q, row.questionnaire_id, row.questionnaire_version),
    trigger: row.trigger,
    submittedAt: row.submitted_at,
    ageDays: daysBetween(row.submitted_at, ctx.now()),
    reasons: reasonCount === undefined ? reasons : reasons.slice(0, reasonCount),
    ...(row.return_reason !== null ? { returnReason: row.return_reason } : {}),
  };
}

export async function listFlags(ctx: ServiceContext, by: StaffActor, filter: { statuses?: FlagStatus[]; levels?: Level[]; limit?: number }) {
  const statuses = filter.statuses?.length ? filter.statuses : WORKLIST_STATUSES;
  const query = { statuses, ...(filter.levels?.length ? { levelRanks: filter.levels.map((l) => LEVEL_RANK[l]) } : {}) };
  const rows = await listFlagRows(ctx.db, { ...query, limit: filter.limit ?? FLAG_LIST_DEFAULT_LIMIT });
  const total = await countFlags(ctx.db, query);
  const definition = await definitionsFor(ctx, rows);
  // The list shows reasons with the answers that triggered them: a read of patients' answers.
  await recordAudit(ctx.db, by, ctx.now(), { action: 'flags.listed', entityType: 'flag', details: { statuses, levels: filter.levels ?? null, count: rows.length } });
  return { total, items: rows.map((r) => summarize(ctx, r, definition(r), 3)) };
}

/** The team sees a flag's answers only once it was referred to them. */
async function assertMayRead(ctx: ServiceContext, by: StaffActor, flagId: string): Promise<void> {
  if (by.role === 'palliative_team' && !(await hasReferral(ctx.db, { flagId }))) {
    throw new ServiceError('forbidden', 'forbidden', 'The palliative team sees flags that were referred to it');
  }
}

export async function flagDetail(ctx: ServiceContext, by: StaffActor, id: string) {
  const row = await findFlagWithContext(ctx.db, id);
  if (!row) throw new ServiceError('not_found', 'flag_not_found', 'No such flag');
  await assertMayRead(ctx, by, id);
  const q = await ctx.questionnaires.version(ctx.db, row.questionnaire_id, row.questionnaire_version);
  if (!q) throw new Error(`Questionnaire ${row.questionnaire_id}@${row.questionnaire_version} of flag ${id} is missing`);
  const response = (await findResponse(ctx.db, row.response_id))!;
  const answers = JSON.parse(response.answers) as Record<string, unknown>;

  const history = await responsesOfPatient(ctx.db, row.patient_id, row.questionnaire_id);
  const scores = await scoresByResponse(ctx.db, history.map((h) => h.id));
  const decision = await latestFlagDecision(ctx.db, id);
  const referral = await latestReferralOfFlag(ctx.db, id);

  await recordAudit(ctx.db, by, ctx.now(), { action: 'answers.read', entityType: 'flag', entityId: id, patientId: row.patient_id, details: { responseId: row.response_id } });

  const { definition } = q;
  const texts = surveyTexts(definition.survey);
  const textOf = (name: string, value: unknown) => {
    const choices = texts.get(name)?.choices;
    if (!choices?.size) return undefined;
    return Array.isArray(value) ? value.map((v) => choices.get(v) ?? v) : choices.get(value);
  };
  return {
    flag: summarize(ctx, row, q),
    patient: patientSummary({ id: row.patient_id, name: row.patient_name, external_id: row.patient_external_id }),
    questionnaire: { ...questionnaireSummary(q, definition.id, definition.version), areas: definition.areas },
    answers: [...q.questions.values()].map((question) => {
      const value = answers[question.name] ?? null;
      const text = value === null ? undefined : textOf(question.name, value);
      const comment = answers[`${question.name}-Comment`];
      return {
        question: question.name,
        title: texts.get(question.name)?.title ?? question.name,
        value,
        ...(text !== undefined ? { text } : {}),
        ...(typeof comment === 'string' && comment ? { comment } : {}),
      };
    }),
    scores: describeScores(definition, scores.get(row.response_id) ?? []),
    reasons: parseReasons(row.reasons, q),
    ...(decision
      ? {
          decision: {
            action: decision.action, note: decision.note, responsible: decision.responsible, nextEvaluation: decision.next_evaluation,
            decidedBy: { id: decision.decided_by_id, username: decision.decided_by_username }, decidedAt: decision.decided_at,
          },
        }
      : {}),
    ...(referral
      ? { referral: { id: referral.id, status: referral.status, text: referral.text, reason: referral.decision_reason, createdAt: referral.created_at, decidedAt: referral.decided_at } }
      : {}),
    history: history.map((h) => ({
      responseId: h.id,
      submittedAt: h.submitted_at,
      scores: (scores.get(h.id) ?? []).map((s) => ({ scale: s.scale, score: s.score === null ? null : Number(s.score) })),
    })),
    ...contactWish(answers, textOf),
  };
}

/**
 * The patient's wish to be contacted, by convention the `contact_wish` question (see
 * questionnaires/README.md); absent when the questionnaire has none or the patient wants no contact.
 */
function contactWish(answers: Record<string, unknown>, textOf: (name: string, value: unknown) => unknown) {
  const value = answers.contact_wish;
  const wanted = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).filter((v) => v !== 'none' && v !== false);
  if (wanted.length === 0) return {};
  return { contact: { question: 'contact_wish', values: wanted, text: textOf('contact_wish', wanted) ?? wanted } };
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real date');

export const flagDecisionSchema = z.object({
  action: z.enum(['basic', 'refer', 'no_action']),
  note: z.string().max(5000),
  responsible: z.string().trim().max(200).optional(),
  nextEvaluation: isoDate.optional(),
  referralText: z.string().max(5000).optional(),
});
export type FlagDecision = z.infer<typeof flagDecisionSchema>;

const STATUS_OF_ACTION: Record<FlagDecision['action'], FlagStatus> = { basic: 'planned_basic', refer: 'referred', no_action: 'no_action' };

/** Records the nurse's decision; "refer" creates a pending referral to the palliative team. */
export async function decideFlag(ctx: ServiceContext, by: StaffActor, id: string, input: FlagDecision) {
  const referralText = (input.referralText ?? input.note).trim();
  if (input.action === 'refer' && !referralText) {
    throw new ServiceError('invalid', 'referral_text_required', 'A referral needs a text for the palliative team (referralText or note)');
  }
  const now = ctx.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (tx) => {
    const flag = await findFlag(tx, id);
    if (!flag) throw new ServiceError('not_found', 'flag_not_found', 'No such flag');
    const status = STATUS_OF_ACTION[input.action];
    if (!(await updateFlagStatus(tx, id, DECIDABLE, { status, updatedAt: at }))) {
      throw new ServiceError('conflict', 'flag_already_decided', `This flag is ${flag.status}; only open or returned flags can be decided`, { status: flag.status });
    }
    await insertFlagDecision(tx, {
      id: ctx.newId(), flag_id: id, action: input.action, note: input.note, responsible: input.responsible || null,
      next_evaluation: input.nextEvaluation ?? null, decided_by: by.id, decided_at: at,
    });
    await recordAudit(tx, by, now, { action: 'flag.decided', entityType: 'flag', entityId: id, patientId: flag.patient_id, details: { decision: input.action, from: flag.status } });
    let referralId: string | undefined;
    if (input.action === 'refer') {
      referralId = ctx.newId();
      await insertReferral(tx, {
        id: referralId, flag_id: id, patient_id: flag.patient_id, status: 'pending', text: referralText, created_by: by.id, created_at: at,
        decided_by: null, decided_at: null, decision_reason: null,
      });
      await recordAudit(tx, by, now, { action: 'referral.created', entityType: 'referral', entityId: referralId, patientId: flag.patient_id, details: { flagId: id } });
    }
    return { id, status, ...(referralId ? { referralId } : {}) };
  });
}

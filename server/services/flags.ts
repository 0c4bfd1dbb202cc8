/** The nurse's worklist, the flag detail (a read of the patient's answers, audited) and the nurse's decision. */
import {
  COUNT_CAP, FLAG_PAGE_SIZE, LEVEL_RANK, LEVELS, REFERRAL_UNIT_KINDS, relativeAnsweredText, TEAM_ANSWER_DAYS, TEAM_ANSWER_LIMIT, WORKLIST_STATUSES, type FlagStatus, type Localized, type Level, type Trigger,
} from '../contract/codes.js';
import { daysBetween } from '../contract/duration.js';
import type { FlagDecision } from '../contract/requests.js';
import { encodeWorklistCursor, type WorklistCursor } from '../contract/worklist-cursor.js';
import { referralServiceOf } from '../contract/settings.js';
import type {
  Answer, DecisionResult, FlagDetail, FlagReason, FlagSummary, SurveyText, TeamAnswer, WorklistItem, WorklistTag, WorklistPage, WorseChange,
} from '../contract/responses.js';
import {
  countFlagsByLevel, findFlagWithContext, insertFlagDecision, latestFlagDecision, listFlags as listFlagRows, type FlagWithContext,
} from '../storage/flags.js';
import { findResponse, responsesOfPatient } from '../storage/responses.js';
import { insertReferral, latestReferralOfFlag, recentlyDecidedReferrals } from '../storage/referrals.js';
import { STATUS_OF_DECISION } from '../domain/flag-state.js';
import { ownWordsExcerpts, OWN_WORDS_RULE, type OwnWordsAnswer } from '../domain/own-words.js';
import { fromStoredReasons, fromStoredUrgentReasons } from '../domain/stored-reasons.js';
import { WORKLIST_TAG_LIMIT, worklistTags } from '../domain/worklist-tags.js';
import { recordAudit } from './audit.js';
import { patientsWhoMissedLastTwo, planNextEvaluation } from './programmes.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { patientSummary } from './patients.js';
import { changeFlag, changeFlagOrFail } from './flag-change.js';
import { ownershipOf, SITE_TIME_ZONE } from './flag-loop.js';
import { definitionsFor, describeScores, parseReasons, provenanceOf, questionnaireSummary, scoresByResponse } from './pro-summary.js';
import type { QuestionnaireVersion } from './questionnaires.js';
import { surveyTexts } from './survey-text.js';
import { transaction } from '../storage/transaction.js';
import type { Db } from '../storage/database.js';
import { findStaffUserById } from '../storage/staff-users.js';
import { canOwnFlags, endOfDay } from '../domain/flag-loop.js';
import { findUnit } from '../storage/units.js';
import { requireFlagAccess, scopeOf, visibleUnits } from './access.js';
import { receivingUnits } from './units.js';

function summarize(ctx: ServiceContext, row: FlagWithContext, q: QuestionnaireVersion | undefined): FlagSummary {
  const stored: unknown = JSON.parse(row.reasons);
  const reasons = fromStoredReasons(stored, q?.definition.flagging.rules);
  const urgentReasons = fromStoredUrgentReasons(stored, q?.definition.flagging.urgency);
  const scaleTitle = (scale: string) => q?.definition.scales.find((s) => s.id === scale)?.title ?? { da: scale, en: scale };
  const worse = row.worse_since_last === null ? [] : (JSON.parse(row.worse_since_last) as WorseChange[]);
  return {
    id: row.id,
    responseId: row.response_id,
    level: row.level,
    status: row.status,
    patient: { id: row.patient_id, name: row.patient_name, externalId: row.patient_external_id },
    questionnaire: questionnaireSummary(q, row.questionnaire_id, row.questionnaire_version),
    trigger: row.trigger,
    submittedAt: row.submitted_at,
    ageDays: daysBetween(row.submitted_at, ctx.now()),
    reasons,
    reasonCount: reasons.length,
    urgent: row.urgent === 1,
    urgentReasons,
    urgentReasonCount: urgentReasons.length,
    ownWords: row.own_words === 1,
    ownWordsExcerpts: row.own_words === 1 ? ownWordsExcerpts(ownWordsOf(reasons)) : [],
    worseSinceLast: worse.map((w) => ({ ...w, title: scaleTitle(w.scale) })),
    ...ownershipOf(row, ctx.now()),
    ...(row.return_reason !== null ? { returnReason: row.return_reason } : {}),
    ...provenanceOf(row),
    ...(row.respondent === 'relative' ? { respondentNote: relativeAnsweredText(row.relationship) } : {}),
  };
}

/** The texts the patient wrote: the own-words reason's evidence holds them, in survey order. */
function ownWordsOf(reasons: readonly FlagReason[]): OwnWordsAnswer[] {
  const evidence = reasons.find((r) => r.rule === OWN_WORDS_RULE)?.evidence ?? [];
  return evidence.flatMap((e) => (e.kind === 'item' && typeof e.value === 'string' ? [{ question: e.item, text: e.value }] : []));
}

export interface WorklistFilter {
  statuses?: FlagStatus[];
  levels?: Level[];
  /** Only flags past their deadline and not closed. */
  overdue?: boolean;
  /** Only flags not closed, not yet overdue, due before the end of the clinic's day (the Overview's "due today"). */
  dueToday?: boolean;
  /** Only flags without an owner (the Overview's "no owner"). */
  unowned?: boolean;
  offset?: number;
  /** The page after this cursor (the `nextCursor` of the page before; not with `offset`). */
  after?: WorklistCursor;
  limit?: number;
}

function withMissedMarker(item: WorklistItem, missed: ReadonlySet<string>): WorklistItem {
  return missed.has(item.patient.id) ? { ...item, tags: [{ kind: 'missedLastTwo' } satisfies WorklistTag, ...item.tags].slice(0, WORKLIST_TAG_LIMIT) } : item;
}

/** A worklist row: what the row shows (the reasons themselves come on expand, flagSummary). */
function worklistItem(ctx: ServiceContext, row: FlagWithContext, q: QuestionnaireVersion | undefined): WorklistItem {
  const stored: unknown = JSON.parse(row.reasons);
  const reasons = fromStoredReasons(stored, q?.definition.flagging.rules);
  const { outcomeNote: _note, acknowledgedAt: _acknowledged, ...ownership } = ownershipOf(row, ctx.now());
  return {
    id: row.id,
    responseId: row.response_id,
    level: row.level as Level,
    status: row.status as FlagStatus,
    patient: { id: row.patient_id, name: row.patient_name, externalId: row.patient_external_id },
    trigger: row.trigger as Trigger,
    submittedAt: row.submitted_at,
    ageDays: daysBetween(row.submitted_at, ctx.now()),
    mode: row.mode,
    ...(row.respondent === 'relative' ? { respondentNote: relativeAnsweredText(row.relationship) } : {}),
    urgent: row.urgent === 1,
    urgentReasonCount: fromStoredUrgentReasons(stored, q?.definition.flagging.urgency).length,
    reasonCount: reasons.length,
    ownWords: row.own_words === 1,
    tags: worklistTags(reasons, row.own_words === 1),
    worseCount: row.worse_since_last === null ? 0 : (JSON.parse(row.worse_since_last) as WorseChange[]).length,
    ...ownership,
    ...(row.return_reason !== null ? { returnReason: row.return_reason } : {}),
  };
}

/**
 * One page of flags in the worklist order (urgent, then overdue, then level highest first, then
 * oldest); with the number matching the filter, the count by level, and the team's recent answers.
 */
export async function listFlags(ctx: ServiceContext, by: StaffActor, filter: WorklistFilter): Promise<WorklistPage> {
  // A walk through the pages keeps its first page's instant: "overdue" (the order, the filters) means the same on each page.
  const now = filter.after?.now ?? ctx.now().toISOString();
  const walkNow = new Date(now);
  const statuses = filter.statuses?.length ? filter.statuses : WORKLIST_STATUSES;
  // Need-to-know (issue 24): the flags of her units; a site admin's, every unit's.
  const unitIds = visibleUnits(await scopeOf(ctx.db, by, ctx.now()));
  const base = {
    statuses, unitIds, ...(filter.overdue ? { overdueAt: now } : {}), ...(filter.unowned ? { unowned: true } : {}),
    ...(filter.dueToday ? { due: { from: now, before: endOfDay(walkNow, SITE_TIME_ZONE).toISOString() } } : {}),
  };
  const query = { ...base, ...(filter.levels?.length ? { levelRanks: filter.levels.map((l) => LEVEL_RANK[l]) } : {}) };
  const offset = filter.after?.at ?? filter.offset ?? 0;
  const limit = filter.limit ?? FLAG_PAGE_SIZE;
  // One row more than the page says whether there is a next page.
  const found = await listFlagRows(ctx.db, { ...query, now, limit: limit + 1, ...(filter.after ? { after: filter.after.key } : { offset }) });
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  const nextCursor = found.length > limit && last
    ? encodeWorklistCursor({ now, key: [last.urgent === 1 ? 1 : 0, last.sort_overdue === 1 ? 1 : 0, last.sort_level_rank, last.created_at, last.id], at: offset + rows.length })
    : null;
  const counts = await countFlagsByLevel(ctx.db, base);
  const count = (l: Level) => counts.get(LEVEL_RANK[l]) ?? 0;
  const byLevel: Record<Level, number> = { none: count('none'), basic: count('basic'), specialized: count('specialized') };
  const total = Math.min(COUNT_CAP + 1, LEVELS.filter((l) => !filter.levels?.length || filter.levels.includes(l)).reduce((n, l) => n + byLevel[l], 0));
  const since = new Date(ctx.now().getTime() - TEAM_ANSWER_DAYS * 86_400_000).toISOString();
  const teamAnswers = (await recentlyDecidedReferrals(ctx.db, since, TEAM_ANSWER_LIMIT, unitIds)).map((r): TeamAnswer => ({
    referralId: r.id, flagId: r.flag_id, patient: { id: r.patient_id, name: r.patient_name, externalId: r.patient_external_id },
    status: r.status === 'accepted' ? 'accepted' : 'returned',
    note: (r.status === 'returned' ? r.decision_reason : r.decision_note ?? r.decision_reason) || null,
    decidedAt: r.decided_at ?? now,
  }));
  const definition = await definitionsFor(ctx, rows);
  // The list shows what the patients reported (scores, own words, contact wish) and the team's notes: a read of these patients' data.
  await recordAudit(ctx.db, by, ctx.now(), {
    action: 'flags.listed', entityType: 'flag',
    details: {
      statuses, levels: filter.levels ?? null, overdue: filter.overdue ?? false, dueToday: filter.dueToday ?? false, unowned: filter.unowned ?? false, offset, after: filter.after !== undefined, count: rows.length, total,
      patientIds: [...new Set([...rows.map((r) => r.patient_id), ...teamAnswers.map((a) => a.patient.id)])],
    },
  });
  // issue 25: a patient who stopped answering is a signal; the marker leads the row's tags.
  const missed = await patientsWhoMissedLastTwo(ctx, rows.map((r) => r.patient_id));
  const items = rows.map((r) => withMissedMarker(worklistItem(ctx, r, definition(r)), missed));
  const scaleTitles: Record<string, Localized> = {};
  items.forEach((item, i) => {
    for (const tag of item.tags) {
      if (tag.kind === 'scale') scaleTitles[tag.scale] ??= definition(rows[i]!)?.definition.scales.find((s) => s.id === tag.scale)?.title ?? { da: tag.scale, en: tag.scale };
    }
  });
  return { items, total, byLevel, teamAnswers, scaleTitles, offset, limit, nextCursor };
}

/**
 * One flag as the worklist's expanded row shows it: every reason with its evidence, the urgent
 * reasons, the patient's own words and how the response was given. Reading it does not open the
 * flag (the response page does); audited as a read of the patient's answers.
 */
export async function flagSummary(ctx: ServiceContext, by: StaffActor, id: string): Promise<FlagSummary> {
  await requireFlagAccess(ctx, by, id);
  const row = await findFlagWithContext(ctx.db, id);
  if (!row) throw new ServiceError('not_found', 'flag_not_found', 'No such flag');
  const q = await ctx.questionnaires.version(ctx.db, row.questionnaire_id, row.questionnaire_version);
  await recordAudit(ctx.db, by, ctx.now(), { action: 'flag.summary.read', entityType: 'flag', entityId: id, patientId: row.patient_id, details: { responseId: row.response_id } });
  return summarize(ctx, row, q);
}

/** The team sees a flag's answers only while it is referred to the team's unit (services/access.ts); anyone else only her units' patients'. */
export async function flagDetail(ctx: ServiceContext, by: StaffActor, id: string): Promise<FlagDetail> {
  await requireFlagAccess(ctx, by, id);
  const row = await findFlagWithContext(ctx.db, id);
  if (!row) throw new ServiceError('not_found', 'flag_not_found', 'No such flag');
  const q = await ctx.questionnaires.version(ctx.db, row.questionnaire_id, row.questionnaire_version);
  if (!q) throw new Error(`Questionnaire ${row.questionnaire_id}@${row.questionnaire_version} of flag ${id} is missing`);
  const response = (await findResponse(ctx.db, row.response_id))!;
  const answers = JSON.parse(response.answers) as Record<string, unknown>;

  const history = await responsesOfPatient(ctx.db, row.patient_id, row.questionnaire_id);
  const scores = await scoresByResponse(ctx.db, history.map((h) => h.id));
  const decision = await latestFlagDecision(ctx.db, id);
  const referral = await latestReferralOfFlag(ctx.db, id);

  // Opened by a nurse or admin: a flag with own words may now be decided (the team only reads referrals).
  if (by.role !== 'palliative_team' && row.opened_at === null) await changeFlag(ctx.db, id, { type: 'open', by: by.id, at: ctx.now().toISOString() });
  await recordAudit(ctx.db, by, ctx.now(), { action: 'answers.read', entityType: 'flag', entityId: id, patientId: row.patient_id, details: { responseId: row.response_id } });

  const { definition } = q;
  const texts = surveyTexts(q.questions);
  // The survey JSON was checked at load: its texts are SurveyJS localizable strings.
  const textOf = (name: string, value: unknown): SurveyText | SurveyText[] | undefined => {
    const choices = texts.get(name)?.choices;
    if (!choices?.size) return undefined;
    return (Array.isArray(value) ? value.map((v) => choices.get(v) ?? v) : choices.get(value)) as SurveyText | SurveyText[] | undefined;
  };
  return {
    flag: summarize(ctx, row, q),
    patient: patientSummary({ id: row.patient_id, name: row.patient_name, external_id: row.patient_external_id }),
    questionnaire: { ...questionnaireSummary(q, definition.id, definition.version), areas: definition.areas },
    answers: [...q.questions.values()].map((question): Answer => {
      const value = answers[question.name] ?? null;
      const text = value === null ? undefined : textOf(question.name, value);
      const comment = answers[`${question.name}-Comment`];
      return {
        question: question.name,
        title: (texts.get(question.name)?.title ?? question.name) as SurveyText,
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
            responsibleUser: decision.responsible_user_id
              ? { id: decision.responsible_user_id, username: decision.responsible_username ?? '', fullName: decision.responsible_full_name, title: decision.responsible_title }
              : null,
            decidedBy: { id: decision.decided_by_id, username: decision.decided_by_username }, decidedAt: decision.decided_at,
          },
        }
      : {}),
    ...(referral
      ? { referral: { id: referral.id, status: referral.status, text: referral.text, reason: referral.decision_reason, note: referral.decision_note, createdAt: referral.created_at, decidedAt: referral.decided_at } }
      : {}),
    history: history.map((h) => ({
      ...provenanceOf(h),
      responseId: h.id,
      submittedAt: h.submitted_at,
      scores: (scores.get(h.id) ?? []).map((s) => ({ scale: s.scale, score: s.score === null ? null : Number(s.score) })),
    })),
    ...contactWish(answers, textOf),
    referralService: referralServiceOf((await ctx.siteSettings()).referralServices, row.questionnaire_id),
  };
}

/**
 * The patient's wish to be contacted, by convention the `contact_wish` question (see
 * questionnaires/README.md); absent when the questionnaire has none or the patient wants no contact.
 */
export function contactWish(answers: Record<string, unknown>, textOf: (name: string, value: unknown) => SurveyText | SurveyText[] | undefined): Pick<FlagDetail, 'contact'> {
  const value = answers.contact_wish;
  const wanted = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).filter((v) => v !== 'none' && v !== false);
  if (wanted.length === 0) return {};
  const text = textOf('contact_wish', wanted) ?? wanted.map(String);
  return { contact: { question: 'contact_wish', values: wanted, text: Array.isArray(text) ? text : [text] } };
}

/**
 * A plan's responsible: a staff user who may own flags (the assign list: 422 invalid_assignee for
 * anyone else), kept with their name as it reads today so the text column is never empty; or the
 * free text for someone outside the hospital.
 */
async function responsibleOf(tx: Db, input: Extract<FlagDecision, { action: 'basic' }>): Promise<{ responsible: string; responsible_user_id: string | null }> {
  if (input.responsibleUserId === undefined) return { responsible: input.responsible ?? '', responsible_user_id: null };
  const user = await findStaffUserById(tx, input.responsibleUserId);
  if (!user || !canOwnFlags(user)) {
    throw new ServiceError('invalid', 'invalid_assignee', 'A plan\'s responsible staff user must be an enabled nurse or admin', [{ path: 'responsibleUserId', message: 'must be an enabled nurse or admin' }]);
  }
  const name = user.full_name ? [user.full_name, user.title].filter(Boolean).join(', ') : user.username;
  return { responsible: name, responsible_user_id: user.id };
}

/**
 * Records the nurse's decision; "refer" creates a pending referral to the palliative team. What
 * each action needs (a plan's responsible, date and note...) is checked by decisionSchema.
 */
export async function decideFlag(ctx: ServiceContext, by: StaffActor, id: string, input: FlagDecision): Promise<DecisionResult> {
  await requireFlagAccess(ctx, by, id);
  const receivingUnit = input.action === 'refer' ? await receivingUnitFor(ctx, id, input.unitId) : null;
  const now = ctx.now();
  const at = now.toISOString();
  return transaction(ctx.db, async (tx) => {
    // A decision sets the status and closes the flag with the matching outcome (domain/flag-state.ts).
    const flag = await changeFlagOrFail(tx, id, { type: 'decide', action: input.action, note: input.note, at });
    const status = STATUS_OF_DECISION[input.action];
    const responsible = input.action === 'basic' ? await responsibleOf(tx, input) : { responsible: null, responsible_user_id: null };
    const decisionId = ctx.newId();
    await insertFlagDecision(tx, {
      id: decisionId, flag_id: id, action: input.action, note: input.note, ...responsible,
      next_evaluation: input.action === 'basic' ? input.nextEvaluation : null, decided_by: by.id, decided_at: at,
    });
    // issue 25: the plan's next evaluation moves the programme's next occurrence, or plans a one-off.
    if (input.action === 'basic') await planNextEvaluation(tx, ctx, by, now, { flagId: id, patientId: flag.patient_id, decisionId, date: input.nextEvaluation });
    await recordAudit(tx, by, now, { action: 'flag.decided', entityType: 'flag', entityId: id, patientId: flag.patient_id, details: { decision: input.action, from: flag.status } });
    let referralId: string | undefined;
    if (input.action === 'refer' && receivingUnit !== null) {
      referralId = ctx.newId();
      await insertReferral(tx, {
        id: referralId, flag_id: id, patient_id: flag.patient_id, status: 'pending', text: input.referralText ?? input.note, created_by: by.id, created_at: at,
        decided_by: null, decided_at: null, decision_reason: null, unit_id: receivingUnit,
      });
      await recordAudit(tx, by, now, { action: 'referral.created', entityType: 'referral', entityId: referralId, patientId: flag.patient_id, details: { flagId: id, unitId: receivingUnit } });
    }
    return { id, status, ...(referralId ? { referralId } : {}) };
  });
}

/**
 * The unit a referral goes to (issue 24): the one named, which must be a palliative team or a
 * rehabilitation service (422 unit_cannot_receive_referrals); without one, the only unit of the
 * kind the questionnaire's referrals go to (settings' referralServices), else the only receiving
 * unit there is (so an install with one team refers as before); else 422 unit_required.
 */
async function receivingUnitFor(ctx: ServiceContext, flagId: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    const unit = await findUnit(ctx.db, given);
    if (!unit) throw new ServiceError('invalid', 'unit_not_found', 'No such unit', [{ path: 'unitId', message: 'no such unit' }]);
    if (!REFERRAL_UNIT_KINDS.includes(unit.kind)) {
      throw new ServiceError('invalid', 'unit_cannot_receive_referrals', 'A referral goes to a palliative team or a rehabilitation service', [{ path: 'unitId', message: `a ${unit.kind} does not take referrals` }]);
    }
    return unit.id;
  }
  const row = await findFlagWithContext(ctx.db, flagId);
  const { referralServices } = await ctx.siteSettings();
  const kind = row && referralServices.rehabilitation.questionnaires.includes(row.questionnaire_id) ? 'rehabilitation' : 'palliative_team';
  const ofKind = await receivingUnits(ctx.db, [kind]);
  if (ofKind.length === 1) return ofKind[0]!.id;
  const all = await receivingUnits(ctx.db);
  if (all.length === 1) return all[0]!.id;
  throw new ServiceError('invalid', 'unit_required', 'Say which team the referral goes to', [{ path: 'unitId', message: `required: one of ${all.map((u) => u.id).join(', ') || 'no unit takes referrals'}` }]);
}

/** The palliative team's triage: pending referrals with the PRO summary, and accept or return. */
import { REFERRAL_HISTORY_DAYS, REFERRAL_LIST_LIMIT, type ReferralStatus } from '../contract/codes.js';
import { DAY_MS, daysBetween } from '../contract/duration.js';
import { referralServiceOf } from '../contract/settings.js';
import type { ReferralDecision, ReferralListQuery } from '../contract/requests.js';
import type { Referral, ReferralDecisionResult, SurveyText } from '../contract/responses.js';
import { decideReferral as decideReferralRow, findReferral, listReferrals as listReferralRows } from '../storage/referrals.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { changeFlag } from './flag-change.js';
import { contactWish } from './flags.js';
import type { QuestionnaireVersion } from './questionnaires.js';
import { surveyTexts } from './survey-text.js';
import { fromStoredUrgentReasons } from '../domain/stored-reasons.js';
import { definitionsFor, describeScores, parseReasons, questionnaireSummary, scoresByResponse } from './pro-summary.js';
import { transaction } from '../storage/transaction.js';
import { scopeOf, visibleUnits } from './access.js';

/** A date (YYYY-MM-DD, the start of that day in UTC) or a time as an ISO instant, comparable with the stored times. */
function sinceInstant(since: string): string {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00.000Z` : since).toISOString();
}

/**
 * The team's queue: every pending referral (never hidden by age; urgent ones first, then the longest waiting), or the accepted or returned ones
 * decided in the last REFERRAL_HISTORY_DAYS days (or since `since`); at most REFERRAL_LIST_LIMIT.
 */
export async function listReferrals(ctx: ServiceContext, by: StaffActor, { status, since: asked }: ReferralListQuery): Promise<Referral[]> {
  const now = ctx.now();
  const since = asked !== undefined ? sinceInstant(asked) : status === 'pending' ? undefined : new Date(now.getTime() - REFERRAL_HISTORY_DAYS * DAY_MS).toISOString();
  // Need-to-know (issue 24): the referrals to her units (a team's queue is its own); a site admin's, every unit's.
  const unitIds = visibleUnits(await scopeOf(ctx.db, by, ctx.now()));
  const rows = await listReferralRows(ctx.db, { status, ...(since !== undefined ? { since } : {}), unitIds, limit: REFERRAL_LIST_LIMIT });
  const scores = await scoresByResponse(ctx.db, rows.map((r) => r.response_id));
  const definition = await definitionsFor(ctx, rows);
  const { referralServices } = await ctx.siteSettings();
  await recordAudit(ctx.db, by, now, { action: 'referrals.listed', entityType: 'referral', details: { status, since: since ?? null, count: rows.length, patientIds: [...new Set(rows.map((r) => r.patient_id))] } });
  return rows.map((r): Referral => {
    const q = definition(r);
    return {
      id: r.id,
      flagId: r.flag_id,
      status: r.status,
      patient: { id: r.patient_id, name: r.patient_name, externalId: r.patient_external_id },
      questionnaire: questionnaireSummary(q, r.questionnaire_id, r.questionnaire_version),
      createdAt: r.created_at,
      referredBy: { id: r.referred_by_id, username: r.referred_by_username },
      // Waiting until the team decided, or until now while pending.
      waitingDays: daysBetween(r.created_at, r.decided_at ?? now),
      decidedAt: r.decided_at,
      decidedBy: r.decided_by_id !== null && r.decided_by_username !== null ? { id: r.decided_by_id, username: r.decided_by_username } : null,
      reason: r.decision_reason,
      note: r.decision_note,
      text: r.text,
      level: r.level,
      reasons: parseReasons(r.reasons, q),
      service: referralServiceOf(referralServices, r.questionnaire_id),
      ...contactWishOf(q, r.answers),
      urgent: r.urgent === 1,
      urgentReasons: fromStoredUrgentReasons(JSON.parse(r.reasons), q?.definition.flagging.urgency),
      submittedAt: r.submitted_at,
      scores: q ? describeScores(q.definition, scores.get(r.response_id) ?? []) : [],
    };
  });
}

/** The patient's exact wish to be contacted (what she ticked), as on the response. */
function contactWishOf(q: QuestionnaireVersion | undefined, answersJson: string): Pick<Referral, 'contact'> {
  if (!q) return {};
  const texts = surveyTexts(q.questions);
  // The survey JSON was checked at load: its choice texts are SurveyJS localizable strings.
  const textOf = (name: string, value: unknown) => {
    const choices = texts.get(name)?.choices;
    if (!choices?.size) return undefined;
    return (Array.isArray(value) ? value.map((v) => choices.get(v) ?? v) : choices.get(value)) as SurveyText | SurveyText[] | undefined;
  };
  return contactWish(JSON.parse(answersJson) as Record<string, unknown>, textOf);
}

/** Accept (with an optional note for the nurse), or return to the basic level with a reason: the flag goes back on the nurses' worklist. */
export async function decideReferral(ctx: ServiceContext, by: StaffActor, id: string, input: ReferralDecision): Promise<ReferralDecisionResult> {
  const reason = (input.reason ?? '').trim();
  if (input.action === 'return' && !reason) {
    throw new ServiceError('invalid', 'reason_required', 'Returning a referral needs a reason', [{ path: 'reason', message: 'required when returning a referral' }]);
  }
  const now = ctx.now();
  const at = now.toISOString();
  const status: ReferralStatus = input.action === 'accept' ? 'accepted' : 'returned';
  const unitIds = visibleUnits(await scopeOf(ctx.db, by, ctx.now()));
  return transaction(ctx.db, async (tx) => {
    const referral = await findReferral(tx, id);
    // Another unit's referral is a 404 like an unknown id.
    if (!referral || (unitIds !== null && !unitIds.includes(referral.unit_id))) throw new ServiceError('not_found', 'referral_not_found', 'No such referral');
    const note = input.action === 'accept' && input.note ? input.note : null;
    if (!(await decideReferralRow(tx, id, { status, decidedBy: by.id, decidedAt: at, reason, note }))) {
      throw new ServiceError('conflict', 'referral_already_decided', `This referral is already ${referral.status}`, { status: referral.status });
    }
    // Accepting changes nothing on the flag; returning puts it back on the nurses' worklist (domain/flag-state.ts).
    if (status === 'returned') await changeFlag(tx, referral.flag_id, { type: 'referral_returned', reason, at });
    await recordAudit(tx, by, now, { action: `referral.${status}`, entityType: 'referral', entityId: id, patientId: referral.patient_id, details: { flagId: referral.flag_id, note: note !== null } });
    return { id, status };
  });
}

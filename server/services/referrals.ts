/** The palliative team's triage: pending referrals with the PRO summary, and accept or return. */
import type { Level, ReferralStatus } from '../contract/codes.js';
import type { ReferralDecision } from '../contract/requests.js';
import type { Referral, ReferralDecisionResult } from '../contract/responses.js';
import { updateFlagStatus } from '../storage/flags.js';
import { reopenOnReturn } from './flag-loop.js';
import { decideReferral as decideReferralRow, findReferral, listReferrals as listReferralRows } from '../storage/referrals.js';
import { recordAudit } from './audit.js';
import { daysBetween, type ServiceContext, type StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { definitionsFor, describeScores, parseReasons, questionnaireSummary, scoresByResponse } from './pro-summary.js';

export const REFERRAL_LIST_LIMIT = 500;

export async function listReferrals(ctx: ServiceContext, by: StaffActor, status: ReferralStatus): Promise<Referral[]> {
  const rows = await listReferralRows(ctx.db, { status, limit: REFERRAL_LIST_LIMIT });
  const scores = await scoresByResponse(ctx.db, rows.map((r) => r.response_id));
  const definition = await definitionsFor(ctx, rows);
  const now = ctx.now();
  await recordAudit(ctx.db, by, now, { action: 'referrals.listed', entityType: 'referral', details: { status, count: rows.length, patientIds: [...new Set(rows.map((r) => r.patient_id))] } });
  return rows.map((r): Referral => {
    const q = definition(r);
    return {
      id: r.id,
      flagId: r.flag_id,
      status: r.status as ReferralStatus,
      patient: { id: r.patient_id, name: r.patient_name, externalId: r.patient_external_id },
      questionnaire: questionnaireSummary(q, r.questionnaire_id, r.questionnaire_version),
      createdAt: r.created_at,
      referredBy: { id: r.referred_by_id, username: r.referred_by_username },
      // Waiting until the team decided, or until now while pending.
      waitingDays: daysBetween(r.created_at, r.decided_at ?? now),
      decidedAt: r.decided_at,
      reason: r.decision_reason,
      text: r.text,
      level: r.level as Level,
      reasons: parseReasons(r.reasons, q),
      submittedAt: r.submitted_at,
      scores: q ? describeScores(q.definition, scores.get(r.response_id) ?? []) : [],
    };
  });
}

/** Accept, or return to the basic level with a reason: the flag goes back on the nurses' worklist. */
export async function decideReferral(ctx: ServiceContext, by: StaffActor, id: string, input: ReferralDecision): Promise<ReferralDecisionResult> {
  const reason = (input.reason ?? '').trim();
  if (input.action === 'return' && !reason) {
    throw new ServiceError('invalid', 'reason_required', 'Returning a referral needs a reason', [{ path: 'reason', message: 'required when returning a referral' }]);
  }
  const now = ctx.now();
  const at = now.toISOString();
  const status: ReferralStatus = input.action === 'accept' ? 'accepted' : 'returned';
  return ctx.db.transaction().execute(async (tx) => {
    const referral = await findReferral(tx, id);
    if (!referral) throw new ServiceError('not_found', 'referral_not_found', 'No such referral');
    if (!(await decideReferralRow(tx, id, { status, decidedBy: by.id, decidedAt: at, reason }))) {
      throw new ServiceError('conflict', 'referral_already_decided', `This referral is already ${referral.status}`, { status: referral.status });
    }
    if (status === 'returned') {
      await updateFlagStatus(tx, referral.flag_id, ['referred'], { status: 'returned', updatedAt: at, returnReason: reason });
      await reopenOnReturn(tx, referral.flag_id, at);
    }
    await recordAudit(tx, by, now, { action: `referral.${status}`, entityType: 'referral', entityId: id, patientId: referral.patient_id, details: { flagId: referral.flag_id } });
    return { id, status };
  });
}

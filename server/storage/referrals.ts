import type { ReferralStatus } from '../contract/codes.js';
import type { Db, NewRow, Row } from './database.js';

export type ReferralRow = Row<'referrals'>;

export async function insertReferral(db: Db, referral: NewRow<'referrals'>): Promise<void> {
  await db.insertInto('referrals').values(referral).execute();
}

export async function findReferral(db: Db, id: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestReferralOfFlag(db: Db, flagId: string): Promise<ReferralRow | undefined> {
  return db.selectFrom('referrals').selectAll().where('flag_id', '=', flagId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function hasReferral(db: Db, where: { flagId?: string; patientId?: string }): Promise<boolean> {
  let q = db.selectFrom('referrals').select('id');
  if (where.flagId) q = q.where('flag_id', '=', where.flagId);
  if (where.patientId) q = q.where('patient_id', '=', where.patientId);
  return (await q.limit(1).executeTakeFirst()) !== undefined;
}

/** Records the team's decision on a pending referral; false when it was not pending any more. */
export async function decideReferral(db: Db, id: string, decision: { status: ReferralStatus; decidedBy: string; decidedAt: string; reason: string; note: string | null }): Promise<boolean> {
  const result = await db
    .updateTable('referrals')
    .set({ status: decision.status, decided_by: decision.decidedBy, decided_at: decision.decidedAt, decision_reason: decision.reason, decision_note: decision.note })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Referrals with their flag, response, patient, referring nurse and deciding team member; pending
 * urgent first, then oldest first (issue 23: urgency reaches the team), decided newest first. `since`: pending ones created, decided ones decided, from then on.
 */
/** `unitIds`: only referrals to these units (null: every unit). */
export async function listReferrals(db: Db, filter: { status: ReferralStatus; since?: string; unitIds: readonly string[] | null; limit: number }) {
  const pending = filter.status === 'pending';
  let query = db
    .selectFrom('referrals')
    .innerJoin('flags', 'flags.id', 'referrals.flag_id')
    .innerJoin('responses', 'responses.id', 'flags.response_id')
    .innerJoin('patients', 'patients.id', 'referrals.patient_id')
    .innerJoin('staff_users', 'staff_users.id', 'referrals.created_by')
    .leftJoin('staff_users as deciders', 'deciders.id', 'referrals.decided_by')
    .select([
      'referrals.id', 'referrals.flag_id', 'referrals.status', 'referrals.text', 'referrals.created_at', 'referrals.decided_at',
      'referrals.decision_reason', 'referrals.decision_note', 'deciders.id as decided_by_id', 'deciders.username as decided_by_username', 'flags.level', 'flags.urgent', 'flags.reasons', 'flags.response_id', 'responses.questionnaire_id', 'responses.answers',
      'responses.questionnaire_version', 'responses.submitted_at', 'patients.id as patient_id', 'patients.name as patient_name',
      'patients.external_id as patient_external_id', 'staff_users.id as referred_by_id', 'staff_users.username as referred_by_username', 'referrals.unit_id',
    ])
    .where('referrals.status', '=', filter.status);
  if (filter.since !== undefined) query = query.where(pending ? 'referrals.created_at' : 'referrals.decided_at', '>=', filter.since);
  if (filter.unitIds) query = query.where('referrals.unit_id', 'in', filter.unitIds.length ? filter.unitIds : ['']);
  if (pending) query = query.orderBy('flags.urgent', 'desc');
  return query
    .orderBy(pending ? 'referrals.created_at' : 'referrals.decided_at', pending ? 'asc' : 'desc')
    .orderBy('referrals.id')
    .limit(filter.limit)
    .execute();
}

/**
 * Referrals accepted or returned since `since`, newest decision first, with their patient: the
 * team's answers on the worklist, of flags of `unitIds` (null: every unit).
 */
export async function recentlyDecidedReferrals(db: Db, since: string, limit: number, unitIds: readonly string[] | null = null) {
  let q = db
    .selectFrom('referrals')
    .innerJoin('patients', 'patients.id', 'referrals.patient_id')
    .select([
      'referrals.id', 'referrals.flag_id', 'referrals.status', 'referrals.decided_at', 'referrals.decision_reason', 'referrals.decision_note',
      'patients.id as patient_id', 'patients.name as patient_name', 'patients.external_id as patient_external_id',
    ])
    .where('referrals.status', 'in', ['accepted', 'returned'])
    .where('referrals.decided_at', '>=', since);
  if (unitIds) q = q.where('referrals.flag_id', 'in', (eb) => eb.selectFrom('flags').select('flags.id').where('flags.unit_id', 'in', unitIds.length ? unitIds : ['']));
  return q
    .orderBy('referrals.decided_at', 'desc')
    .orderBy('referrals.id')
    .limit(limit)
    .execute();
}

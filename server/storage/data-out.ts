/**
 * The reads behind data out (issue 14): the CSV export's pages of responses, and the facts the quality
 * indicators are computed from. Periods are instants [start, end) in ISO-8601 UTC, like the columns.
 */
import { sql } from 'kysely';
import type { Db, Row } from './database.js';

/** A response's answer mode (migration 0012; rows from before it are `self`). */
const responseMode = sql.ref<string | null>('responses.mode');

export interface ExportFilter {
  start: string;
  end: string;
  questionnaireId?: string;
  /** Only responses to links (or entries) made in these units (issue 24); null: every unit. */
  unitIds: readonly string[] | null;
}

/** `unitIds` (null: every unit) as a list a query's `in` takes: none matches nothing. */
const unitList = (unitIds: readonly string[]) => (unitIds.length ? unitIds : ['']);

function responsesIn(db: Db, filter: ExportFilter) {
  let q = db.selectFrom('responses').where('responses.submitted_at', '>=', filter.start).where('responses.submitted_at', '<', filter.end);
  if (filter.questionnaireId !== undefined) q = q.where('responses.questionnaire_id', '=', filter.questionnaireId);
  const { unitIds } = filter;
  if (unitIds) q = q.where('responses.invitation_id', 'in', (eb) => eb.selectFrom('invitations').select('invitations.id').where('invitations.unit_id', 'in', unitList(unitIds)));
  return q;
}

/** The questionnaire versions answered in the period (they decide the CSV's score columns). */
export async function exportedVersions(db: Db, filter: ExportFilter) {
  return responsesIn(db, filter)
    .select(['responses.questionnaire_id', 'responses.questionnaire_version'])
    .distinct()
    .orderBy('responses.questionnaire_id')
    .orderBy('responses.questionnaire_version')
    .execute();
}

/**
 * One page of the export: responses after `afterId` in id order. Keyset paging on the primary key
 * (ids are time-ordered UUIDv7, so this is the order they were stored in): each page starts where the
 * last one ended in the index, whatever the size of the table, and memory holds one page only.
 */
export async function exportPage(db: Db, filter: ExportFilter, afterId: string | null, limit: number) {
  let q = responsesIn(db, filter)
    .innerJoin('invitations', 'invitations.id', 'responses.invitation_id')
    .innerJoin('patients', 'patients.id', 'responses.patient_id')
    .leftJoin('flags', 'flags.response_id', 'responses.id')
    .select([
      'responses.id', 'patients.external_id', 'responses.questionnaire_id', 'responses.questionnaire_version', 'invitations.trigger',
      'responses.submitted_at', 'flags.id as flag_id', 'flags.level', 'flags.urgent',
    ])
    .select(responseMode.as('mode'));
  if (afterId !== null) q = q.where('responses.id', '>', afterId);
  return q.orderBy('responses.id').limit(limit).execute();
}

/** The scores of the responses: only the columns the export writes (a page holds thousands of score rows). */
export async function scoresOf(db: Db, responseIds: readonly string[]) {
  if (responseIds.length === 0) return [];
  return db.selectFrom('scale_scores').select(['response_id', 'scale', 'score']).where('response_id', 'in', responseIds).execute();
}

/** The latest nurse's decision on each of the flags (by decision time, then id). */
export async function latestDecisions(db: Db, flagIds: readonly string[]) {
  const latest = new Map<string, Pick<Row<'flag_decisions'>, 'action' | 'note' | 'decided_at'>>();
  if (flagIds.length === 0) return latest;
  const rows = await db
    .selectFrom('flag_decisions')
    .select(['flag_id', 'action', 'note', 'decided_at'])
    .where('flag_id', 'in', flagIds)
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
  for (const row of rows) latest.set(row.flag_id, row);
  return latest;
}

/** The latest referral of each of the flags (a returned flag can be referred again). */
export async function latestReferrals(db: Db, flagIds: readonly string[]) {
  const latest = new Map<string, Pick<Row<'referrals'>, 'status' | 'decision_reason' | 'decided_at'>>();
  if (flagIds.length === 0) return latest;
  const rows = await db
    .selectFrom('referrals')
    .select(['flag_id', 'status', 'decision_reason', 'decided_at'])
    .where('flag_id', 'in', flagIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const row of rows) latest.set(row.flag_id, row);
  return latest;
}

/** Invitations sent in the period (of `unitIds`; null: every unit). */
export async function invitationFacts(db: Db, start: string, end: string, unitIds: readonly string[] | null) {
  let q = db.selectFrom('invitations').select(['patient_id', 'created_at', 'answered_at']).where('created_at', '>=', start).where('created_at', '<', end);
  if (unitIds) q = q.where('unit_id', 'in', unitList(unitIds));
  return q.execute();
}

/** Responses submitted in the period, each with its flag and the action of the nurse's latest decision on it (null when none). */
export async function responseFacts(db: Db, start: string, end: string, unitIds: readonly string[] | null) {
  let q = db
    .selectFrom('responses')
    .innerJoin('flags', 'flags.response_id', 'responses.id')
    .select([
      'responses.patient_id', 'responses.submitted_at', 'flags.level', 'flags.created_at as flag_created_at', 'flags.due_at', 'flags.first_action_at', 'flags.closed_at',
    ])
    .select(responseMode.as('mode'))
    .select((eb) =>
      eb.selectFrom('flag_decisions').select('flag_decisions.action').whereRef('flag_decisions.flag_id', '=', 'flags.id')
        .orderBy('flag_decisions.decided_at', 'desc').orderBy('flag_decisions.id', 'desc').limit(1)
        .as('decision'),
    )
    .where('responses.submitted_at', '>=', start)
    .where('responses.submitted_at', '<', end);
  if (unitIds) q = q.where('flags.unit_id', 'in', unitList(unitIds));
  return q.execute();
}

/** Referrals made in the period (to or from `unitIds`: the receiving unit or the flag's; null: every unit). */
export async function referralFacts(db: Db, start: string, end: string, unitIds: readonly string[] | null) {
  let q = db.selectFrom('referrals').select(['created_at', 'status', 'decided_at', 'decision_reason']).where('created_at', '>=', start).where('created_at', '<', end);
  if (unitIds) {
    const units = unitList(unitIds);
    q = q.where((eb) => eb.or([eb('unit_id', 'in', units), eb('flag_id', 'in', eb.selectFrom('flags').select('flags.id').where('flags.unit_id', 'in', units))]));
  }
  return q.execute();
}

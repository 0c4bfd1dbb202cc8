import { sql } from 'kysely';
import type { Respondent } from '../contract/codes.js';
import type { Db, NewRow, Row } from './database.js';
import { PROVENANCE_COLUMNS } from './flags.js';

export type ResponseRow = Row<'responses'>;

/** A response and its scale scores (one row per scale). */
export async function insertResponse(db: Db, response: NewRow<'responses'>, scores: NewRow<'scale_scores'>[]): Promise<void> {
  await db.insertInto('responses').values(response).execute();
  if (scores.length > 0) await db.insertInto('scale_scores').values(scores).execute();
}

export async function findResponse(db: Db, id: string): Promise<ResponseRow | undefined> {
  return db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The response an invitation was answered with (one at most), if any. */
export async function findResponseOfInvitation(db: Db, invitationId: string): Promise<ResponseRow | undefined> {
  return db.selectFrom('responses').selectAll().where('invitation_id', '=', invitationId).executeTakeFirst();
}

/** Responses submitted since `since` to links (or entries) of `unitIds` (null: every unit). */
export async function countResponsesSince(db: Db, since: string, unitIds: readonly string[] | null = null): Promise<number> {
  let q = db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).where('submitted_at', '>=', since);
  if (unitIds) q = q.where('invitation_id', 'in', (eb) => eb.selectFrom('invitations').select('invitations.id').where('invitations.unit_id', 'in', unitIds.length ? unitIds : ['']));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function scoresOfResponses(db: Db, responseIds: readonly string[]): Promise<Row<'scale_scores'>[]> {
  if (responseIds.length === 0) return [];
  return db.selectFrom('scale_scores').selectAll().where('response_id', 'in', responseIds).execute();
}

/** A patient's responses, oldest first, optionally of one questionnaire; with how each was given and its flag's id, level and status. */
export async function responsesOfPatient(db: Db, patientId: string, questionnaireId?: string) {
  let q = db
    .selectFrom('responses')
    .leftJoin('flags', 'flags.response_id', 'responses.id')
    .leftJoin('staff_users as recorder', 'recorder.id', 'responses.recorded_by')
    .leftJoin('staff_users as verifier', 'verifier.id', 'responses.verified_by')
    .select(PROVENANCE_COLUMNS)
    .select([
      'responses.id', 'responses.questionnaire_id', 'responses.questionnaire_version',
      'flags.id as flag_id', 'flags.level as flag_level', 'flags.status as flag_status',
    ])
    .where('responses.patient_id', '=', patientId);
  if (questionnaireId) q = q.where('responses.questionnaire_id', '=', questionnaireId);
  return q.orderBy('responses.submitted_at').orderBy('responses.id').execute();
}

/**
 * The patient's latest response to the questionnaire answered on or before `day` (YYYY-MM-DD) by
 * the same kind of respondent (the patient, or a relative: relatives rate symptoms worse, so "worse
 * since last time" compares like with like), with its answers and scale scores. By the day it was
 * answered (a paper form's own date, else the day it was submitted), then by submission: a paper
 * form entered late is compared with what came before it, not with answers given after it.
 * Undefined before the first such response.
 */
export async function latestResponseOfPatient(
  db: Db,
  of: { patientId: string; questionnaireId: string; day: string; respondent: Respondent },
): Promise<{ id: string; answers: string; scores: Pick<Row<'scale_scores'>, 'scale' | 'score'>[] } | undefined> {
  const answerDay = sql<string>`coalesce(${sql.ref('answered_on')}, substr(${sql.ref('submitted_at')}, 1, 10))`;
  const latest = await db
    .selectFrom('responses')
    .select(['id', 'answers'])
    .where('patient_id', '=', of.patientId).where('questionnaire_id', '=', of.questionnaireId).where('respondent', '=', of.respondent)
    .where(answerDay, '<=', of.day)
    .orderBy(answerDay, 'desc').orderBy('submitted_at', 'desc').orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return undefined;
  const scores = await db.selectFrom('scale_scores').select(['scale', 'score']).where('response_id', '=', latest.id).execute();
  return { ...latest, scores };
}

/** Records the check of a paper entry against the paper, once: false when it was verified meanwhile. */
export async function markVerified(db: Db, id: string, by: { id: string; at: string }): Promise<boolean> {
  const result = await db
    .updateTable('responses')
    .set({ verified_by: by.id, verified_at: by.at })
    .where('id', '=', id)
    .where('mode', '=', 'paper')
    .where('verified_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

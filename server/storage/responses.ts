import type { CompiledQuery } from 'kysely';
import type { Db, Row } from './database.js';
import { prepared, type Prepared } from './prepared.js';

export type ResponseRow = Row<'responses'>;

const insertResponseRow = prepared<Row<'responses'>>((db, p) => db.insertInto('responses').values(p));

/** One multi-row insert per number of scales (a questionnaire's scale count is fixed), with its parameter names. */
const insertScores = new Map<number, { insert: Prepared<Record<string, unknown>, unknown>; names: string[][] }>();
function insertScoresOf(count: number) {
  let entry = insertScores.get(count);
  if (!entry) {
    const names = Array.from({ length: count }, (_, i) => [`r${i}`, `s${i}`, `v${i}`, `u${i}`]);
    const insert = prepared<Record<string, unknown>>((db, p) =>
      db.insertInto('scale_scores').values(
        names.map(([r, s, v, u]) => ({ response_id: p[r!] as string, scale: p[s!] as string, score: p[v!] as number | null, items_used: p[u!] as string })),
      ),
    );
    insertScores.set(count, (entry = { insert, names }));
  }
  return entry;
}

/** The inserts of a response and its scale scores. */
export function insertResponseQueries(db: Db, response: Row<'responses'>, scores: Row<'scale_scores'>[]): CompiledQuery[] {
  const queries: CompiledQuery[] = [insertResponseRow.compile(db, response)];
  if (scores.length > 0) {
    const { insert, names } = insertScoresOf(scores.length);
    const params: Record<string, unknown> = {};
    scores.forEach((s, i) => {
      const [r, sc, v, u] = names[i]!;
      params[r!] = s.response_id;
      params[sc!] = s.scale;
      params[v!] = s.score;
      params[u!] = s.items_used;
    });
    queries.push(insert.compile(db, params));
  }
  return queries;
}

export async function findResponse(db: Db, id: string): Promise<ResponseRow | undefined> {
  return db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();
}

const selectByInvitation = prepared<{ invitationId: string }, ResponseRow>((db, p) => db.selectFrom('responses').selectAll().where('invitation_id', '=', p.invitationId));

/** The response an invitation was answered with (one at most), if any. */
export async function findResponseOfInvitation(db: Db, invitationId: string): Promise<ResponseRow | undefined> {
  return (await selectByInvitation(db, { invitationId })).rows[0];
}

export async function countResponses(db: Db): Promise<number> {
  const row = await db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function scoresOfResponses(db: Db, responseIds: readonly string[]): Promise<Row<'scale_scores'>[]> {
  if (responseIds.length === 0) return [];
  return db.selectFrom('scale_scores').selectAll().where('response_id', 'in', responseIds).execute();
}

/** A patient's responses, oldest first, optionally of one questionnaire; with each response's flag id and level. */
export async function responsesOfPatient(db: Db, patientId: string, questionnaireId?: string) {
  let q = db
    .selectFrom('responses')
    .leftJoin('flags', 'flags.response_id', 'responses.id')
    .select([
      'responses.id', 'responses.questionnaire_id', 'responses.questionnaire_version', 'responses.submitted_at',
      'flags.id as flag_id', 'flags.level as flag_level',
    ])
    .where('responses.patient_id', '=', patientId);
  if (questionnaireId) q = q.where('responses.questionnaire_id', '=', questionnaireId);
  return q.orderBy('responses.submitted_at').orderBy('responses.id').execute();
}

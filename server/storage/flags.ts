import type { Db, NewRow, Row } from './database.js';

export type FlagRow = Row<'flags'>;

export async function insertFlag(db: Db, flag: NewRow<'flags'>): Promise<void> {
  await db.insertInto('flags').values(flag).execute();
}

function flagsWithContext(db: Db) {
  return db
    .selectFrom('flags')
    .innerJoin('responses', 'responses.id', 'flags.response_id')
    .innerJoin('invitations', 'invitations.id', 'responses.invitation_id')
    .innerJoin('patients', 'patients.id', 'flags.patient_id')
    .select([
      'flags.id', 'flags.response_id', 'flags.level', 'flags.status', 'flags.reasons', 'flags.created_at', 'flags.return_reason',
      'flags.urgent', 'flags.own_words', 'flags.worse_since_last', 'flags.opened_at',
      'responses.questionnaire_id', 'responses.questionnaire_version', 'responses.submitted_at', 'invitations.trigger',
      'patients.id as patient_id', 'patients.name as patient_name', 'patients.external_id as patient_external_id',
    ]);
}

export type FlagWithContext = Awaited<ReturnType<ReturnType<typeof flagsWithContext>['executeTakeFirstOrThrow']>>;

export interface FlagFilter {
  statuses: readonly string[];
  /** Levels as their rank (see flags.level_rank), so the worklist index answers the filter. */
  levelRanks?: readonly number[];
  /** Rows to skip (paging the worklist). */
  offset?: number;
  limit: number;
}

function matching(db: Db, filter: Omit<FlagFilter, 'limit' | 'offset'>) {
  let q = db.selectFrom('flags').where('status', 'in', filter.statuses);
  if (filter.levelRanks?.length) q = q.where('level_rank', 'in', filter.levelRanks);
  return q;
}

/**
 * Flags with their response, invitation and patient in the worklist order: urgent first, then
 * specialized, basic, none, then oldest first. The page of ids is chosen from the worklist index
 * alone (migration 0009), then joined: sorting whole rows (with their reasons) of a large match would be slow.
 */
export async function listFlags(db: Db, filter: FlagFilter): Promise<FlagWithContext[]> {
  const page = matching(db, filter)
    .select(['id', 'urgent', 'level_rank', 'created_at'])
    .orderBy('urgent', 'desc')
    .orderBy('level_rank', 'desc')
    .orderBy('created_at', 'asc')
    .orderBy('id')
    .limit(filter.limit)
    .offset(filter.offset ?? 0);
  return flagsWithContext(db)
    .innerJoin(page.as('page'), 'page.id', 'flags.id')
    .orderBy('page.urgent', 'desc')
    .orderBy('page.level_rank', 'desc')
    .orderBy('page.created_at', 'asc')
    .orderBy('page.id')
    .execute();
}

export async function countFlags(db: Db, filter: Omit<FlagFilter, 'limit' | 'offset'>): Promise<number> {
  return Number((await matching(db, filter).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

export async function findFlagWithContext(db: Db, id: string): Promise<FlagWithContext | undefined> {
  return flagsWithContext(db).where('flags.id', '=', id).executeTakeFirst();
}

export async function findFlag(db: Db, id: string): Promise<FlagRow | undefined> {
  return db.selectFrom('flags').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records the first time a nurse or admin opened the flag; later openings change nothing. */
export async function markFlagOpened(db: Db, id: string, by: { id: string; at: string }): Promise<void> {
  await db.updateTable('flags').set({ opened_at: by.at, opened_by: by.id }).where('id', '=', id).where('opened_at', 'is', null).execute();
}

/** Moves a flag from one of `from` to `to`; false when it was not in one of `from` (someone else decided first). */
export async function updateFlagStatus(db: Db, id: string, from: readonly string[], to: { status: string; updatedAt: string; returnReason?: string | null }): Promise<boolean> {
  const result = await db
    .updateTable('flags')
    .set({ status: to.status, updated_at: to.updatedAt, ...(to.returnReason !== undefined ? { return_reason: to.returnReason } : {}) })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertFlagDecision(db: Db, decision: NewRow<'flag_decisions'>): Promise<void> {
  await db.insertInto('flag_decisions').values(decision).execute();
}

export async function latestFlagDecision(db: Db, flagId: string) {
  return db
    .selectFrom('flag_decisions')
    .innerJoin('staff_users', 'staff_users.id', 'flag_decisions.decided_by')
    .select([
      'flag_decisions.action', 'flag_decisions.note', 'flag_decisions.responsible', 'flag_decisions.next_evaluation',
      'flag_decisions.decided_at', 'staff_users.id as decided_by_id', 'staff_users.username as decided_by_username',
    ])
    .where('flag_decisions.flag_id', '=', flagId)
    .orderBy('flag_decisions.decided_at', 'desc')
    .orderBy('flag_decisions.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

import { sql } from 'kysely';
import { COUNT_CAP, LEVEL_RANK, LEVELS, WORKLIST_STATUSES, type FlagStatus } from '../contract/codes.js';
import type { Db, NewRow, Row } from './database.js';

export type FlagRow = Row<'flags'>;

export async function insertFlag(db: Db, flag: NewRow<'flags'>): Promise<void> {
  await db.insertInto('flags').values(flag).execute();
}

/** How the response was given (migration 0012); the query joins staff_users as recorder and as verifier. */
export const PROVENANCE_COLUMNS = [
  'responses.mode', 'responses.respondent', 'responses.relationship', 'responses.recorded_by', 'recorder.username as recorded_by_username',
  'responses.answered_on', 'responses.submitted_at', 'responses.verified_by', 'verifier.username as verified_by_username', 'responses.verified_at',
] as const;

function flagsWithContext(db: Db) {
  return db
    .selectFrom('flags')
    .innerJoin('responses', 'responses.id', 'flags.response_id')
    .innerJoin('invitations', 'invitations.id', 'responses.invitation_id')
    .innerJoin('patients', 'patients.id', 'flags.patient_id')
    .leftJoin('staff_users as owner', 'owner.id', 'flags.owner_id')
    .leftJoin('staff_users as recorder', 'recorder.id', 'responses.recorded_by')
    .leftJoin('staff_users as verifier', 'verifier.id', 'responses.verified_by')
    .select(PROVENANCE_COLUMNS)
    .select([
      'flags.id', 'flags.response_id', 'flags.level', 'flags.status', 'flags.reasons', 'flags.created_at', 'flags.return_reason',
      'flags.urgent', 'flags.own_words', 'flags.worse_since_last', 'flags.opened_at',
      'flags.owner_id', 'owner.username as owner_username', 'flags.acknowledged_at', 'flags.due_at', 'flags.closed_at', 'flags.outcome', 'flags.outcome_note',
      'responses.questionnaire_id', 'responses.questionnaire_version', 'invitations.trigger',
      'patients.id as patient_id', 'patients.name as patient_name', 'patients.external_id as patient_external_id',
    ]);
}

export type FlagWithContext = Awaited<ReturnType<ReturnType<typeof flagsWithContext>['executeTakeFirstOrThrow']>>;

export interface FlagFilter {
  statuses: readonly FlagStatus[];
  /** Levels as their rank (see flags.level_rank), so the worklist index answers the filter. */
  levelRanks?: readonly number[];
  /** Only flags past their deadline and not closed, at this instant (ISO). */
  overdueAt?: string;
  /** Only flags not closed and due in [from, before) (ISO): the Overview's "due today" (issue 23). */
  due?: { from: string; before: string };
  /** Only flags without an owner (issue 23). */
  unowned?: boolean;
  /** Only flags of these units (issue 24; the worklist index flags_unit_worklist leads with it); null or absent: every unit. */
  unitIds?: readonly string[] | null;
  /** Now (ISO): the order puts overdue flags first. */
  now: string;
  /** Rows to skip (paging the worklist). */
  offset?: number;
  /** Only rows after this one in the worklist order (keyset paging, issue 24): its sort key at `now`. */
  after?: WorklistKey;
  limit: number;
}

/** A row's place in the worklist order at a given `now`: urgent desc, overdue desc, level rank desc, created_at, id. */
export type WorklistKey = readonly [urgent: number, overdue: number, levelRank: number, createdAt: string, id: string];

/**
 * The waiting statuses (open, returned) match only flags that are not closed: a flag closed with
 * an outcome keeps its status but has left the worklist.
 */
function matching(db: Db, filter: Omit<FlagFilter, 'limit' | 'offset' | 'now'>) {
  const waiting = filter.statuses.filter((s) => WORKLIST_STATUSES.includes(s));
  const others = filter.statuses.filter((s) => !waiting.includes(s));
  let q = db.selectFrom('flags').where((eb) =>
    eb.or([
      ...(waiting.length ? [eb.and([eb('status', 'in', waiting), eb('closed_at', 'is', null)])] : []),
      ...(others.length ? [eb('status', 'in', others)] : []),
    ]),
  );
  if (filter.levelRanks?.length) q = q.where('level_rank', 'in', filter.levelRanks);
  if (filter.overdueAt) q = q.where('closed_at', 'is', null).where('due_at', '<', filter.overdueAt);
  if (filter.due) q = q.where('closed_at', 'is', null).where('due_at', '>=', filter.due.from).where('due_at', '<', filter.due.before);
  if (filter.unowned) q = q.where('owner_id', 'is', null);
  if (filter.unitIds) q = q.where('unit_id', 'in', filter.unitIds.length ? filter.unitIds : ['']);
  return q;
}

/** A page's rows in the worklist order, as their sort keys (`overdue` at the filter's `now`). */
async function pageOfKeys(db: Db, filter: FlagFilter) {
  const overdue = sql<number>`case when closed_at is null and due_at < ${filter.now} then 1 else 0 end`;
  const keys = () => matching(db, filter).select(['id', 'urgent', 'level_rank', 'created_at']).select(overdue.as('overdue'));
  const inOrder = <Q extends ReturnType<typeof keys>>(q: Q) =>
    q.orderBy('urgent', 'desc').orderBy('overdue', 'desc').orderBy('level_rank', 'desc').orderBy('created_at', 'asc').orderBy('id');
  const { after, limit } = filter;
  if (!after) return inOrder(keys()).limit(limit).offset(filter.offset ?? 0).execute();
  const [urgent, late, rank, created, id] = after;
  if (late === 1) {
    // Among the overdue flags (the few open ones): a row-by-row comparison of the key (the directions differ, so no row value).
    return inOrder(keys().where((eb) => eb.or([
      eb('urgent', '<', urgent),
      eb.and([eb('urgent', '=', urgent), eb(overdue, '<', late)]),
      eb.and([eb('urgent', '=', urgent), eb(overdue, '=', late), eb('level_rank', '<', rank)]),
      eb.and([eb('urgent', '=', urgent), eb(overdue, '=', late), eb('level_rank', '=', rank), eb('created_at', '>', created)]),
      eb.and([eb('urgent', '=', urgent), eb(overdue, '=', late), eb('level_rank', '=', rank), eb('created_at', '=', created), eb('id', '>', id)]),
    ]))).limit(limit).execute();
  }
  // Past a row that is not overdue: first the rest of its urgency that is not overdue, in level, age
  // and id order, which the index flags_unit_tail (migration 0027) holds: read in order, about a
  // page of entries, instead of sorting every flag of the unit. Then, past the urgent ones, the others.
  const same = await keys()
    .where('urgent', '=', urgent)
    .where((eb) => eb.not(eb.and([eb('closed_at', 'is', null), eb('due_at', '<', filter.now)])))
    .where((eb) => eb.or([
      eb('level_rank', '<', rank),
      eb.and([eb('level_rank', '=', rank), eb('created_at', '>', created)]),
      eb.and([eb('level_rank', '=', rank), eb('created_at', '=', created), eb('id', '>', id)]),
    ]))
    .orderBy('level_rank', 'desc').orderBy('created_at', 'asc').orderBy('id')
    .limit(limit)
    .execute();
  if (same.length === limit || urgent === 0) return same;
  return [...same, ...(await inOrder(keys().where('urgent', '<', urgent)).limit(limit - same.length).execute())];
}

/**
 * Flags with their response, invitation and patient in the worklist order: urgent first, then
 * overdue, then specialized, basic, none, then oldest first. The page's keys are chosen first (the
 * unit's worklist indexes serve the filter; "overdue" depends on the clock), then its rows are
 * joined: sorting whole rows (with their reasons) of a large match would be slow. With `after`,
 * the page starts after that row, however many came before it. Each row carries its key
 * (`sort_overdue`, `sort_level_rank` beside its urgent, created_at and id).
 */
export async function listFlags(db: Db, filter: FlagFilter) {
  const keys = await pageOfKeys(db, filter);
  if (keys.length === 0) return [];
  const rows = new Map((await flagsWithContext(db).where('flags.id', 'in', keys.map((k) => k.id)).execute()).map((r) => [r.id, r]));
  return keys.flatMap((k) => {
    const row = rows.get(k.id);
    return row ? [{ ...row, sort_overdue: Number(k.overdue), sort_level_rank: k.level_rank }] : [];
  });
}

/**
 * Matching flags by level rank (the level filter aside), each counted up to COUNT_CAP + 1: the
 * worklist says how many of each there are, and "10 000+" is all a nurse needs to know of a long
 * list (a full count of a million-row history reads every row).
 */
export async function countFlagsByLevel(db: Db, filter: Omit<FlagFilter, 'limit' | 'offset' | 'now' | 'levelRanks'>): Promise<Map<number, number>> {
  const counts = await Promise.all(LEVELS.map(async (level) => {
    const rank = LEVEL_RANK[level];
    const capped = matching(db, filter).where('level_rank', '=', rank).select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1);
    const { n } = await db.selectFrom(capped.as('capped')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return [rank, Number(n)] as const;
  }));
  return new Map(counts);
}

export async function findFlagWithContext(db: Db, id: string): Promise<FlagWithContext | undefined> {
  return flagsWithContext(db).where('flags.id', '=', id).executeTakeFirst();
}

export async function findFlagOfResponse(db: Db, responseId: string): Promise<FlagRow | undefined> {
  return db.selectFrom('flags').selectAll().where('response_id', '=', responseId).executeTakeFirst();
}

export async function findFlag(db: Db, id: string): Promise<FlagRow | undefined> {
  return db.selectFrom('flags').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFlagDecision(db: Db, decision: NewRow<'flag_decisions'>): Promise<void> {
  await db.insertInto('flag_decisions').values(decision).execute();
}

export async function latestFlagDecision(db: Db, flagId: string) {
  return db
    .selectFrom('flag_decisions')
    .innerJoin('staff_users', 'staff_users.id', 'flag_decisions.decided_by')
    .leftJoin('staff_users as responsible_user', 'responsible_user.id', 'flag_decisions.responsible_user_id')
    .select([
      'flag_decisions.action', 'flag_decisions.note', 'flag_decisions.responsible', 'flag_decisions.next_evaluation',
      'flag_decisions.decided_at', 'staff_users.id as decided_by_id', 'staff_users.username as decided_by_username',
      'flag_decisions.responsible_user_id', 'responsible_user.username as responsible_username',
      'responsible_user.full_name as responsible_full_name', 'responsible_user.title as responsible_title',
    ])
    .where('flag_decisions.flag_id', '=', flagId)
    .orderBy('flag_decisions.decided_at', 'desc')
    .orderBy('flag_decisions.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The loop's columns of a flag, with its owner's name. */
export async function findFlagOwnership(db: Db, id: string) {
  return db
    .selectFrom('flags')
    .leftJoin('staff_users as owner', 'owner.id', 'flags.owner_id')
    .select([
      'flags.id', 'flags.status', 'flags.patient_id', 'flags.owner_id', 'owner.username as owner_username', 'flags.acknowledged_at', 'flags.due_at',
      'flags.first_action_at', 'flags.closed_at', 'flags.outcome', 'flags.outcome_note', 'flags.own_words', 'flags.opened_at', 'flags.escalated_at',
    ])
    .where('flags.id', '=', id)
    .executeTakeFirst();
}
export type FlagOwnershipRow = NonNullable<Awaited<ReturnType<typeof findFlagOwnership>>>;

/** The columns of a flag's life (domain/flag-state.ts): what a transition reads and sets. */
export const FLAG_LIFE_COLUMNS = [
  'status', 'closed_at', 'outcome', 'outcome_note', 'owner_id', 'acknowledged_at', 'first_action_at', 'escalated_at', 'return_reason', 'opened_at', 'opened_by',
] as const;
export type FlagLifeColumn = (typeof FLAG_LIFE_COLUMNS)[number];

/**
 * The one writer of a flag's life: sets `change` only while the row still has every `expected`
 * value (null meaning "is null"), so two staff users acting at once cannot both change what one of
 * them read. False when the row had changed (or is gone): the caller reads it again.
 */
export async function updateFlag(
  db: Db, id: string, expected: Partial<Pick<FlagRow, FlagLifeColumn>>, change: Partial<Pick<FlagRow, FlagLifeColumn | 'updated_at'>>,
): Promise<boolean> {
  let q = db.updateTable('flags').set(change).where('id', '=', id);
  for (const column of FLAG_LIFE_COLUMNS) {
    const value = expected[column];
    if (value === undefined) continue;
    q = value === null ? q.where(column, 'is', null) : q.where(column, '=', value);
  }
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Unclosed flags past their deadline that were not escalated yet, oldest deadline first. */
export async function overdueUnescalatedFlags(db: Db, now: string, limit: number) {
  return db
    .selectFrom('flags')
    .select(['id', 'patient_id', 'due_at', 'unit_id'])
    .where('closed_at', 'is', null)
    .where('due_at', '<', now)
    .where('escalated_at', 'is', null)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Every flag that is not closed, as the Overview counts it. */
export async function openFlagDeadlines(db: Db, unitIds: readonly string[] | null = null) {
  let q = db.selectFrom('flags').select(['due_at', 'owner_id']).where('closed_at', 'is', null);
  if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? unitIds : ['']);
  return q.execute();
}

/** Every flag created since `since`, as the Overview counts it (of `unitIds`; null: every unit). */
export async function flagsCreatedSince(db: Db, since: string, unitIds: readonly string[] | null = null) {
  let q = db
    .selectFrom('flags')
    .select(['created_at', 'due_at', 'first_action_at', 'closed_at', 'owner_id', 'level'])
    .where('created_at', '>=', since);
  if (unitIds) q = q.where('unit_id', 'in', unitIds.length ? unitIds : ['']);
  return q.execute();
}

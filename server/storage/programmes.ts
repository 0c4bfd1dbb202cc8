/** Programmes, enrolments and their occurrences (migration 0025, issue 25). */
import { sql, type Updateable } from 'kysely';
import type { Database, Db, NewRow, Row } from './database.js';

export type ProgrammeRow = Row<'programmes'>;
export type EnrolmentRow = Row<'enrolments'>;

export async function listProgrammes(db: Db): Promise<ProgrammeRow[]> {
  return db.selectFrom('programmes').selectAll().orderBy('name_en').orderBy('id').execute();
}

export async function findProgramme(db: Db, id: string): Promise<ProgrammeRow | undefined> {
  return db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertProgramme(db: Db, row: NewRow<'programmes'>): Promise<void> {
  await db.insertInto('programmes').values(row).execute();
}

export async function updateProgramme(db: Db, id: string, change: Updateable<Database['programmes']>): Promise<void> {
  await db.updateTable('programmes').set(change).where('id', '=', id).execute();
}

export async function insertEnrolment(db: Db, row: NewRow<'enrolments'>): Promise<void> {
  await db.insertInto('enrolments').values(row).execute();
}

export async function findEnrolment(db: Db, id: string): Promise<EnrolmentRow | undefined> {
  return db.selectFrom('enrolments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The patient's enrolments, newest first. */
export async function enrolmentsOfPatient(db: Db, patientId: string): Promise<EnrolmentRow[]> {
  return db.selectFrom('enrolments').selectAll().where('patient_id', '=', patientId).orderBy('created_at', 'desc').orderBy('id').execute();
}

/** The enrolments of a programme that are not ended (a changed schedule moves their cursors). */
export async function openEnrolmentsOfProgramme(db: Db, programmeId: string): Promise<EnrolmentRow[]> {
  return db.selectFrom('enrolments').selectAll().where('programme_id', '=', programmeId).where('status', '!=', 'ended').execute();
}

/** Sets the status (and reason) while the row still has `from`: false when another change came first. */
export async function setEnrolmentStatus(db: Db, id: string, from: EnrolmentRow['status'], change: Pick<EnrolmentRow, 'status' | 'reason' | 'updated_at'>): Promise<boolean> {
  const result = await db.updateTable('enrolments').set(change).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Moves the cursor while it is still where the caller read it (compare-and-set): of two processes
 * making the same occurrence, one moves it and the other gets false and makes nothing. On
 * PostgreSQL the second UPDATE waits for the first's row lock and then finds the row changed.
 */
export async function moveCursor(
  db: Db, id: string, from: { index: number | null; dueAt: string | null; status?: 'active' }, to: { index: number | null; dueAt: string | null; at: string },
): Promise<boolean> {
  let q = db.updateTable('enrolments').set({ next_index: to.index, next_due_at: to.dueAt, updated_at: to.at }).where('id', '=', id);
  q = from.index === null ? q.where('next_index', 'is', null) : q.where('next_index', '=', from.index);
  q = from.dueAt === null ? q.where('next_due_at', 'is', null) : q.where('next_due_at', '=', from.dueAt);
  if (from.status) q = q.where('status', '=', from.status);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** An active enrolment whose next occurrence is due, with its programme and its patient's contact and status. */
export type DueEnrolment = Awaited<ReturnType<typeof dueEnrolments>>[number];

/**
 * The keys of active enrolments whose next occurrence is due at `now`, in (due, id) order after
 * `after`: a read of the due index alone (keyset paging, so a tick walks every due row once even
 * when some must wait, and a tick with nothing due costs nothing).
 */
export async function dueEnrolmentKeys(db: Db, filter: { now: string; after: { dueAt: string; id: string } | null; limit: number }) {
  let q = db
    .selectFrom('enrolments')
    .select(['id', 'next_due_at'])
    .where('status', '=', 'active')
    .where('next_due_at', '<=', filter.now);
  if (filter.after) {
    const { dueAt, id } = filter.after;
    q = q.where((eb) => eb.or([eb('next_due_at', '>', dueAt), eb.and([eb('next_due_at', '=', dueAt), eb('id', '>', id)])]));
  }
  return q.orderBy('next_due_at').orderBy('id').limit(filter.limit).execute();
}

/** These enrolments, if they are still active and due at `now` and their patients active, in id order. */
export async function dueEnrolments(db: Db, filter: { now: string; ids: readonly string[] }) {
  if (filter.ids.length === 0) return [];
  return db
    .selectFrom('enrolments')
    .innerJoin('programmes', 'programmes.id', 'enrolments.programme_id')
    .innerJoin('patients', 'patients.id', 'enrolments.patient_id')
    .select([
      'enrolments.id', 'enrolments.patient_id', 'enrolments.programme_id', 'enrolments.start_at', 'enrolments.next_index', 'enrolments.next_due_at', 'enrolments.created_by',
      'programmes.questionnaire_id', 'programmes.schedule', 'programmes.trigger', 'programmes.open_for', 'programmes.when_open',
      'patients.email', 'patients.mobile',
      // The link's unit (issue 24): the enrolment's own (migration 0026), else the patient's first care unit.
      (eb) => eb.fn.coalesce('enrolments.unit_id', eb.selectFrom('patient_units').select((u) => u.fn.min('unit_id').as('unit')).whereRef('patient_units.patient_id', '=', 'enrolments.patient_id')).as('unit_id'),
    ])
    .where('enrolments.id', 'in', filter.ids)
    .where('enrolments.status', '=', 'active')
    .where('enrolments.next_due_at', '<=', filter.now)
    .where('patients.status', '=', 'active')
    .orderBy('enrolments.id')
    .execute();
}

/** The enrolment's latest occurrence that has an invitation, with the invitation's state. */
export async function latestMadeOccurrence(db: Db, enrolmentId: string) {
  return db
    .selectFrom('occurrences')
    .innerJoin('invitations', 'invitations.id', 'occurrences.invitation_id')
    .select(['occurrences.due_at', 'invitations.answered_at', 'invitations.withdrawn_at', 'invitations.expires_at'])
    .where('occurrences.enrolment_id', '=', enrolmentId)
    .orderBy('occurrences.due_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function occurrenceExists(db: Db, enrolmentId: string, dueAt: string): Promise<boolean> {
  return (await db.selectFrom('occurrences').select('id').where('enrolment_id', '=', enrolmentId).where('due_at', '=', dueAt).executeTakeFirst()) !== undefined;
}

export async function insertOccurrence(db: Db, row: NewRow<'occurrences'>): Promise<void> {
  await db.insertInto('occurrences').values(row).execute();
}

/** The latest due time of the enrolment's occurrences (made or skipped), or null. */
export async function lastOccurrenceDue(db: Db, enrolmentId: string): Promise<string | null> {
  const row = await db.selectFrom('occurrences').select('due_at').where('enrolment_id', '=', enrolmentId).orderBy('due_at', 'desc').limit(1).executeTakeFirst();
  return row?.due_at ?? null;
}

/** The occurrences of these enrolments with their invitations' state, newest first. */
export async function occurrencesOf(db: Db, enrolmentIds: readonly string[]) {
  if (enrolmentIds.length === 0) return [];
  return db
    .selectFrom('occurrences')
    .leftJoin('invitations', 'invitations.id', 'occurrences.invitation_id')
    .select([
      'occurrences.enrolment_id', 'occurrences.due_at', 'occurrences.invitation_id', 'occurrences.skipped',
      'invitations.answered_at', 'invitations.withdrawn_at', 'invitations.expires_at',
    ])
    .where('occurrences.enrolment_id', 'in', enrolmentIds)
    .orderBy('occurrences.due_at', 'desc')
    .execute();
}

/** The patient's active enrolment in a programme of this questionnaire whose next occurrence comes first (a plan's next evaluation moves it). */
export async function activeEnrolmentFor(db: Db, patientId: string, questionnaireId: string) {
  return db
    .selectFrom('enrolments')
    .innerJoin('programmes', 'programmes.id', 'enrolments.programme_id')
    .selectAll('enrolments')
    .where('enrolments.patient_id', '=', patientId)
    .where('enrolments.status', '=', 'active')
    .where('enrolments.next_due_at', 'is not', null)
    .where('programmes.questionnaire_id', '=', questionnaireId)
    .orderBy('enrolments.next_due_at')
    .limit(1)
    .executeTakeFirst();
}

/** One-off occurrences (a plan's next evaluation) due at `now` and not yet made, of active patients. */
export async function dueOneOffs(db: Db, now: string, limit: number) {
  return db
    .selectFrom('occurrences')
    .innerJoin('patients', 'patients.id', 'occurrences.patient_id')
    .innerJoin('flag_decisions', 'flag_decisions.id', 'occurrences.decision_id')
    // The plan's one-off belongs to the unit of the flag it was decided on (issue 24).
    .innerJoin('flags', 'flags.id', 'flag_decisions.flag_id')
    .select(['occurrences.id', 'occurrences.patient_id', 'occurrences.questionnaire_id', 'occurrences.due_at', 'flag_decisions.decided_by', 'patients.email', 'patients.mobile', 'flags.unit_id'])
    .where('occurrences.made_at', 'is', null)
    .where('occurrences.due_at', '<=', now)
    .where('patients.status', '=', 'active')
    .orderBy('occurrences.due_at')
    .orderBy('occurrences.id')
    .limit(limit)
    .execute();
}

/** Marks a one-off made, once: false when another process made it first. */
export async function claimOneOff(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('occurrences').set({ made_at: at }).where('id', '=', id).where('made_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setOccurrenceInvitation(db: Db, id: string, invitationId: string): Promise<void> {
  await db.updateTable('occurrences').set({ invitation_id: invitationId }).where('id', '=', id).execute();
}

/** The questionnaire a flag's response answered (a plan's next evaluation asks it again). */
export async function questionnaireOfFlag(db: Db, flagId: string): Promise<string | undefined> {
  const row = await db.selectFrom('flags').innerJoin('responses', 'responses.id', 'flags.response_id').select('responses.questionnaire_id').where('flags.id', '=', flagId).executeTakeFirst();
  return row?.questionnaire_id;
}

/** Programme occurrences due in [start, end), with their programme and invitation (the indicators' adherence). */
export async function occurrencesDueBetween(db: Db, start: string, end: string) {
  return db
    .selectFrom('occurrences')
    .innerJoin('enrolments', 'enrolments.id', 'occurrences.enrolment_id')
    .innerJoin('programmes', 'programmes.id', 'enrolments.programme_id')
    .leftJoin('invitations', 'invitations.id', 'occurrences.invitation_id')
    .select([
      'programmes.id as programme_id', 'programmes.name_da', 'programmes.name_en', 'occurrences.due_at', 'occurrences.skipped', 'occurrences.invitation_id',
      'invitations.answered_at', 'invitations.withdrawn_at', 'invitations.expires_at',
    ])
    .where('occurrences.due_at', '>=', start)
    .where('occurrences.due_at', '<', end)
    .execute();
}

/** The programme occurrences of these patients that were sent (not skipped), newest first: the worklist's "missed the last two". */
export async function sentOccurrencesOfPatients(db: Db, patientIds: readonly string[]) {
  if (patientIds.length === 0) return [];
  return db
    .selectFrom('occurrences')
    .innerJoin('invitations', 'invitations.id', 'occurrences.invitation_id')
    .select(['occurrences.patient_id', 'occurrences.skipped', 'occurrences.invitation_id', 'invitations.answered_at', 'invitations.withdrawn_at', 'invitations.expires_at'])
    .where('occurrences.patient_id', 'in', patientIds)
    .where('occurrences.enrolment_id', 'is not', null)
    .orderBy('occurrences.due_at', 'desc')
    .execute();
}

/**
 * Moves many cursors at once, each only while it is still where the caller read it (the batch form
 * of moveCursor): one UPDATE per 1,000, answering the ids it moved. The others another process
 * moved first (on PostgreSQL this waits for their row locks, then finds those rows changed).
 */
export async function moveCursors(
  db: Db, moves: readonly { id: string; from: { index: number; dueAt: string }; to: { index: number | null; dueAt: string | null } }[], at: string,
): Promise<Set<string>> {
  const moved = new Set<string>();
  // Five parameters a row: 1,000 rows stay far under SQLite's limit of bound parameters.
  for (let i = 0; i < moves.length; i += 1000) for (const id of await moveCursorChunk(db, moves.slice(i, i + 1000), at)) moved.add(id);
  return moved;
}

async function moveCursorChunk(
  db: Db, moves: readonly { id: string; from: { index: number; dueAt: string }; to: { index: number | null; dueAt: string | null } }[], at: string,
): Promise<string[]> {
  if (moves.length === 0) return [];
  // Each row joined by its key to a row of VALUES (id, from index, from due, to index, to due), then
  // compared with where the caller read it: SQLite (3.33+) and PostgreSQL both run UPDATE ... FROM
  // and name the columns of VALUES column1, column2, ...; PostgreSQL types its parameters as text,
  // so the integers are cast. (A CASE per column, as before, cost the rows times the cases.)
  const values = sql.join(moves.map((m) => sql`(${m.id}, ${m.from.index}, ${m.from.dueAt}, ${m.to.index}, ${m.to.dueAt})`));
  const result = await sql<{ id: string }>`
    update enrolments set next_index = cast(v.column4 as integer), next_due_at = v.column5, updated_at = ${at}
    from (values ${values}) as v
    where enrolments.id = v.column1 and enrolments.status = 'active'
      and enrolments.next_index = cast(v.column2 as integer) and enrolments.next_due_at = v.column3
    returning enrolments.id`.execute(db);
  return result.rows.map((r) => r.id);
}

/** The latest sent occurrence of each enrolment, with its invitation's state (whether the previous one is still open). */
export async function latestSentOccurrences(db: Db, enrolmentIds: readonly string[]) {
  if (enrolmentIds.length === 0) return [];
  return db
    .selectFrom('occurrences')
    .innerJoin('invitations', 'invitations.id', 'occurrences.invitation_id')
    .select(['occurrences.enrolment_id', 'occurrences.due_at', 'invitations.answered_at', 'invitations.withdrawn_at', 'invitations.expires_at'])
    .where('occurrences.enrolment_id', 'in', enrolmentIds)
    .where((eb) => eb('occurrences.due_at', '=', eb.selectFrom('occurrences as o2').select((e) => e.fn.max('o2.due_at').as('d')).whereRef('o2.enrolment_id', '=', 'occurrences.enrolment_id').where('o2.invitation_id', 'is not', null)))
    .execute();
}

/** Which of these (enrolment, due time) pairs already have an occurrence. */
export async function existingOccurrences(db: Db, pairs: readonly { enrolmentId: string; dueAt: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db
    .selectFrom('occurrences')
    .select(['enrolment_id', 'due_at'])
    .where('enrolment_id', 'in', [...new Set(pairs.map((p) => p.enrolmentId))])
    .where('due_at', 'in', [...new Set(pairs.map((p) => p.dueAt))])
    .execute();
  return new Set(rows.map((r) => `${r.enrolment_id} ${r.due_at}`));
}

/** Rows in chunks of 1,000, one statement each: under SQLite's limit of bound parameters. */
async function inChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
}

/** A batch of made occurrences, a few statements a table: their invitations, the occurrences, audit entries and outbox messages (a dedupe key twice is stored once). */
export async function insertMadeOccurrences(db: Db, made: {
  invitations: NewRow<'invitations'>[]; occurrences: NewRow<'occurrences'>[]; audit: NewRow<'audit_log'>[]; messages: NewRow<'outbox_messages'>[];
}): Promise<void> {
  await inChunks(made.invitations, (c) => db.insertInto('invitations').values(c).execute());
  await inChunks(made.occurrences, (c) => db.insertInto('occurrences').values(c).execute());
  await inChunks(made.audit, (c) => db.insertInto('audit_log').values(c).execute());
  await inChunks(made.messages, (c) => db.insertInto('outbox_messages').values(c).onConflict((oc) => oc.column('dedupe_key').doNothing()).execute());
}

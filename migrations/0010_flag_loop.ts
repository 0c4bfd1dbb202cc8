/**
 * The closed loop for flags (issue 11): an owner, a deadline fixed at creation, acknowledgement,
 * closing with an outcome, and a one-time escalation when a flag passes its deadline unclosed.
 * The history of take/assign/release/close/reopen is the audit log; the one fact the Overview needs
 * from it, the first action (taken or closed, whichever came first), is kept on the flag.
 * Portable between SQLite and PostgreSQL: text timestamps (ISO-8601 UTC), no booleans.
 */
import { sql, type Kysely } from 'kysely';

/** The default deadlines when this migration was written (frozen: migrations never import app code). */
const DEFAULT_DEADLINE_MS: Record<string, number> = { specialized: 2 * 86_400_000, basic: 5 * 86_400_000, none: 10 * 86_400_000 };
/** Outcomes of the decisions taken before this migration: a decided flag is a closed flag. */
const OUTCOME_OF_STATUS: Record<string, string> = { planned_basic: 'plan_basic', referred: 'referred', no_action: 'no_action' };

export async function up(db: Kysely<any>): Promise<void> {
  // owner_id is a staff_users.id; no REFERENCES, since SQLite cannot drop a column that has one (down).
  for (const column of ['owner_id', 'acknowledged_at', 'due_at', 'first_action_at', 'closed_at', 'outcome', 'outcome_note', 'escalated_at']) {
    await db.schema.alterTable('flags').addColumn(column, 'text').execute();
  }

  // Existing flags: due by the default deadline of their level; decided ones closed when decided.
  const rows = await db.selectFrom('flags').select(['id', 'level', 'status', 'created_at', 'updated_at']).execute();
  for (const row of rows) {
    const dueAt = new Date(Date.parse(row.created_at) + (DEFAULT_DEADLINE_MS[row.level] ?? DEFAULT_DEADLINE_MS.none!)).toISOString();
    const outcome = OUTCOME_OF_STATUS[row.status] ?? null;
    await db
      .updateTable('flags')
      .set({ due_at: dueAt, ...(outcome ? { closed_at: row.updated_at, first_action_at: row.updated_at, outcome } : {}) })
      .where('id', '=', row.id)
      .execute();
  }

  // The scheduler's and the Overview's question: which unclosed flags are (nearly) due?
  await db.schema.createIndex('flags_open_due').on('flags').columns(['due_at', 'id']).where(sql.ref('closed_at'), 'is', null).execute();
  // The Overview's 30 days.
  await db.schema.createIndex('flags_created_at').on('flags').column('created_at').execute();
  // The worklist leaves closed flags out and puts overdue ones first: with closed_at and due_at in
  // its index, the count and the page are answered from the index alone, not from 10,000 flag rows
  // with their reasons (measured: 38 ms and 49 ms per worklist read without them, with 10,000 open flags).
  await db.schema.dropIndex('flags_worklist').execute();
  await db.schema.createIndex('flags_worklist').on('flags').columns(['status', 'urgent desc', 'level_rank desc', 'created_at', 'id', 'closed_at', 'due_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_worklist').execute();
  await db.schema.createIndex('flags_worklist').on('flags').columns(['status', 'urgent desc', 'level_rank desc', 'created_at', 'id']).execute();
  await db.schema.dropIndex('flags_created_at').execute();
  await db.schema.dropIndex('flags_open_due').execute();
  for (const column of ['escalated_at', 'outcome_note', 'outcome', 'closed_at', 'first_action_at', 'due_at', 'acknowledged_at', 'owner_id']) {
    await db.schema.alterTable('flags').dropColumn(column).execute();
  }
}

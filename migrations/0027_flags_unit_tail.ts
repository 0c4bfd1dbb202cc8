/**
 * Keyset paging of the worklist (issue 24): past the urgent and the overdue flags, the rest of a
 * unit's list is ordered by level, age and id alone (overdue depends on the clock, so no index
 * holds the whole order). This index holds that tail's order after the unit and urgency, with the
 * columns the filter reads, so a deep page by cursor reads about a page of entries instead of
 * sorting every flag of the unit.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('flags_unit_tail').on('flags')
    .columns(['unit_id', 'urgent', 'level_rank desc', 'created_at', 'id', 'status', 'closed_at', 'due_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_unit_tail').execute();
}

/**
 * The worklist is sorted by level, age and then id; with the id in the index the page of a long
 * list is chosen from the index alone.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_worklist').execute();
  await db.schema.createIndex('flags_worklist').on('flags').columns(['status', 'level_rank', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_worklist').execute();
  await db.schema.createIndex('flags_worklist').on('flags').columns(['status', 'level_rank', 'created_at']).execute();
}

/**
 * Issue 10 on the flag: urgent review and own words as columns, the scales that got worse since the
 * patient's previous response, and who first opened the flag.
 *
 * - `urgent`, `own_words`: 0/1 (portable, no booleans). Rows stored since the engine learnt urgency
 *   and own words already hold them in `reasons` (the `urgent` list and the `own-words` rule), so
 *   they are set from there with one LIKE pass; older rows were never checked for either and get 0.
 *   The own-words excerpt needs no column: the own-words reason's evidence holds the text.
 * - `worse_since_last`: JSON [{scale, from, to}], fixed at submission against the previous
 *   response then; null for older rows (read as none: computing it needs each version's scales).
 * - `opened_at`, `opened_by`: the first time a nurse or admin opened the flag's detail; a flag with
 *   own words cannot be decided before (409 own_words_unread).
 *
 * The worklist index changes because the worklist order does: urgent first, then level, then
 * oldest. listFlags still chooses the page of ids from the index alone; the index now carries
 * `urgent` and its directions match the ORDER BY, so one status is read in order without a sort.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flags').addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('flags').addColumn('own_words', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('flags').addColumn('worse_since_last', 'text').execute();
  await db.schema.alterTable('flags').addColumn('opened_at', 'text').execute();
  // No foreign key: SQLite cannot drop a column that has one (down).
  await db.schema.alterTable('flags').addColumn('opened_by', 'text').execute();
  await sql`update flags set urgent = 1 where reasons like '%"urgent":[{%'`.execute(db);
  await sql`update flags set own_words = 1 where reasons like '%"rule":"own-words"%'`.execute(db);

  await db.schema.dropIndex('flags_worklist').execute();
  await db.schema.createIndex('flags_worklist').on('flags').columns(['status', 'urgent desc', 'level_rank desc', 'created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_worklist').execute();
  await db.schema.createIndex('flags_worklist').on('flags').columns(['status', 'level_rank', 'created_at', 'id']).execute();
  for (const column of ['opened_by', 'opened_at', 'worse_since_last', 'own_words', 'urgent']) {
    await db.schema.alterTable('flags').dropColumn(column).execute();
  }
}

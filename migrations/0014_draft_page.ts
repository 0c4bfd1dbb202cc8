/**
 * The page the patient was on when the draft was saved (issue 19), by its name in the survey: a
 * link opened on another device resumes there. A name, not a number, because a new questionnaire
 * version may add or split pages; a name that no longer exists is ignored when the link is opened.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitations').addColumn('draft_page', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('invitations').dropColumn('draft_page').execute();
}

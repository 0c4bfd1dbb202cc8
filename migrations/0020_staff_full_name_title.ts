/**
 * A staff user's full name and title (issue 23): the assign list, plans and the audit log show
 * "Anne Hansen, sygeplejerske" rather than a username. Both are optional: existing users have
 * neither until an admin fills them in.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').addColumn('full_name', 'text').execute();
  await db.schema.alterTable('staff_users').addColumn('title', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').dropColumn('title').execute();
  await db.schema.alterTable('staff_users').dropColumn('full_name').execute();
}

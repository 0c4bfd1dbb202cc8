/**
 * Site settings an admin edits (issue 10: the phone on the patient page; issue 11: deadlines,
 * reminders, the escalation contact). One row per setting that was ever set, keyed by its dotted
 * path ("site.phone", "deadlines.basic"): a setting never set takes its default from the code,
 * and two admins changing different settings never overwrite each other.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('site_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    // JSON text: a string, a list of strings or null.
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('staff_users.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('site_settings').execute();
}

/**
 * A basic-level plan may name a staff user as responsible (issue 23): the plan then shows that
 * user's full name and title as they are now. Nullable: a plan for someone outside the hospital
 * (the GP, a home nurse) keeps only the free text in `responsible`, as every older plan does.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flag_decisions').addColumn('responsible_user_id', 'text', (c) => c.references('staff_users.id')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('flag_decisions').dropColumn('responsible_user_id').execute();
}

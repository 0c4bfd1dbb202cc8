/**
 * Usernames unique without regard to case (issue 21): "Nurse" could be made beside "nurse", and
 * sign-in matched the exact case only. A unique index on lower(username) (usernames are ASCII, so
 * SQLite's and PostgreSQL's lower() agree), which sign-in also reads by.
 *
 * An install may already hold names that differ only in case. The oldest account keeps its name;
 * each later one is renamed "<name>-2", "-3", ... (the first free one) and the rename is written to
 * the audit log as `staff_user.renamed`, so an admin can tell the user. Nothing is disabled or lost.
 */
import { sql, type Kysely } from 'kysely';

interface Account {
  id: string;
  username: string;
  created_at: string;
}

export async function up(db: Kysely<any>): Promise<void> {
  const accounts = (await db.selectFrom('staff_users').select(['id', 'username', 'created_at']).orderBy('created_at').orderBy('id').execute()) as Account[];
  const taken = new Set(accounts.map((a) => a.username.toLowerCase()));
  const seen = new Set<string>();
  const now = new Date().toISOString();
  for (const account of accounts) {
    const folded = account.username.toLowerCase();
    if (!seen.has(folded)) {
      seen.add(folded);
      continue;
    }
    let n = 2;
    let renamed: string;
    do renamed = `${account.username.slice(0, 60)}-${n++}`;
    while (taken.has(renamed.toLowerCase()));
    taken.add(renamed.toLowerCase());
    seen.add(renamed.toLowerCase());
    await db.updateTable('staff_users').set({ username: renamed }).where('id', '=', account.id).execute();
    await db
      .insertInto('audit_log')
      .values({
        at: now, actor_type: 'anonymous', actor_id: null, actor_name: null, action: 'staff_user.renamed', entity_type: 'staff_user', entity_id: account.id, patient_id: null,
        details: JSON.stringify({ from: account.username, to: renamed, reason: 'usernames are unique without regard to case (migration 0016)' }),
      })
      .execute();
  }
  await sql`create unique index staff_users_username_lower on staff_users (lower(username))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('staff_users_username_lower').execute();
}

/**
 * Notifications (issue 11): one outbox for every message the server sends (reminders to patients,
 * escalations to staff), extra invitation tokens for the links in reminders, the patients' contact
 * details, and each invitation's progress through the reminder schedule.
 * Portable between SQLite and PostgreSQL: text timestamps (ISO-8601 UTC), no booleans.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('link', 'text')
    // What makes a message the same message: written twice, it is stored (and sent) once.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('claim_token', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  // The scheduler's question: which pending messages are due? Sent and failed ones stay out of it.
  await db.schema.createIndex('outbox_messages_due').on('outbox_messages').column('next_attempt_at').where(sql.ref('status'), '=', 'pending').execute();
  await db.schema.createIndex('outbox_messages_status').on('outbox_messages').column('status').execute();

  // A reminder's link carries a token of its own (tokens are stored only as hashes, so the
  // invitation's first token cannot be sent again); it opens the same invitation until it expires.
  await db.schema
    .createTable('invitation_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invitation_tokens_invitation_id').on('invitation_tokens').column('invitation_id').execute();

  await db.schema.alterTable('patients').addColumn('email', 'text').execute();
  await db.schema.alterTable('patients').addColumn('mobile', 'text').execute();

  // How far an invitation has come through the reminder schedule (steps passed), and how many
  // reminders actually went out (a patient without a channel passes steps but gets none).
  await db.schema.alterTable('invitations').addColumn('reminder_step', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('invitations').addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('invitations').addColumn('last_reminder_at', 'text').execute();
  // The tick's question: which unanswered invitations at step k were created before a cutoff?
  await db.schema
    .createIndex('invitations_reminder_due')
    .on('invitations')
    .columns(['reminder_step', 'created_at'])
    .where(sql.ref('answered_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invitations_reminder_due').execute();
  for (const column of ['last_reminder_at', 'reminders_sent', 'reminder_step']) await db.schema.alterTable('invitations').dropColumn(column).execute();
  for (const column of ['mobile', 'email']) await db.schema.alterTable('patients').dropColumn(column).execute();
  await db.schema.dropTable('invitation_tokens').execute();
  await db.schema.dropTable('outbox_messages').execute();
}

/**
 * The initial schema. Frozen once merged: change the schema in a new numbered migration.
 * Portable between SQLite and PostgreSQL: text timestamps (ISO-8601 UTC), text JSON, no booleans.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('patients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('staff_users.id'))
    .execute();

  await db.schema
    .createTable('questionnaire_versions')
    .addColumn('questionnaire_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('questionnaire_versions_pk', ['questionnaire_id', 'version'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('questionnaire_id', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .addColumn('draft_answers', 'text')
    .addColumn('draft_locale', 'text')
    .addColumn('draft_saved_at', 'text')
    .execute();
  await db.schema.createIndex('invitations_patient_id').on('invitations').column('patient_id').execute();
  await db.schema.createIndex('invitations_created_at').on('invitations').column('created_at').execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) => c.notNull().unique().references('invitations.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('questionnaire_id', 'text', (c) => c.notNull())
    .addColumn('questionnaire_version', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('locale', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('responses_patient_submitted').on('responses').columns(['patient_id', 'submitted_at']).execute();

  await db.schema
    .createTable('scale_scores')
    .addColumn('response_id', 'text', (c) => c.notNull().references('responses.id'))
    .addColumn('scale', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('items_used', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scale_scores_pk', ['response_id', 'scale'])
    .execute();

  await db.schema
    .createTable('flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('response_id', 'text', (c) => c.notNull().unique().references('responses.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('level_rank', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('return_reason', 'text')
    .execute();
  // The worklist: by status, specialized first, then oldest first.
  await db.schema.createIndex('flags_worklist').on('flags').columns(['status', 'level_rank', 'created_at']).execute();
  await db.schema.createIndex('flags_patient_id').on('flags').column('patient_id').execute();

  await db.schema
    .createTable('flag_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flag_id', 'text', (c) => c.notNull().references('flags.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('responsible', 'text')
    .addColumn('next_evaluation', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flag_decisions_flag_id').on('flag_decisions').columns(['flag_id', 'decided_at']).execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flag_id', 'text', (c) => c.notNull().references('flags.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('staff_users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema.createIndex('referrals_status_created').on('referrals').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('referrals_flag_id').on('referrals').column('flag_id').execute();
  await db.schema.createIndex('referrals_patient_id').on('referrals').column('patient_id').execute();

  // No foreign keys: the audit log outlives what it describes.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('patient_id', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_patient').on('audit_log').column('patient_id').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log', 'referrals', 'flag_decisions', 'flags', 'scale_scores', 'responses', 'invitations',
    'questionnaire_versions', 'patients', 'sessions', 'staff_users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

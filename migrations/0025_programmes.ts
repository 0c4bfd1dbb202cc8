/**
 * Programmes (issue 25): questionnaires that come back on a schedule. A programme is data the site
 * admin edits (its schedule is JSON of ISO 8601 durations); an enrolment puts a patient in one,
 * with a cursor (the schedule's index of the next occurrence and when it is due, which a plan's next
 * evaluation may move); an occurrence is one due time made into an invitation (or skipped because
 * the previous one was still open). UNIQUE (enrolment_id, due_at): each occurrence is made once,
 * also when two server processes tick at the same moment. A one-off occurrence (a plan's next
 * evaluation for a patient in no matching programme) has no enrolment and waits with made_at null.
 * Two shipped programmes: palliative follow-up every 14 days; rehabilitation at start, 3, 6 and 12 months.
 * Portable between SQLite and PostgreSQL: text timestamps (ISO-8601 UTC), JSON as text, 0/1 for flags.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name_da', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('questionnaire_id', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('open_for', 'text', (c) => c.notNull())
    // wait: make it once the previous one is answered or closed; skip: record it as skipped.
    .addColumn('when_open', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('next_index', 'integer')
    .addColumn('next_due_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The tick asks for active enrolments whose next occurrence is due: only those rows.
  await db.schema.createIndex('enrolments_due').on('enrolments').column('next_due_at').where(sql.ref('status'), '=', 'active').execute();
  await db.schema.createIndex('enrolments_patient_id').on('enrolments').column('patient_id').execute();
  await db.schema
    .createTable('occurrences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enrolment_id', 'text', (c) => c.references('enrolments.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('questionnaire_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('invitation_id', 'text', (c) => c.references('invitations.id'))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('made_at', 'text')
    // The decision whose next evaluation a one-off occurrence is.
    .addColumn('decision_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('occurrences_enrolment_due').on('occurrences').columns(['enrolment_id', 'due_at']).unique().execute();
  await db.schema.createIndex('occurrences_patient_id').on('occurrences').columns(['patient_id', 'due_at']).execute();
  await db.schema.createIndex('occurrences_waiting').on('occurrences').column('due_at').where(sql.ref('made_at'), 'is', null).execute();

  const now = new Date().toISOString();
  await db.insertInto('programmes').values([
    {
      id: 'palliative-follow-up', name_da: 'Palliativ opfølgning hver 14. dag', name_en: 'Palliative follow-up every 14 days', questionnaire_id: 'palliative-needs',
      schedule: JSON.stringify({ every: 'P14D' }), trigger: 'status_conversation', open_for: 'P7D', when_open: 'skip', created_at: now, updated_at: now,
    },
    {
      id: 'rehabilitation', name_da: 'Rehabilitering: start, 3, 6 og 12 måneder', name_en: 'Rehabilitation: start, 3, 6 and 12 months', questionnaire_id: 'rehabilitation-needs',
      schedule: JSON.stringify({ at: ['P0D', 'P3M', 'P6M', 'P12M'] }), trigger: 'intervention_follow_up', open_for: 'P14D', when_open: 'wait', created_at: now, updated_at: now,
    },
  ]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('occurrences').execute();
  await db.schema.dropTable('enrolments').execute();
  await db.schema.dropTable('programmes').execute();
}

/**
 * Inclusive answering (issue 13): how every response was given, and a relative's invitation.
 *
 * - `responses.mode`: self (the patient on the link), assisted (staff entered the answers with the
 *   patient), proxy (a relative answered on a relative's link), paper (transcribed from a paper form).
 *   `respondent` patient or relative, `relationship` the relative's (free text, e.g. "daughter").
 *   Existing rows are what Lindring knew then: the patient on the link (self, patient, no recorder).
 * - `recorded_by`: the staff user who entered an assisted or paper response; `answered_on` a paper
 *   form's own date (YYYY-MM-DD; null: the day it was submitted); `verified_by`/`verified_at` the
 *   second staff user who checked a paper entry against the paper.
 * - `invitations.respondent`/`relationship`: a link made for a relative.
 *
 * Staff ids without REFERENCES, as in 0009 and 0010 (SQLite cannot drop a column that has one).
 * Portable: text columns, NOT NULL with a constant default (SQLite's ADD COLUMN allows that).
 */
import type { Kysely } from 'kysely';

const RESPONSE_COLUMNS = ['relationship', 'recorded_by', 'answered_on', 'verified_by', 'verified_at'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('responses').addColumn('mode', 'text', (c) => c.notNull().defaultTo('self')).execute();
  await db.schema.alterTable('responses').addColumn('respondent', 'text', (c) => c.notNull().defaultTo('patient')).execute();
  for (const column of RESPONSE_COLUMNS) await db.schema.alterTable('responses').addColumn(column, 'text').execute();
  await db.schema.alterTable('invitations').addColumn('respondent', 'text', (c) => c.notNull().defaultTo('patient')).execute();
  await db.schema.alterTable('invitations').addColumn('relationship', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['relationship', 'respondent']) await db.schema.alterTable('invitations').dropColumn(column).execute();
  for (const column of [...RESPONSE_COLUMNS].reverse()) await db.schema.alterTable('responses').dropColumn(column).execute();
  for (const column of ['respondent', 'mode']) await db.schema.alterTable('responses').dropColumn(column).execute();
}

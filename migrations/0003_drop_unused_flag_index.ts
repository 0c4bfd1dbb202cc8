/**
 * No query looks flags up by patient (a patient's flags are reached through their responses), and
 * every submission paid for the index with a write to a random page of it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_patient_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('flags_patient_id').on('flags').column('patient_id').execute();
}

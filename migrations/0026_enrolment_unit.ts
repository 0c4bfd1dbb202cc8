/**
 * An enrolment's own unit (issue 25 with issue 24's units): the unit of the nurse who enrolled the
 * patient, as an invitation has its own. The scheduler made each occurrence in the patient's first
 * care unit, which for a patient of several units could be a unit that never asked for it.
 *
 * Nullable, as 0022's unit columns (SQLite cannot add a NOT NULL column without a default, and a
 * default would file a forgotten unit into the default one), and set for every row: the existing
 * ones here to the patient's first care unit (what the scheduler used until now), new ones by the
 * service. No foreign key: SQLite cannot drop a column that has one (down).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('enrolments').addColumn('unit_id', 'text').execute();
  await sql`update enrolments set unit_id = (select min(unit_id) from patient_units where patient_units.patient_id = enrolments.patient_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('enrolments').dropColumn('unit_id').execute();
}

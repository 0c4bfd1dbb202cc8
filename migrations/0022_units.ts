/**
 * Units (issue 24): a ward, a clinic, a palliative team or a rehabilitation service. Staff belong
 * to units, patients have care relationships with units, and an invitation, its flag and a
 * referral belong to a unit: what a nurse may see follows from them (services/access.ts).
 *
 * An existing install keeps behaving as before. It gets two units: `unit-default` (a ward, code
 * STD) holds every patient, invitation and flag and every staff user but the palliative team's;
 * `unit-palliative` (code PAL) is the team the referrals have always gone to, and holds the
 * palliative_team users and every referral. One unit could not do both: a referral must name a
 * palliative team or a rehabilitation service, and the team sees only referred patients, as today.
 * Every admin becomes a site admin (every unit).
 *
 * `invitations.unit_id`, `flags.unit_id` and `referrals.unit_id` are nullable in the schema (SQLite
 * cannot add a NOT NULL column without a default, and a default would file a forgotten unit into
 * the default one) and set for every row: the older ones here, new ones by the services.
 *
 * The worklist of a nurse filters by unit: a second worklist index leads with `unit_id` and
 * otherwise has the columns and directions of flags_worklist (migration 0010), so a unit's page of
 * one status is still read in order from the index alone.
 */
import { sql, type Kysely } from 'kysely';

const DEFAULT_UNIT = 'unit-default';
const PALLIATIVE_UNIT = 'unit-palliative';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('units_kind', sql`kind in ('ward', 'clinic', 'palliative_team', 'rehabilitation')`)
    .execute();
  const at = new Date().toISOString();
  await db.insertInto('units').values([
    { id: DEFAULT_UNIT, name: 'Afdeling', code: 'STD', kind: 'ward', created_at: at },
    { id: PALLIATIVE_UNIT, name: 'Palliativt team', code: 'PAL', kind: 'palliative_team', created_at: at },
  ]).execute();

  await db.schema
    .createTable('staff_units')
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('staff_units_pk', ['user_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('staff_units_unit_id').on('staff_units').column('unit_id').execute();
  await sql`insert into staff_units (user_id, unit_id) select id, ${PALLIATIVE_UNIT} from staff_users where role = 'palliative_team'`.execute(db);
  await sql`insert into staff_units (user_id, unit_id) select id, ${DEFAULT_UNIT} from staff_users where role <> 'palliative_team'`.execute(db);

  await db.schema
    .createTable('patient_units')
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('patient_units_pk', ['patient_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('patient_units_unit_id').on('patient_units').column('unit_id').execute();
  await sql`insert into patient_units (patient_id, unit_id) select id, ${DEFAULT_UNIT} from patients`.execute(db);

  // No foreign keys on the added columns: SQLite cannot drop a column that has one (down).
  for (const table of ['invitations', 'flags']) {
    await db.schema.alterTable(table).addColumn('unit_id', 'text').execute();
    await db.updateTable(table).set({ unit_id: DEFAULT_UNIT }).execute();
  }
  await db.schema.alterTable('referrals').addColumn('unit_id', 'text').execute();
  await db.updateTable('referrals').set({ unit_id: PALLIATIVE_UNIT }).execute();
  await db.schema.createIndex('flags_unit_worklist').on('flags')
    .columns(['unit_id', 'status', 'urgent desc', 'level_rank desc', 'created_at', 'id', 'closed_at', 'due_at']).execute();
  await db.schema.createIndex('invitations_unit_id').on('invitations').column('unit_id').execute();
  await db.schema.createIndex('referrals_unit_status').on('referrals').columns(['unit_id', 'status']).execute();

  await db.schema.alterTable('staff_users').addColumn('site_admin', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.updateTable('staff_users').set({ site_admin: 1 }).where('role', '=', 'admin').execute();

  await db.schema
    .createTable('unit_settings')
    .addColumn('unit_id', 'text', (c) => c.primaryKey().references('units.id'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unit_settings').execute();
  await db.schema.alterTable('staff_users').dropColumn('site_admin').execute();
  await db.schema.dropIndex('referrals_unit_status').execute();
  await db.schema.dropIndex('invitations_unit_id').execute();
  await db.schema.dropIndex('flags_unit_worklist').execute();
  for (const table of ['referrals', 'flags', 'invitations']) await db.schema.alterTable(table).dropColumn('unit_id').execute();
  await db.schema.dropTable('patient_units').execute();
  await db.schema.dropTable('staff_units').execute();
  await db.schema.dropTable('units').execute();
}

/** `npm run migrate` applies pending migrations to DATABASE_URL; `npm run migrate -- --down` reverts the latest one. */
import { parseArgs } from 'node:util';
import { DEFAULT_DATABASE_URL, openDatabase } from '../storage/database.js';
import { migrateDown, migrateToLatest } from '../storage/migrate.js';

const { values } = parseArgs({ options: { down: { type: 'boolean', default: false } } });
const db = openDatabase(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
try {
  const done = values.down ? await migrateDown(db) : await migrateToLatest(db);
  console.log(done.length > 0 ? done.join('\n') : 'nothing to do: the database is up to date');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

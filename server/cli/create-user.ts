/** `npm run create-user -- --username U --password P --role R`: makes a staff user (the first admin is made this way). */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { ServiceError } from '../services/errors.js';
import { createServiceContext } from '../services/create-context.js';
import { createStaffUser } from '../services/staff-auth.js';
import { DEFAULT_DATABASE_URL, openDatabase } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

const USAGE = 'usage: npm run create-user -- --username U --password P --role nurse|palliative_team|admin';

const { values } = parseArgs({ options: { username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' } } });
if (!values.username || !values.password || !values.role) {
  console.error(USAGE);
  process.exit(2);
}
const db = openDatabase(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
try {
  await migrateToLatest(db);
  const ctx = createServiceContext({ db, questionnaires: new Map() });
  const user = await createStaffUser(ctx, null, { username: values.username, password: values.password, role: values.role as 'admin' });
  console.log(`created ${user.role} "${user.username}" (${user.id})`);
} catch (error) {
  if (error instanceof ZodError) console.error(error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  else if (error instanceof ServiceError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

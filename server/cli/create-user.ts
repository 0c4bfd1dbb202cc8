/**
 * `npm run create-user -- --username U --role R --password-stdin` (or `--password P`): makes a staff
 * user (the first admin is made this way). With --password-stdin the password is read from the first
 * line of standard input, so it stays out of the process list and the shell history. The password
 * policy is the server's (services/password-policy.ts): a refused password exits 1 saying why.
 * An admin made here is a site admin (every unit). `--unit CODE` (repeatable, a unit's code or id)
 * names the user's units; without it the install's only unit for the role (issue 24).
 */
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { ServiceError } from '../services/errors.js';
import { createServiceContext } from '../services/create-context.js';
import { createStaffUser } from '../services/staff-auth.js';
import { listUnits } from '../services/units.js';
import { DEFAULT_DATABASE_URL, openDatabase } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

const USAGE = 'usage: npm run create-user -- --username U --role nurse|palliative_team|admin (--password-stdin | --password P) [--unit CODE ...]';

const { values } = parseArgs({
  options: { username: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' }, role: { type: 'string' }, unit: { type: 'string', multiple: true } },
});
const password = values['password-stdin'] ? (await text(process.stdin)).split(/\r?\n/)[0] : values.password;
if (!values.username || !password || !values.role || (values['password-stdin'] && values.password)) {
  console.error(USAGE);
  process.exit(2);
}
const db = openDatabase(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
try {
  await migrateToLatest(db);
  const ctx = createServiceContext({ db, questionnaires: new Map() });
  const units = await listUnits(ctx);
  const unitIds = values.unit?.map((given) => units.find((u) => u.code === given || u.id === given)?.id ?? given);
  const user = await createStaffUser(ctx, null, { username: values.username, password, role: values.role as 'admin', ...(unitIds ? { unitIds } : {}) });
  console.log(`created ${user.role} "${user.username}" (${user.id})`);
} catch (error) {
  if (error instanceof ZodError) console.error(error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  else if (error instanceof ServiceError) console.error(`${error.message} (${error.code})`);
  else console.error(error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}

/**
 * `npm run seed:demo [-- --lang da|en]`: fills the database (DATABASE_URL, default ./data/lindring.sqlite)
 * with demo users, patients, invitations and responses for a walkthrough; the free texts (own words,
 * notes, referral and return texts) in Danish unless `--lang en`. DEMO ONLY: refuses NODE_ENV=production.
 */
import { parseArgs } from 'node:util';
import { loadQuestionnaires } from '../questionnaire-loader.js';
import { DEMO_LANGS, seedDemo, type DemoLang } from '../demo/seed.js';
import { DEFAULT_SETTINGS } from '../services/context.js';
import { createServiceContext } from '../services/create-context.js';
import { QuestionnaireRegistry } from '../services/questionnaires.js';
import { configFromEnv } from '../config.js';
import { openDatabase } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

if (process.env.NODE_ENV === 'production') {
  console.error('seed:demo makes demo users whose password is their username; it refuses to run with NODE_ENV=production.');
  process.exit(1);
}

const { values } = parseArgs({ options: { lang: { type: 'string', default: 'da' } } });
const lang = DEMO_LANGS.find((l) => l === values.lang);
if (!lang) {
  console.error(`--lang must be ${DEMO_LANGS.join(' or ')}, got "${values.lang}"`);
  process.exit(2);
}
const demoLang: DemoLang = lang;

const config = configFromEnv();
const databaseUrl = config.databaseUrl;
const baseUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
const db = openDatabase(databaseUrl);
try {
  await migrateToLatest(db);
  const questionnaires = new QuestionnaireRegistry(await loadQuestionnaires(config.questionnaireDir));
  const settings = { ...DEFAULT_SETTINGS, invitationTtlDays: config.invitationTtlDays };
  const ctx = createServiceContext({ db, questionnaires, settings });
  const result = await seedDemo(ctx, { baseUrl, lang: demoLang });

  console.log(result.created ? `Demo data written to ${databaseUrl} (free texts in ${demoLang === 'da' ? 'Danish' : 'English'}).` : `Demo data was already in ${databaseUrl}; made a new walkthrough invitation.`);
  console.log('\nDEMO-ONLY staff users (the password is the username; never use them on a real server):');
  for (const u of result.users) console.log(`  ${u.username.padEnd(8)} password: ${u.password.padEnd(8)} role: ${u.role}`);
  console.log('\nDemo patients:');
  for (const p of result.patients) console.log(`  ${p.externalId}  ${p.name.padEnd(17)} ${p.story}`);
  console.log(`\nAnswer as ${result.walkthrough.patientName} (open on a tablet or in a private window):\n  ${result.walkthrough.url}`);
  console.log(`\nStaff app: ${baseUrl}/  (log in as nurse, team or admin)`);
} finally {
  await db.destroy();
}

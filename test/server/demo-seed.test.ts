/** Issue 23: the demo's free texts in the staff app's language, Danish unless `--lang en`. */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { seedDemo, type DemoLang } from '../../server/demo/seed.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { patientEnrolments } from '../../server/services/programmes.js';
import { startServer } from '../../server/start.js';
import { TEST_PASSWORD_HASHING, tempDir } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function seeded(lang?: DemoLang) {
  const dir = tempDir('lindring-demo-seed-');
  dirs.push(dir);
  const server = await startServer({ databaseUrl: path.join(dir, 'db.sqlite'), port: 0, host: '127.0.0.1', log: false, clientDir: path.join(dir, 'no-client') }, { scheduler: false, passwordHashing: TEST_PASSWORD_HASHING });
  onTestFinished(() => server.close());
  const ctx = createServiceContext({ db: server.db, questionnaires: await loadQuestionnaires(), settings: { passwordHashing: TEST_PASSWORD_HASHING } });
  await seedDemo(ctx, { baseUrl: server.url, ...(lang ? { lang } : {}) });
  const notes = (await server.db.selectFrom('flag_decisions').select('note').execute()).map((d) => d.note);
  const referrals = (await server.db.selectFrom('referrals').select(['text', 'decision_reason']).execute());
  return { notes, referrals };
}

describe('seedDemo', () => {
  it('writes the notes, referral and return texts in Danish by default', async () => {
    const { notes, referrals } = await seeded();
    expect(notes).toContain('Henvist efter en telefonsamtale med Ole og hans kone.');
    expect(referrals.map((r) => r.decision_reason)).toContain('Behovene er rehabiliteringsbehov uden komplekse palliative behov. Henvis venligst til kommunal rehabilitering og senfølgeklinikken.');
    expect(JSON.stringify({ notes, referrals })).not.toMatch(/Please assess|Referred after/);
  });

  it('writes them in English when asked', async () => {
    const { notes, referrals } = await seeded('en');
    expect(notes).toContain('Referred after a phone call with Ole and his wife.');
    expect(referrals.map((r) => r.text)).toContain('Poul Andersen (DEMO-1004): anxiety, low mood and numbness in hands and feet after chemotherapy. Please assess.');
  });

  it('enrols Birgit and Jens in the two shipped programmes, with past occurrences (answered, missed, open) and a next due date, once', async () => {
    const dir = tempDir('lindring-demo-programmes-');
    dirs.push(dir);
    const server = await startServer({ databaseUrl: path.join(dir, 'db.sqlite'), port: 0, host: '127.0.0.1', log: false, clientDir: path.join(dir, 'no-client') }, { scheduler: false, passwordHashing: TEST_PASSWORD_HASHING });
    onTestFinished(() => server.close());
    const ctx = createServiceContext({ db: server.db, questionnaires: await loadQuestionnaires(), settings: { passwordHashing: TEST_PASSWORD_HASHING } });
    await seedDemo(ctx, { baseUrl: server.url });
    await seedDemo(ctx, { baseUrl: server.url }); // again: nothing more is enrolled or made
    const user = await server.db.selectFrom('staff_users').select(['id', 'username', 'role']).where('username', '=', 'nurse').executeTakeFirstOrThrow();
    const nurse = { type: 'staff' as const, ...user };
    const enrolmentsOf = async (externalId: string) => {
      const { id } = await server.db.selectFrom('patients').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow();
      return patientEnrolments(ctx, nurse, id);
    };
    const [birgit] = await enrolmentsOf('DEMO-1003');
    expect(birgit).toMatchObject({ programmeId: 'palliative-follow-up', status: 'active' });
    expect(birgit!.occurrences.map((o) => o.state)).toEqual(['open', 'answered', 'missed']);
    expect(Date.parse(birgit!.nextDueAt!)).toBeGreaterThan(Date.now());
    const [jens] = await enrolmentsOf('DEMO-1005');
    expect(jens).toMatchObject({ programmeId: 'rehabilitation', status: 'active' });
    expect(jens!.occurrences.map((o) => o.state)).toEqual(['missed']);
    expect(Date.parse(jens!.nextDueAt!)).toBeGreaterThan(Date.now());
    expect(await server.db.selectFrom('enrolments').select('id').execute()).toHaveLength(2);
  });

  it('npm run seed:demo refuses a language it does not have, naming the option', async () => {
    const run = promisify(execFile);
    const dir = tempDir('lindring-demo-cli-');
    dirs.push(dir);
    const refused = await run(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/cli/seed-demo.ts', '--lang', 'de'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: path.join(dir, 'db.sqlite') } }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('--lang must be da or en, got "de"') });
  });
});

/**
 * `npm run test:postgres`: the API and storage tests against a real PostgreSQL. Starts a private
 * cluster (initdb in a temporary folder, its own port, trust auth on 127.0.0.1 only), runs the
 * tests with TEST_DATABASE_URL pointing at it (each test file gets its own database), then stops it.
 * Needs the PostgreSQL server binaries (Debian: apt-get install postgresql); as root it runs them
 * as the `postgres` user. Not part of `npm test`, which stays on SQLite.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** The API project's tests that take TEST_DATABASE_URL (the others exercise SQLite files or child processes on purpose). */
const TESTS = [
  'flow', 'submission', 'roles', 'audit', 'http-safety', 'storage', 'account-lifecycle', 'decision-rules', 'flag-loop', 'notifications',
  'patient-contact', 'rate-limits', 'settings', 'fuzz', 'answering-modes',
  // issue 21: password tries counted before the hash, the hash queue, accounts
  'password-tries', 'account-integrity',
  // issue 14: CSV export and quality indicators
  'data-out',
  // issue 21: second factor, sessions, temporary passwords
  'second-factor', 'sessions', 'temporary-passwords',
  // issue 21: no usable token at rest, outbox retention
  'no-token-at-rest', 'csv-injection', 'input-validation', 'read-audit', 'questionnaire-form',
  // issue 22: one transaction helper (a stray query on db fails fast)
  'transaction',
  // issue 23: the worklist row, its size, the level counts, the team's answers
  'worklist',
  // issue 24: the worklist paged by keyset (a cursor), need-to-know on every page
  'worklist-keyset',
  // issue 23: the palliative team's queue and letter; the call list
  'referral-team', 'call-list', 'invitation-sending',
  // issue 23: staff full name and title, the audit log's filters and paging
  'staff-profile-audit',
  // issue 23: palliative-needs 2.0.1 (a title a patient reads); older responses keep their version
  'questionnaire-version-bump',
  // issue 24: sign-in through the hospital's identity provider (a real OpenID provider in the test)
  'oidc',
  // issue 25: programmes, enrolments, the scheduler's occurrences
  'programmes',
  // issue 24: units, need-to-know access, the migration of an existing install
  'units', 'need-to-know',
  // issue 24: breaking the glass from the staff app (by external id), a duplicate of another unit's patient
  'emergency-access', 'blank-form-phone',
].map((name) => `test/server/${name}.test.ts`);

function binary(name: string): string {
  const fromPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (fromPath) return fromPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort().reverse() : [];
  for (const v of versions) if (existsSync(path.join(root, v, 'bin', name))) return path.join(root, v, 'bin', name);
  throw new Error(`PostgreSQL's ${name} was not found. Install the server: apt-get install postgresql`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const asRoot = userInfo().uid === 0;
/** Runs a PostgreSQL binary, as the postgres user when we are root (the server refuses to run as root). */
function pgRun(bin: string, args: string[]): void {
  const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', binary(bin), ...args]] : [binary(bin), args];
  execFileSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
}

const dir = mkdtempSync(path.join(tmpdir(), 'lindring-pg-'));
const data = path.join(dir, 'data');
let started = false;
let exitCode = 1;
try {
  if (asRoot) {
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
    chmodSync(dir, 0o700);
  }
  const port = await freePort();
  pgRun('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  pgRun('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  started = true;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  console.log(`PostgreSQL at ${url}`);
  const vitest = spawnSync(process.execPath, [path.resolve('node_modules/vitest/vitest.mjs'), 'run', '--project', 'api', ...TESTS], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE_URL: url },
  });
  exitCode = vitest.status ?? 1;
  // Several server processes on one database: only meaningful here (test/postgres/*.pgtest.ts).
  const multiProcess = spawnSync(process.execPath, [path.resolve('node_modules/vitest/vitest.mjs'), 'run', '--config', 'test/postgres/vitest.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE_URL: url },
  });
  if (exitCode === 0) exitCode = multiProcess.status ?? 1;
} finally {
  if (started) pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);

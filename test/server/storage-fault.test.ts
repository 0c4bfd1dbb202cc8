/**
 * Issue 12 item 5: a storage fault under the running server is a 503, and the server recovers with
 * the disk. Tests run as root, whom file modes do not stop, so the fault is a real full disk: the
 * database lives on a small tmpfs of its own, which a filler file fills up, and then frees again.
 * It needs permission to mount (root with CAP_SYS_ADMIN, as in CI): where mounting is refused it is
 * skipped, saying why, except under CI (CI set, as .ci/run sets it), where a refusal fails it.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { PASSWORD, TEST_PASSWORD_HASHING, tempDir, testCatalog } from './helpers.js';

let dir: string;
let server: RunningServer;
let mounted = false;
/** Why mounting the tmpfs was refused here, when it was and this is not CI. */
let mountRefused: string | undefined;

/** Mounts a small tmpfs on `target`; returns the refusal (mount's own message) or nothing. */
function mountTmpfs(target: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', target], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    const text = (error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : '') || String(error);
    return text.split('\n')[0] || text; // mount's first line says why
  }
}

beforeAll(async () => {
  dir = tempDir('lindring-fault-');
  const refusal = mountTmpfs(dir);
  if (refusal !== undefined) {
    if (process.env.CI) throw new Error(`CI must run the storage-fault test, but mounting a tmpfs was refused: ${refusal}`);
    mountRefused = refusal;
    return;
  }
  mounted = true;
  server = await startServer({ databaseUrl: path.join(dir, 'db.sqlite'), port: 0, host: '127.0.0.1', log: false, clientDir: path.join(dir, 'no-client') }, { scheduler: false });
  const ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), settings: { passwordHashing: TEST_PASSWORD_HASHING } });
  await createStaffUser(ctx, null, { username: 'nurse-user', password: PASSWORD, role: 'nurse' });
});
afterAll(async () => {
  await server?.close();
  if (mounted) execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

/** Writes zeros into `file` until the disk is full. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

it('a full disk is a 503 storage_unavailable, the server stays up, and works again when there is room', async ({ skip }) => {
  if (mountRefused !== undefined) skip(`needs permission to mount a tmpfs (root, as in CI); refused here: ${mountRefused}`);
  const nurse = supertest.agent(server.url);
  await nurse.post('/api/auth/login').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
  await nurse.post('/api/patients').send({ externalId: 'before', name: 'Before' }).expect(201);

  const filler = path.join(dir, 'filler');
  fillDisk(filler);
  for (let i = 0; i < 3; i++) {
    const res = await nurse.post('/api/patients').send({ externalId: `during-${i}`, name: 'During the fault' }).expect(503);
    expect(res.body).toEqual({ error: { code: 'storage_unavailable', message: expect.any(String) } });
  }

  rmSync(filler);
  await nurse.post('/api/patients').send({ externalId: 'after', name: 'After' }).expect(201);
  const ids = (await server.db.selectFrom('patients').select('external_id').orderBy('external_id').execute()).map((r) => r.external_id);
  expect(ids).toEqual(['after', 'before']);
});

/**
 * Issue 21: password tries are counted before their hash is checked, so a burst cannot all be tried
 * against the limit; every password hash waits in a small queue, and a full queue is a 429.
 * The queue is the real one, held by the test (a hash that waits for the test) so which requests
 * reach the hash does not depend on timing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PasswordHashQueue } from '../../server/services/password-hash-queue.js';
import { createTestServer, MINUTE, PASSWORD, type TestServer } from './helpers.js';

const LIMITS = { limit: 10, windowMs: 15 * MINUTE };
let server: TestServer;
afterEach(() => server.close());

/** A queue whose slots the test fills with hashes that end when it says so. */
function heldQueue(limits: { concurrency: number; waiting: number }) {
  const queue = new PasswordHashQueue(limits);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const holds: Promise<void>[] = [];
  const hold = (n: number) => {
    for (let i = 0; i < n; i++) holds.push(queue.run(() => released));
  };
  return { queue, hold, release: async () => (release(), await Promise.all(holds)) };
}

/** Resolves once `done()` is true, checking after each turn of the event loop (no clock involved). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

const count = async (action: string) =>
  Number((await server.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

describe('sign-in limits under a burst', () => {
  it('40 concurrent wrong passwords for one account from one address: at most 10 reach the hash, the rest 429 too_many_attempts', async () => {
    const held = heldQueue({ concurrency: 1, waiting: 100 });
    server = await createTestServer({ trustProxy: 1, loginRateLimit: LIMITS, passwordHashes: held.queue });
    held.hold(1);
    const answered: { status: number; code?: string; retryAfter?: string }[] = [];
    const tries = Array.from({ length: 40 }, () =>
      server.request.post('/api/auth/login').set('X-Forwarded-For', '203.0.113.5').send({ username: 'nurse-user', password: 'wrong password' })
        .then((res) => answered.push({ status: res.status, code: res.body.error?.code, retryAfter: res.headers['retry-after'] })));
    // Every try has been either refused or is waiting for a hash: only then may the hashes run.
    await until(() => answered.length + held.queue.waiting === 40);
    await held.release();
    await Promise.all(tries);
    const wrong = answered.filter((a) => a.status === 401);
    const refused = answered.filter((a) => a.status === 429);
    expect(wrong.length).toBe(LIMITS.limit);
    expect(refused.length).toBe(40 - LIMITS.limit);
    for (const r of refused) {
      expect(r.code).toBe('too_many_attempts');
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    expect(await count('auth.login_failed')).toBe(LIMITS.limit);
  });
});

describe('the password-hash queue', () => {
  it('when full, every password hash is refused at once with 429 too_many_attempts and Retry-After, none 5xx; the refusals do not count as failures', async () => {
    const held = heldQueue({ concurrency: 1, waiting: 1 });
    server = await createTestServer({ trustProxy: 1, loginRateLimit: LIMITS, passwordHashes: held.queue });
    const admin = await server.as('admin');
    const nurse = await server.as('nurse');
    const created = await count('staff_user.created');
    held.hold(2); // one hashing, one waiting: the queue is full
    const burst = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) =>
        server.request.post('/api/auth/login').set('X-Forwarded-For', '198.51.100.7').send({ username: i % 2 ? 'nurse-user' : `nobody-${i}`, password: i % 3 ? 'wrong password' : PASSWORD })),
      admin.post('/api/users').send({ username: 'new-nurse', password: 'a long enough new passphrase 42', role: 'nurse' }),
      admin.post(`/api/users/${server.users.nurse.id}/password-reset`).send({}),
      nurse.post('/api/auth/password').send({ currentPassword: PASSWORD, newPassword: 'a much longer new passphrase 42' }),
    ]);
    for (const res of burst) {
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('too_many_attempts');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    await held.release();
    // Nothing was stored by a refused request, and the 12 refusals from one address did not use up its 10 failures.
    expect(await count('staff_user.created')).toBe(created);
    expect(await count('staff_user.password_reset')).toBe(0);
    await server.request.post('/api/auth/login').set('X-Forwarded-For', '198.51.100.7').send({ username: 'nurse-user', password: PASSWORD }).expect(200);
    await admin.post('/api/users').send({ username: 'new-nurse', password: 'a long enough new passphrase 42', role: 'nurse' }).expect(201);
  });
});

describe('failed sign-ins in the audit log', () => {
  it('store the account id when the name matched an account, and nothing typed otherwise', async () => {
    server = await createTestServer();
    // A password typed into the username field, then a wrong password for a real account.
    const typed = 'Sommerfugl-hemmelig-42';
    await server.request.post('/api/auth/login').send({ username: typed, password: 'anything at all' }).expect(401);
    await server.request.post('/api/auth/login').send({ username: 'nurse-user', password: 'wrong password' }).expect(401);
    const failed = await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login_failed').execute();
    expect(failed.map((e) => e.entity_id).sort()).toEqual([server.users.nurse.id, null].sort());
    expect(JSON.stringify(failed)).not.toContain('nurse-user');
    expect(JSON.stringify(await server.db.selectFrom('audit_log').selectAll().execute())).not.toContain(typed);
  });
});

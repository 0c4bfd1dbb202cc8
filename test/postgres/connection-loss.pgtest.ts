/**
 * PostgreSQL ends a server's idle connections (a restart, a failover, an administrator's
 * pg_terminate_backend): the pool drops them and the server goes on with new ones. Without an error
 * listener on the pool, node-postgres re-emits the idle client's error on the pool and the whole
 * process crashes. Run by `npm run test:postgres` (TEST_DATABASE_URL).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshDatabase, onPostgres, type TestDatabase } from '../server/test-database.js';

let database: TestDatabase;

beforeAll(async () => {
  if (!onPostgres) throw new Error('Run by `npm run test:postgres` (TEST_DATABASE_URL=postgres://...)');
  database = await freshDatabase();
});
afterAll(() => database?.drop());

it('a terminated idle connection is dropped from the pool, not an uncaught error, and the next query works', async () => {
  const { db, url } = database;
  // Several connections in the pool, all idle afterwards.
  await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(db)));
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const name = new URL(url).pathname.slice(1);
    const { rowCount } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    await admin.end();
    expect(rowCount).toBeGreaterThanOrEqual(1);
    // Let the FATAL messages reach the idle clients.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(uncaught).toEqual([]);
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});

/** transaction(db, fn): a stray query on db inside it fails fast, and on SQLite each transaction waits its turn of the event loop, per database. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/storage/database.js';
import { STRAY_QUERY_MESSAGE, transaction } from '../../server/storage/transaction.js';
import { freshDatabase, onPostgres, type TestDatabase } from './test-database.js';

let test: TestDatabase;
let other: TestDatabase;
let db: Db;
beforeAll(async () => {
  [test, other] = await Promise.all([freshDatabase({ migrate: false }), freshDatabase({ migrate: false })]);
  db = test.db;
  await sql`create table t (id integer primary key)`.execute(db);
});
afterAll(() => Promise.all([test.drop(), other.drop()]));

/** The promise's outcome, or 'timed out': the old dialect waited forever for a stray query's connection. */
function settled<T>(promise: Promise<T>, ms = 2000): Promise<{ value: T } | { error: string } | 'timed out'> {
  return Promise.race([
    promise.then((value) => ({ value }), (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) })),
    new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms).unref()),
  ]);
}

const ids = async (d: Db = db) => (await sql<{ id: number }>`select id from t order by id`.execute(d)).rows.map((r) => Number(r.id));
const clear = () => sql`delete from t`.execute(db);

describe('a query on db inside transaction(db, fn)', () => {
  it('rejects at once with a message naming the mistake, and rolls the transaction back', async () => {
    await clear();
    const outcome = await settled(transaction(db, async (tx) => {
      await sql`insert into t (id) values (1)`.execute(tx);
      await ids(db);
      return 'ran';
    }));
    expect(outcome).toEqual({ error: STRAY_QUERY_MESSAGE });
    expect(await ids()).toEqual([]);
  });

  it('refuses a nested transaction on the same database', async () => {
    const outcome = await settled(transaction(db, () => transaction(db, async () => 'nested')));
    expect(outcome).toEqual({ error: STRAY_QUERY_MESSAGE });
  });

  it('leaves queries on another database, and queries of other requests meanwhile, to run', async () => {
    await clear();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const running = transaction(db, async (tx) => {
      await sql`insert into t (id) values (1)`.execute(tx);
      expect((await sql<{ one: number }>`select 1 as one`.execute(other.db)).rows).toEqual([{ one: 1 }]);
      entered();
      await gate;
      return 'committed';
    });
    await inside;
    // Another request (not in the transaction's async context) waits for the connection on SQLite,
    // as before; on PostgreSQL it takes another one.
    const outside = ids();
    release();
    expect(await settled(running)).toEqual({ value: 'committed' });
    const read = await settled(outside);
    if (onPostgres) expect(read).toHaveProperty('value');
    else expect(read).toEqual({ value: [1] });
  });

  it('lets work the transaction left behind query db once it is over', async () => {
    let later!: Promise<number[]>;
    await transaction(db, async () => {
      later = new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => ids());
    });
    expect(await settled(later)).toHaveProperty('value');
  });
});

describe('pacing', () => {
  it.skipIf(onPostgres)('starts a transaction on SQLite one turn of the event loop later', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('turn'));
    await transaction(db, async () => {
      order.push('fn');
    });
    expect(order).toEqual(['turn', 'fn']);
  });

  it.skipIf(onPostgres)('paces each database on its own', async () => {
    const started: string[] = [];
    const run = (d: Db, name: string) => transaction(d, async () => {
      started.push(name);
    });
    await Promise.all([run(db, 'a1'), run(db, 'a2'), run(db, 'a3'), run(other.db, 'b1')]);
    // One queue for all databases would start b1 after a3.
    expect(started.indexOf('b1')).toBeLessThan(started.indexOf('a2'));
  });

  it('completes every one of many concurrent transactions', async () => {
    await clear();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => transaction(db, async (tx) => {
      await sql`insert into t (id) values (${i + 1})`.execute(tx);
      return i;
    })));
    expect(results).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(await ids()).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

/** Transactions (on SQLite: the writer thread and the main-thread reader) and group commit. */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, type Db } from '../../server/storage/database.js';
import { commitInGroup, statement, transactionRunner, type UnitOutcome } from '../../server/storage/group-commit.js';
import { freshDatabase, onPostgres, type TestDatabase } from './test-database.js';

let test: TestDatabase;
let db: Db;
beforeAll(async () => {
  test = await freshDatabase({ migrate: false });
  db = test.db;
  await sql`create table t (id integer primary key, v text not null unique)`.execute(db);
});
afterAll(() => test.drop());

const failedUnique = (o: UnitOutcome | undefined) => o !== undefined && !o.ok && 'error' in o && isUniqueViolation(o.error);

const insert = (id: number, v: string) => statement(CompiledQuery.raw(onPostgres ? 'insert into t (id, v) values ($1, $2)' : 'insert into t (id, v) values (?, ?)', [id, v]));
const rows = async () => (await sql<{ id: number; v: string }>`select id, v from t order by id`.execute(db)).rows;

describe('transactions', () => {
  it('keeps a transaction unseen by reads outside it until the commit', async () => {
    await db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (1, 'one')`.execute(tx);
      expect((await sql`select v from t where id = 1`.execute(tx)).rows).toEqual([{ v: 'one' }]);
      expect((await sql`select v from t where id = 1`.execute(db)).rows).toEqual([]);
    });
    expect((await sql`select v from t where id = 1`.execute(db)).rows).toEqual([{ v: 'one' }]);
  });

  it('rolls a failed transaction back and keeps the error code', async () => {
    const attempt = db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (2, 'two')`.execute(tx);
      await sql`insert into t (id, v) values (3, 'one')`.execute(tx); // v is unique
    });
    const error = await attempt.then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await rows()).toEqual([{ id: 1, v: 'one' }]);
  });
});

describe('group commit', () => {
  it('commits units together, rolling back alone a unit that fails or misses its precondition', async () => {
    const outcomes = await Promise.all([
      commitInGroup(db, [insert(10, 'ten'), insert(11, 'eleven')]),
      commitInGroup(db, [insert(12, 'twelve'), insert(13, 'one')]), // fails on the unique v
      commitInGroup(db, [insert(14, 'fourteen'), statement(CompiledQuery.raw("update t set v = 'x' where id = 999"), 1)]), // changes no row
      commitInGroup(db, [insert(15, 'fifteen')]),
    ]);
    expect(outcomes[0]).toEqual({ ok: true });
    expect(failedUnique(outcomes[1])).toBe(true);
    expect(outcomes[2]).toEqual({ ok: false, precondition: 1 });
    expect(outcomes[3]).toEqual({ ok: true });
    expect((await rows()).map((r) => r.id)).toEqual([1, 10, 11, 15]);
  });

  it('keeps units that arrive during a transaction out of it, and commits many at once', async () => {
    let inside!: () => void;
    const begun = new Promise<void>((resolve) => (inside = resolve));
    const rolledBack = db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (30, 'thirty')`.execute(tx);
      inside();
      await new Promise((resolve) => setTimeout(resolve, 50)); // the units below wait meanwhile
      throw new Error('roll back');
    });
    await begun;
    const units = Array.from({ length: 40 }, (_, i) => commitInGroup(db, [insert(100 + i, `unit ${i}`)]));
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await Promise.all(units)).toEqual(units.map(() => ({ ok: true })));
    const ids = (await rows()).map((r) => r.id);
    expect(ids).not.toContain(30);
    expect(ids.filter((id) => id >= 100)).toEqual(Array.from({ length: 40 }, (_, i) => 100 + i));
    await sql`delete from t where id >= 100`.execute(db);
  });

  it('behaves the same through a plain Kysely transaction (the path for databases without a writer thread)', async () => {
    const outcomes = await transactionRunner(db)([
      [insert(20, 'twenty')],
      [insert(21, 'twenty-one'), insert(22, 'twenty')],
      [insert(23, 'twenty-three'), statement(CompiledQuery.raw("update t set v = 'x' where id = 999"), 1)],
    ]);
    expect(outcomes[0]).toEqual({ ok: true });
    expect(failedUnique(outcomes[1])).toBe(true);
    expect(outcomes[2]).toEqual({ ok: false, precondition: 1 });
    expect((await rows()).map((r) => r.id)).toEqual([1, 10, 11, 15, 20]);
  });
});

/** The SQLite writer thread, the main-thread reader and group commit. */
import path from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/storage/database.js';
import { commitInGroup, statement, transactionRunner } from '../../server/storage/group-commit.js';
import { tempDir } from './helpers.js';

let db: Db;
beforeAll(async () => {
  db = openDatabase(path.join(tempDir(), 'storage.sqlite'));
  await sql`create table t (id integer primary key, v text not null unique)`.execute(db);
});
afterAll(() => db.destroy());

const insert = (id: number, v: string) => statement(CompiledQuery.raw('insert into t (id, v) values (?, ?)', [id, v]));
const rows = async () => (await sql<{ id: number; v: string }>`select id, v from t order by id`.execute(db)).rows;

describe('SQLite behind a writer thread', () => {
  it('keeps a transaction unseen by reads outside it until the commit', async () => {
    await db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (1, 'one')`.execute(tx);
      expect((await sql`select v from t where id = 1`.execute(tx)).rows).toEqual([{ v: 'one' }]);
      expect((await sql`select v from t where id = 1`.execute(db)).rows).toEqual([]);
    });
    expect((await sql`select v from t where id = 1`.execute(db)).rows).toEqual([{ v: 'one' }]);
  });

  it('rolls a failed transaction back and keeps SQLite error codes', async () => {
    const attempt = db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (2, 'two')`.execute(tx);
      await sql`insert into t (id, v) values (3, 'one')`.execute(tx); // v is unique
    });
    await expect(attempt).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
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
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'SQLITE_CONSTRAINT_UNIQUE' } });
    expect(outcomes[2]).toEqual({ ok: false, precondition: 1 });
    expect(outcomes[3]).toEqual({ ok: true });
    expect((await rows()).map((r) => r.id)).toEqual([1, 10, 11, 15]);
  });

  it('behaves the same through a plain Kysely transaction (the PostgreSQL path)', async () => {
    const outcomes = await transactionRunner(db)([
      [insert(20, 'twenty')],
      [insert(21, 'twenty-one'), insert(22, 'twenty')],
      [insert(23, 'twenty-three'), statement(CompiledQuery.raw("update t set v = 'x' where id = 999"), 1)],
    ]);
    expect(outcomes[0]).toEqual({ ok: true });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'SQLITE_CONSTRAINT_UNIQUE' } });
    expect(outcomes[2]).toEqual({ ok: false, precondition: 1 });
    expect((await rows()).map((r) => r.id)).toEqual([1, 10, 11, 15, 20]);
  });
});

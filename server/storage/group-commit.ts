/**
 * Group commit: units of work that arrive while a commit is in progress share the next
 * transaction, so one fsync (synchronous=FULL) acknowledges many of them. Each unit runs inside
 * its own savepoint, so one that throws is rolled back alone; each caller's promise settles only
 * after the shared commit, so a 201 still means "on disk".
 */
import { CompiledQuery } from 'kysely';
import type { Db } from './database.js';

interface Job {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;
const SAVEPOINT = CompiledQuery.raw('savepoint unit_of_work');
const RELEASE = CompiledQuery.raw('release savepoint unit_of_work');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint unit_of_work');

class GroupCommit {
  readonly #db: Db;
  readonly #queue: Job[] = [];
  #flushing = false;

  constructor(db: Db) {
    this.#db = db;
  }

  run<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        // Start after the I/O already waiting is read: requests that arrived meanwhile join this batch.
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, MAX_BATCH));
    } finally {
      this.#flushing = false;
    }
  }

  async #commit(batch: Job[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    let trx;
    try {
      trx = await this.#db.startTransaction().execute();
      for (const job of batch) {
        await trx.executeQuery(SAVEPOINT);
        try {
          const value = await job.work(trx);
          await trx.executeQuery(RELEASE);
          outcomes.push({ ok: true, value });
        } catch (error) {
          await trx.executeQuery(ROLLBACK_TO);
          await trx.executeQuery(RELEASE);
          outcomes.push({ ok: false, value: error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      // The commit itself failed (or the transaction could not start): nothing of the batch is stored.
      if (trx && !trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => {});
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => (outcomes[i]!.ok ? job.resolve(outcomes[i]!.value) : job.reject(outcomes[i]!.value)));
  }
}

const perDatabase = new WeakMap<Db, GroupCommit>();

/** Runs `work` in a transaction shared with the other units queued meanwhile; settles after the commit. */
export function inGroupTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  let group = perDatabase.get(db);
  if (!group) perDatabase.set(db, (group = new GroupCommit(db)));
  return group.run(work);
}

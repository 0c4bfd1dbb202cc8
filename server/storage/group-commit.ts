/**
 * Group commit: units of work (lists of compiled write statements) that arrive while a commit is
 * in progress share the next transaction, so one fsync (synchronous=FULL) acknowledges many of
 * them. Each unit runs inside its own savepoint and is rolled back alone when one of its
 * statements fails or changes an unexpected number of rows; each caller's promise settles only
 * after the shared commit, so a 201 still means "on disk".
 * On SQLite the writer thread groups the units itself (sqlite-worker.mjs); elsewhere the units
 * are grouped here and run in a Kysely transaction.
 */
import { CompiledQuery } from 'kysely';
import type { Db } from './database.js';
import type { UnitOutcome, WriteStatement } from './sqlite-worker-dialect.js';

export type { UnitOutcome, WriteStatement };

/** Runs a batch of units in one transaction. */
export type UnitRunner = (units: WriteStatement[][]) => Promise<UnitOutcome[]>;

interface Job {
  unit: WriteStatement[];
  resolve: (outcome: UnitOutcome) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;
const SAVEPOINT = CompiledQuery.raw('savepoint unit_of_work');
const RELEASE = CompiledQuery.raw('release savepoint unit_of_work');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint unit_of_work');

/** The portable runner: one Kysely transaction, a savepoint per unit. */
export function transactionRunner(db: Db): UnitRunner {
  return (units) =>
    db.transaction().execute(async (tx) => {
      const outcomes: UnitOutcome[] = [];
      for (const unit of units) {
        await tx.executeQuery(SAVEPOINT);
        let outcome: UnitOutcome = { ok: true };
        try {
          for (const [i, { sql, params, expectChanges }] of unit.entries()) {
            const result = await tx.executeQuery(CompiledQuery.raw(sql, [...params]));
            if (expectChanges !== undefined && Number(result.numAffectedRows ?? 0) !== expectChanges) {
              outcome = { ok: false, precondition: i };
              break;
            }
          }
        } catch (error) {
          outcome = { ok: false, error: error as Error };
        }
        if (!outcome.ok) await tx.executeQuery(ROLLBACK_TO);
        await tx.executeQuery(RELEASE);
        outcomes.push(outcome);
      }
      return outcomes;
    });
}

class GroupCommit {
  readonly #run: UnitRunner;
  readonly #queue: Job[] = [];
  #flushing = false;

  constructor(run: UnitRunner) {
    this.#run = run;
  }

  commit(unit: WriteStatement[]): Promise<UnitOutcome> {
    return new Promise<UnitOutcome>((resolve, reject) => {
      this.#queue.push({ unit, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        // Start after the I/O already waiting is read: requests that arrived meanwhile join this batch.
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          const outcomes = await this.#run(batch.map((job) => job.unit));
          batch.forEach((job, i) => job.resolve(outcomes[i]!));
        } catch (error) {
          // The transaction itself failed (e.g. the commit): nothing of the batch is stored.
          for (const job of batch) job.reject(error);
        }
      }
    } finally {
      this.#flushing = false;
    }
  }
}

/** Commits one unit in a transaction shared with others; settles after that commit. */
export type UnitCommitter = (unit: WriteStatement[]) => Promise<UnitOutcome>;

const committers = new WeakMap<Db, UnitCommitter>();

/** Lets a database group units its own way (the SQLite writer thread does it where it commits). */
export function registerUnitCommitter(db: Db, committer: UnitCommitter): void {
  committers.set(db, committer);
}

/** Commits the unit in a transaction shared with the units queued meanwhile; settles after the commit. */
export function commitInGroup(db: Db, unit: WriteStatement[]): Promise<UnitOutcome> {
  let committer = committers.get(db);
  if (!committer) {
    const group = new GroupCommit(transactionRunner(db));
    committers.set(db, (committer = (u) => group.commit(u)));
  }
  return committer(unit);
}

/** A compiled query as a statement of a unit. */
export function statement(query: CompiledQuery, expectChanges?: number): WriteStatement {
  // A plain copy of the parameters: Kysely freezes them, and the structured clone that carries a
  // batch to the writer thread takes a slow path for frozen arrays (about 4 us a submission).
  return { sql: query.sql, params: [...query.parameters], ...(expectChanges !== undefined ? { expectChanges } : {}) };
}

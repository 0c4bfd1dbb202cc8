/**
 * SQLite for a server: a writer thread, a checkpointer thread and a reader on the main thread.
 *
 * better-sqlite3 is synchronous, so on the main thread every write (and its fsync'd commit) would
 * stop HTTP handling. Here one worker thread (sqlite-worker.mjs) owns the connection that writes;
 * the main thread keeps a second, read-only connection for reads outside transactions (WAL lets
 * them run beside the writer and see every committed change). Kysely compiles all SQL on the main
 * thread; transactions hold a lock so their statements reach the writer in order, unmixed.
 * A third thread (sqlite-checkpointer.mjs) copies the WAL back into the database file, so the
 * writer's commits do not wait for checkpoints.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery, SelectQueryNode, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
} from 'kysely';

export interface WriteStatement {
  sql: string;
  params: readonly unknown[];
  /** The unit fails (and is rolled back) unless the statement changes exactly this many rows. */
  expectChanges?: number;
}
export type UnitOutcome = { ok: true } | { ok: false; precondition: number } | { ok: false; error: Error };

interface Reply {
  id: number;
  result?: unknown;
  error?: { message: string; code?: string };
}

interface RawResult {
  rows: unknown[];
  changes?: number;
  lastInsertRowid?: number;
}

/** Rebuilds an error from the writer thread, keeping SQLite's code (e.g. SQLITE_CONSTRAINT_UNIQUE). */
function toError(e: { message: string; code?: string; name?: string }): Error {
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

class Lock {
  #tail: Promise<void> = Promise.resolve();
  /** Resolves with the function that releases the lock, once every earlier holder released it. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

function isRead(query: CompiledQuery): boolean {
  return SelectQueryNode.is(query.query) || /^\s*select\b/i.test(query.sql);
}

export class WorkerSqliteDriver implements Driver {
  readonly #file: string;
  readonly #pragmas: string[];
  #worker?: Worker;
  #checkpointer?: Worker;
  #reader?: BetterSqlite3.Database;
  readonly #readStatements = new Map<string, BetterSqlite3.Statement>();
  readonly #sqlIds = new Map<string, number>();
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 0;
  /** Set once the writer thread died: every later write fails with it instead of waiting forever. */
  #failure?: Error;
  /** Held by a transaction or a single write, so the writer sees one at a time. */
  readonly writeLock = new Lock();

  constructor(file: string, pragmas: string[]) {
    this.#file = file;
    this.#pragmas = pragmas;
  }

  async init(): Promise<void> {
    const worker = await startThread('./sqlite-worker.mjs', { file: this.#file, pragmas: this.#pragmas });
    worker.on('message', (message: Reply | { replies: Reply[] }) => {
      for (const reply of 'replies' in message ? message.replies : [message]) {
        const pending = this.#pending.get(reply.id);
        if (!pending) continue;
        this.#pending.delete(reply.id);
        if (reply.error) pending.reject(toError(reply.error));
        else pending.resolve(reply.result);
      }
      if (this.#pending.size === 0) worker.unref();
    });
    const fail = (error: Error) => {
      this.#failure ??= error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The SQLite writer thread stopped (exit code ${code})`)));
    worker.unref();
    this.#worker = worker;
    this.#reader = new BetterSqlite3(this.#file, { readonly: true });
    this.#reader.pragma('busy_timeout = 5000');

    const checkpointer = await startThread('./sqlite-checkpointer.mjs', { file: this.#file, pragmas: this.#pragmas, intervalMs: CHECKPOINT_INTERVAL_MS });
    // A checkpointer that stopped costs speed, not data: the writer then checkpoints itself (wal_autocheckpoint).
    checkpointer.on('error', () => {});
    checkpointer.on('exit', () => {
      if (this.#checkpointer === checkpointer) this.#checkpointer = undefined;
    });
    checkpointer.unref();
    this.#checkpointer = checkpointer;
  }

  /** Sends a message to the writer thread; the worker keeps the process alive only while a reply is due. */
  send<T>(message: Record<string, unknown>): Promise<T> {
    const worker = this.#worker;
    if (this.#failure || !worker) return Promise.reject(this.#failure ?? new Error('The database is closed'));
    const id = this.#nextId++;
    if (this.#pending.size === 0) worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  }

  read(query: CompiledQuery): QueryResult<unknown> {
    let statement = this.#readStatements.get(query.sql);
    if (!statement) {
      statement = this.#reader!.prepare(query.sql);
      if (this.#readStatements.size >= 500) this.#readStatements.delete(this.#readStatements.keys().next().value!);
      this.#readStatements.set(query.sql, statement);
    }
    return { rows: statement.all(query.parameters as unknown[]) };
  }

  async write(query: CompiledQuery): Promise<QueryResult<unknown>> {
    const result = await this.send<RawResult>({ type: 'query', sql: query.sql, params: query.parameters });
    return {
      rows: result.rows,
      ...(result.changes !== undefined ? { numAffectedRows: BigInt(result.changes) } : {}),
      ...(result.lastInsertRowid !== undefined ? { insertId: BigInt(result.lastInsertRowid) } : {}),
    };
  }

  /**
   * Commits a unit of work in the writer thread, in one transaction with the units waiting there
   * (group commit, see sqlite-worker.mjs); settles after that commit. The lock is held only to hand
   * the unit over: the writer handles its messages in order, so a transaction begun later cannot
   * mix with it.
   */
  async commitUnit(unit: WriteStatement[]): Promise<UnitOutcome> {
    const release = await this.writeLock.acquire();
    let reply: Promise<{ ok: true } | { ok: false; precondition: number } | { ok: false; error: { message: string; code?: string } }>;
    try {
      reply = this.send({ type: 'unit', statements: unit.map(({ sql, params, expectChanges }) => ({ ...this.#sqlRef(sql), params, expectChanges })) });
    } finally {
      release();
    }
    const outcome = await reply;
    return outcome.ok || 'precondition' in outcome ? outcome : { ok: false, error: toError(outcome.error) };
  }

  /** The same SQL comes again and again: send its text once, then only its number. */
  #sqlRef(sql: string): { sqlId: number; sql?: string } {
    const known = this.#sqlIds.get(sql);
    if (known !== undefined) return { sqlId: known };
    const sqlId = this.#sqlIds.size;
    this.#sqlIds.set(sql, sqlId);
    return { sqlId, sql };
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new WorkerSqliteConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as WorkerSqliteConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as WorkerSqliteConnection).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as WorkerSqliteConnection).end('rollback');
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(name)}`));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#reader?.close();
    const checkpointer = this.#checkpointer;
    this.#checkpointer = undefined;
    if (checkpointer) await closeThread(checkpointer);
    try {
      // Closing the last connection lets SQLite checkpoint and remove the WAL; skipped when the thread died.
      if (!this.#failure) await this.send({ type: 'close' });
    } finally {
      this.#worker = undefined;
      await worker.terminate();
    }
  }
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** How often the checkpointer copies the WAL back: under load about 1,500 pages (6 MiB) each time. */
const CHECKPOINT_INTERVAL_MS = 100;

/** Starts one of the database threads; resolves once it opened the file. */
async function startThread(script: string, workerData: Record<string, unknown>): Promise<Worker> {
  const worker = new Worker(new URL(script, import.meta.url), { workerData });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => resolve());
  });
  return worker;
}

/** Asks a thread to close its connection, then ends it. */
async function closeThread(worker: Worker): Promise<void> {
  worker.ref();
  const closed = Promise.race([once(worker, 'message'), once(worker, 'exit')]).catch(() => undefined);
  worker.postMessage({ type: 'close' });
  await closed;
  await worker.terminate();
}

class WorkerSqliteConnection implements DatabaseConnection {
  readonly #driver: WorkerSqliteDriver;
  #release?: () => void;

  constructor(driver: WorkerSqliteDriver) {
    this.#driver = driver;
  }

  async begin(): Promise<void> {
    this.#release = await this.#driver.writeLock.acquire();
    try {
      await this.#driver.write(CompiledQuery.raw('begin'));
    } catch (error) {
      this.#unlock();
      throw error;
    }
  }

  async end(command: 'commit' | 'rollback'): Promise<void> {
    try {
      await this.#driver.write(CompiledQuery.raw(command));
    } finally {
      this.#unlock();
    }
  }

  #unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // In a transaction: everything goes to the writer, in order. Outside: reads on this thread.
    if (this.#release) return (await this.#driver.write(query)) as QueryResult<R>;
    if (isRead(query)) return this.#driver.read(query) as QueryResult<R>;
    const release = await this.#driver.writeLock.acquire();
    try {
      return (await this.#driver.write(query)) as QueryResult<R>;
    } finally {
      release();
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by the SQLite worker driver');
  }
}

export class WorkerSqliteDialect implements Dialect {
  readonly driver: WorkerSqliteDriver;
  constructor(file: string, pragmas: string[]) {
    this.driver = new WorkerSqliteDriver(file, pragmas);
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver() {
    return this.driver;
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature of Kysely's Dialect interface
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

/**
 * transaction(db, fn): every transaction the server opens goes through here (eslint forbids
 * `.transaction()` elsewhere), so that each one is paced on SQLite and a query on `db` inside it
 * fails at once instead of hanging.
 *
 * "Per database" below means per Kysely adapter: Kysely makes one when the database is opened and
 * shares it with the database's transactions (and withPlugin copies), so it names the database.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { SqliteAdapter, type DatabaseConnection, type Dialect, type DialectAdapter, type Driver, type Kysely, type Transaction, type TransactionSettings } from 'kysely';
import type { Database } from './database.js';

/** The turn of the event loop the database's latest transaction starts in (SQLite only). */
interface Pacing {
  lastTurn: Promise<void>;
}
const pacings = new WeakMap<DialectAdapter, Pacing>();

/** The transactions the current async context is inside, innermost first; `open` until its fn settles. */
interface Scope {
  adapter: DialectAdapter;
  open: boolean;
  outer: Scope | undefined;
}
const scopes = new AsyncLocalStorage<Scope>();

export const STRAY_QUERY_MESSAGE = 'query on db inside a transaction: use tx';

/**
 * Runs `fn` in one transaction on `db` and resolves after the commit (rolls back when fn throws).
 * `fn` gets only the transaction: a query on `db` inside it rejects (STRAY_QUERY_MESSAGE), also a
 * nested transaction(db, ...).
 *
 * On SQLite each transaction starts one turn of the event loop after the database's previous one.
 * Every commit (and its fsync) runs on the main thread, and Kysely's connection lock passes from
 * one waiting transaction to the next without returning to the event loop: unpaced, 50 waiting
 * submissions, or a scheduler tick's 200 reminders, commit back to back while every other request
 * (a patient opening the page) waits for all of them. PostgreSQL's pool needs no pacing.
 */
export async function transaction<T>(db: Kysely<Database>, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) await nextTurn(adapter);
  // .transaction() is forbidden by eslint everywhere else; this is the one place allowed to call it.
  return db.transaction().execute(async (tx) => {
    const scope: Scope = { adapter, open: true, outer: scopes.getStore() };
    try {
      return await scopes.run(scope, () => fn(tx));
    } finally {
      // Work fn left behind (a timer, a promise not awaited) may query db once the transaction is over.
      scope.open = false;
    }
  });
}

function nextTurn(adapter: DialectAdapter): Promise<void> {
  let pacing = pacings.get(adapter);
  if (!pacing) pacings.set(adapter, (pacing = { lastTurn: Promise.resolve() }));
  pacing.lastTurn = pacing.lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return pacing.lastTurn;
}

/**
 * The dialect with its driver refusing a connection to a caller inside one of this database's
 * transaction() calls. On SQLite there is one connection, held by the transaction: the stray query
 * would wait for it forever (and every later query behind it). On PostgreSQL it would run on
 * another pooled connection, outside the transaction's atomicity. Either way a bug: it fails now.
 * Unrelated requests are in other async contexts and wait for the connection as before.
 */
export function guardTransactions(dialect: Dialect): Dialect {
  let adapter: DialectAdapter | undefined;
  return {
    createAdapter: () => (adapter = dialect.createAdapter()),
    createDriver: () => new GuardedDriver(dialect.createDriver(), () => adapter),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}

class GuardedDriver implements Driver {
  // Optional in a driver: present here exactly when the wrapped driver has them.
  readonly savepoint: Driver['savepoint'];
  readonly rollbackToSavepoint: Driver['rollbackToSavepoint'];
  readonly releaseSavepoint: Driver['releaseSavepoint'];

  constructor(
    private readonly driver: Driver,
    private readonly adapter: () => DialectAdapter | undefined,
  ) {
    this.savepoint = driver.savepoint?.bind(driver);
    this.rollbackToSavepoint = driver.rollbackToSavepoint?.bind(driver);
    this.releaseSavepoint = driver.releaseSavepoint?.bind(driver);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const adapter = this.adapter();
    for (let scope = scopes.getStore(); scope; scope = scope.outer) {
      if (scope.open && scope.adapter === adapter) throw new Error(STRAY_QUERY_MESSAGE);
    }
    return this.driver.acquireConnection();
  }

  init(): Promise<void> {
    return this.driver.init();
  }
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.driver.beginTransaction(connection, settings);
  }
  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.commitTransaction(connection);
  }
  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.rollbackTransaction(connection);
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(connection);
  }
  destroy(): Promise<void> {
    return this.driver.destroy();
  }
}

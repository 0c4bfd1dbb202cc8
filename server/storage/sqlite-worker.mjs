// The SQLite writer thread (see sqlite-worker-dialect.ts). Plain JavaScript so that Node loads it
// as it is under tsx, vitest and a plain `node` alike. It owns the only connection that writes;
// statements arrive as { sql, params } already compiled by Kysely on the main thread.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);

/** Prepared statements by SQL text (Kysely produces the same text for the same query shape). */
const statements = new Map();
function prepare(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (statements.size >= 500) statements.delete(statements.keys().next().value);
    statements.set(sql, statement);
  }
  return statement;
}

function run(sql, params) {
  const statement = prepare(sql);
  if (statement.reader) return { rows: statement.all(params) };
  const { changes, lastInsertRowid } = statement.run(params);
  return { rows: [], changes, lastInsertRowid: Number(lastInsertRowid) };
}

/** SQL texts of unit statements by number: the main thread sends each text once. */
const sqlById = [];

const errorOf = (error) => ({ message: error.message, code: error.code, name: error.name });

/**
 * Units of work in one transaction: each in a savepoint; a unit whose statement changes a
 * different number of rows than it expects, or that fails, is rolled back alone.
 */
function runUnits(units) {
  const outcomes = [];
  db.exec('begin immediate');
  try {
    for (const unit of units) {
      db.exec('savepoint unit_of_work');
      let outcome = { ok: true };
      try {
        for (let i = 0; i < unit.length; i++) {
          const { sqlId, sql, params, expectChanges } = unit[i];
          if (sql !== undefined) sqlById[sqlId] = sql;
          const result = run(sqlById[sqlId], params);
          if (expectChanges !== undefined && result.changes !== expectChanges) {
            outcome = { ok: false, precondition: i };
            break;
          }
        }
      } catch (error) {
        outcome = { ok: false, error: errorOf(error) };
      }
      if (!outcome.ok) db.exec('rollback to unit_of_work');
      db.exec('release unit_of_work');
      outcomes.push(outcome);
    }
    db.exec('commit');
  } catch (error) {
    if (db.inTransaction) db.exec('rollback');
    throw error;
  }
  return outcomes;
}

function handle(message) {
  try {
    if (message.type === 'query') parentPort.postMessage({ id: message.id, result: run(message.sql, message.params) });
    else if (message.type === 'close') {
      db.close();
      parentPort.postMessage({ id: message.id, result: null });
    }
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: errorOf(error) });
  }
}

/** The most units one transaction takes: a bound on the time the first of them waits for its commit. */
const MAX_GROUP = 500;

/**
 * Group commit: a unit that arrives while a transaction commits waits in the message queue; the
 * next transaction takes every unit waiting there, so one fsync (synchronous=FULL) acknowledges
 * them all. Each unit is answered only after that commit. The writer never waits for the main
 * thread between two commits: the units are already here.
 */
function commitGroup(units) {
  let replies;
  try {
    const outcomes = runUnits(units.map((unit) => unit.statements));
    replies = units.map((unit, i) => ({ id: unit.id, result: outcomes[i] }));
  } catch (error) {
    // The transaction itself failed (e.g. the commit): nothing of the group is stored.
    replies = units.map((unit) => ({ id: unit.id, error: errorOf(error) }));
  }
  parentPort.postMessage({ replies });
}

parentPort.on('message', (message) => {
  if (message.type !== 'unit') return handle(message);
  const units = [message];
  let after;
  while (units.length < MAX_GROUP) {
    const next = receiveMessageOnPort(parentPort)?.message;
    if (next === undefined) break;
    if (next.type !== 'unit') {
      after = next;
      break;
    }
    units.push(next);
  }
  commitGroup(units);
  // Messages keep their order: one that came after the units is handled after their commit.
  if (after) handle(after);
});
parentPort.postMessage({ ready: true });

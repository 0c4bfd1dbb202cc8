// The SQLite checkpointer thread (see sqlite-worker-dialect.ts). Plain JavaScript, like the writer.
// It copies committed pages from the WAL into the database file in the background, so that no
// commit of the writer thread waits for a checkpoint (one every few commits under load, each
// several milliseconds of page copies and an fsync of the database file).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);

// PASSIVE copies what no reader still needs and never blocks the writer or the readers. Once
// everything is copied, the writer's next transaction starts the WAL again from its beginning.
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Nothing is lost: the WAL keeps the pages, and the writer checkpoints itself when it grows too long.
  }
}, workerData.intervalMs);

parentPort.on('message', (message) => {
  if (message.type !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ id: message.id, result: null });
});
parentPort.postMessage({ ready: true });

/**
 * At least once, and once: a message in the outbox whose server is SIGKILLed while delivering it
 * (the webhook has the request but has not answered) is delivered after a restart, once the dead
 * process's claim has run out, and not again after that. Runs the real server as a child process
 * (see crash.test.ts for the process-group handling).
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../server/services/notifications.js';
import { openDatabase } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';
import { tempDir } from './helpers.js';
import { startWebhookReceiver } from './notification-receivers.js';
import { signalServerProcess, startServerProcess } from './server-process.js';

let dir: string;
let databaseUrl: string;
const children = new Set<ChildProcess>();

/**
 * A server that delivers to `webhookUrl`, claiming messages for `leaseSeconds`. A delivery gives up
 * after half the lease (start.ts): the restarted server gets a long one, so a loaded machine cannot
 * turn its delivery into a timeout and a retry 30 s later.
 */
async function startChild(webhookUrl: string, leaseSeconds: number): Promise<ChildProcess> {
  const { child } = await startServerProcess({
    DATABASE_URL: databaseUrl, PUBLIC_URL: 'https://pro.example.org', NOTIFY_WEBHOOK_URL: webhookUrl, SCHEDULER_TICK_SECONDS: '1', NOTIFY_LEASE_SECONDS: String(leaseSeconds),
  });
  children.add(child);
  return child;
}

const kill = signalServerProcess;

beforeAll(async () => {
  dir = tempDir('lindring-outbox-crash-');
  databaseUrl = path.join(dir, 'lindring.sqlite');
  const db = openDatabase(databaseUrl);
  await migrateToLatest(db);
  // "Outbox written": as the change that caused it would, in its own transaction.
  await db.transaction().execute((tx) =>
    enqueueMessage(tx, { kind: 'escalation', channel: 'webhook', to: 'team-lead', subject: 'Overdue', text: 'A flag is overdue.', dedupeKey: 'crash:1' }, { id: randomUUID(), now: new Date() }),
  );
  await db.destroy();
});
afterAll(async () => {
  for (const child of children) await kill(child, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('outbox durability', () => {
  it('delivers a message once after SIGKILL between "outbox written" and "delivered"', async () => {
    const hanging = await startWebhookReceiver({ hang: true });
    // Its claim runs out 4 s after it took the message: then the restarted server may take it.
    const first = await startChild(hanging.url, 4);
    await hanging.received(1);
    await kill(first, 'SIGKILL');
    expect(first.signalCode).toBe('SIGKILL');
    await hanging.close();

    const answering = await startWebhookReceiver({ status: 204 });
    const second = await startChild(answering.url, 120);
    await answering.received(1);
    expect(answering.calls).toEqual([expect.objectContaining({ kind: 'escalation', to: 'team-lead', dedupeKey: 'crash:1' })]);
    // The receiver counts the request on arrival; the server records the delivery once the answer is back.
    const db = openDatabase(databaseUrl);
    try {
      await expect
        .poll(() => db.selectFrom('outbox_messages').selectAll().execute(), { timeout: 60_000, interval: 200 })
        .toEqual([expect.objectContaining({ status: 'sent', claim_token: null })]);
    } finally {
      await db.destroy();
    }
    // Several more ticks: it is not sent again.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await kill(second, 'SIGTERM');
    await answering.close();
    expect(answering.calls).toHaveLength(1);
  }, 150_000);
});

/**
 * The outbox: messages written in the transaction of the change that caused them, then claimed
 * and delivered by the scheduler. A claim is a lease (claimed_until): a process that dies while
 * delivering leaves the message to be retried once the lease has passed.
 */
import { PostgresAdapter } from 'kysely';
import type { OutboxStatus } from '../contract/codes.js';
import type { Db, NewRow, Row } from './database.js';
import { transaction } from './transaction.js';

export type OutboxRow = Row<'outbox_messages'>;

/** Stores the message unless one with the same dedupe key exists; true when stored. */
export async function insertOutboxMessage(db: Db, message: NewRow<'outbox_messages'>): Promise<boolean> {
  const result = await db
    .insertInto('outbox_messages')
    .values(message)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface Claim {
  now: string;
  /** The lease's end. */
  until: string;
  token: string;
  limit: number;
}

/**
 * Takes up to `limit` due pending messages that no live lease holds, for this claim's token.
 * PostgreSQL: several server processes may claim at once; FOR UPDATE SKIP LOCKED gives each its
 * own rows without waiting. SQLite has a single writer, so one conditional UPDATE is atomic.
 */
export async function claimDueMessages(db: Db, claim: Claim): Promise<OutboxRow[]> {
  const due = (qb: Db) =>
    qb
      .selectFrom('outbox_messages')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', claim.now)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', claim.now)]))
      .orderBy('next_attempt_at')
      .limit(claim.limit);
  const take = (qb: Db, ids: string[] | ReturnType<typeof due>) =>
    qb.updateTable('outbox_messages').set({ claimed_until: claim.until, claim_token: claim.token }).where('id', 'in', ids).returningAll().execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return transaction(db, async (tx) => {
      const ids = (await due(tx).forUpdate().skipLocked().execute()).map((r) => r.id);
      return ids.length ? take(tx, ids) : [];
    });
  }
  return take(db, due(db));
}

/**
 * Cancels the patient's messages not yet sent (pending, whether waiting or claimed): they are never
 * delivered. A delivery already under way when this commits may still finish. Returns how many.
 */
export async function cancelPendingMessagesTo(db: Db, patientId: string): Promise<number> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ status: 'cancelled', claimed_until: null, claim_token: null })
    .where('patient_id', '=', patientId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Delivered, one statement for these messages: only by the holder of the claim (a process whose lease ran out does not overwrite a retry's result). */
export async function markSent(db: Db, ids: readonly string[], claimToken: string, at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('outbox_messages')
      .set((eb) => ({ status: 'sent', sent_at: at, attempts: eb('attempts', '+', 1), claimed_until: null, claim_token: null }))
      .where('id', 'in', ids.slice(i, i + 500))
      .where('claim_token', '=', claimToken)
      .execute();
  }
}

/** A failed attempt: pending again at `nextAttemptAt`, or failed for good. `error` names the problem, never the message or recipient. */
export async function markAttemptFailed(db: Db, id: string, claimToken: string, outcome: { error: string; nextAttemptAt: string | null }): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set((eb) => ({
      status: outcome.nextAttemptAt === null ? 'failed' : 'pending',
      ...(outcome.nextAttemptAt === null ? {} : { next_attempt_at: outcome.nextAttemptAt }),
      attempts: eb('attempts', '+', 1),
      last_error: outcome.error.slice(0, 500),
      claimed_until: null,
      claim_token: null,
    }))
    .where('id', '=', id)
    .where('claim_token', '=', claimToken)
    .where('status', '=', 'pending')
    .execute();
}

export async function countByStatus(db: Db, status: OutboxStatus): Promise<number> {
  const row = await db.selectFrom('outbox_messages').select((eb) => eb.fn.countAll().as('n')).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes the messages finished (sent, failed for good, cancelled) and written before `writtenBefore`; returns how many. */
export async function deleteFinishedMessages(db: Db, writtenBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('outbox_messages')
    .where('status', 'in', ['sent', 'failed', 'cancelled'])
    .where('created_at', '<', writtenBefore)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Rate-limit counters (migration 0011): each hit is one UPSERT, so two processes never lose a count. */
import { sql } from 'kysely';
import type { Db } from './database.js';

export interface WindowCount {
  hits: number;
  /** Epoch milliseconds when the window ends. */
  resetAt: number;
}

const existing = (column: 'hits' | 'reset_at') => sql.ref<number>(`rate_limits.${column}`);
const bigint = (value: number) => sql<number>`cast(${Math.round(value)} as bigint)`;

/** Counts one hit in the key's fixed window (a new window starts when the old one has ended). */
export async function countHit(db: Db, key: string, nowMs: number, windowMs: number): Promise<WindowCount> {
  const ended = sql<boolean>`${existing('reset_at')} <= ${bigint(nowMs)}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, reset_at: bigint(nowMs + windowMs) })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when ${ended} then 1 else ${existing('hits')} + 1 end`,
        reset_at: sql<number>`case when ${ended} then ${bigint(nowMs + windowMs)} else ${existing('reset_at')} end`,
      }),
    )
    .returning(['hits', 'reset_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), resetAt: Number(row.reset_at) };
}

/**
 * Counts one hit in the key's fixed window only while the window holds fewer than `limit`: the check
 * and the count are one UPSERT, so concurrent tries (threads or processes) cannot all pass a check
 * made before any of them was counted. Null when the window is full.
 */
export async function claimHit(db: Db, key: string, nowMs: number, windowMs: number, limit: number): Promise<WindowCount | null> {
  const ended = sql<boolean>`${existing('reset_at')} <= ${bigint(nowMs)}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, reset_at: bigint(nowMs + windowMs) })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          hits: sql<number>`case when ${ended} then 1 else ${existing('hits')} + 1 end`,
          reset_at: sql<number>`case when ${ended} then ${bigint(nowMs + windowMs)} else ${existing('reset_at')} end`,
        })
        .where((eb) => eb.or([eb(existing('reset_at'), '<=', bigint(nowMs)), eb(existing('hits'), '<', bigint(limit))])),
    )
    .returning(['hits', 'reset_at'])
    .executeTakeFirst();
  return row ? { hits: Number(row.hits), resetAt: Number(row.reset_at) } : null;
}

/** Takes back one hit counted by claimHit (a try that turned out not to count), in that same window only. */
export async function releaseHit(db: Db, key: string, claimed: WindowCount): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set({ hits: sql<number>`${existing('hits')} - 1` })
    .where('key', '=', key)
    .where('hits', '>', 0)
    .where('reset_at', '=', bigint(claimed.resetAt))
    .execute();
}

/** The key's hits in its current window (0 when none or ended). */
export async function currentCount(db: Db, key: string, nowMs: number): Promise<WindowCount> {
  const row = await db.selectFrom('rate_limits').select(['hits', 'reset_at']).where('key', '=', key).where('reset_at', '>', bigint(nowMs)).executeTakeFirst();
  return row ? { hits: Number(row.hits), resetAt: Number(row.reset_at) } : { hits: 0, resetAt: nowMs };
}

/**
 * A token bucket as GCRA: `reset_at` is the theoretical arrival time (when the bucket is full again).
 * A request is let through while that lies at most burst - 1 intervals ahead; then it moves one
 * interval on. Returns 0 when let through, else the milliseconds until the next one would be.
 */
export async function takeToken(db: Db, key: string, nowMs: number, intervalMs: number, burst: number): Promise<number> {
  const latestAllowed = nowMs + (burst - 1) * intervalMs;
  const taken = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, reset_at: bigint(nowMs + intervalMs) })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          hits: sql<number>`${existing('hits')} + 1`,
          reset_at: sql<number>`case when ${existing('reset_at')} > ${bigint(nowMs)} then ${existing('reset_at')} else ${bigint(nowMs)} end + ${bigint(intervalMs)}`,
        })
        .where(existing('reset_at'), '<=', bigint(latestAllowed)),
    )
    .returning('key')
    .executeTakeFirst();
  if (taken) return 0;
  const { resetAt } = await currentCount(db, key, nowMs);
  return Math.max(1, resetAt - latestAllowed);
}

export async function deleteRateLimit(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

/** Rows whose window has ended (or whose bucket is full again) say nothing any more. */
export async function deleteEndedRateLimits(db: Db, nowMs: number): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('reset_at', '<=', bigint(nowMs)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The scheduler in the server process: every SCHEDULER_TICK_SECONDS (croner) it writes the reminders
 * and escalations (overdue flags) that are due, makes the programmes' due occurrences into
 * invitations (services/occurrences.ts) and delivers the outbox. Several processes may run it on one PostgreSQL database:
 * reminders advance by a conditional UPDATE and messages are claimed with SKIP LOCKED, so each
 * message goes out once (and again only if its process died while sending it).
 */
import { Cron } from 'croner';
import type { Logger } from '../logging.js';
import type { ServiceContext } from './context.js';
import type { Transports } from './notification-channels.js';
import { escalateOverdueFlags } from './flag-loop.js';
import { removeStaleData } from './housekeeping.js';
import { makeDueOccurrences } from './occurrences.js';
import { deliverDueMessages, type DeliveryResult } from './notifications.js';
import { createDueReminders } from './reminders.js';

export interface SchedulerContext {
  ctx: ServiceContext;
  transports: Transports;
  /** How long a claimed message is this process's to deliver (NOTIFY_LEASE_SECONDS). */
  leaseMs: number;
  log?: Logger;
}

export interface TickResult extends DeliveryResult {
  /** Programme occurrences made into invitations (issue 25). */
  occurrences: number;
  reminders: number;
  escalations: number;
}

/**
 * One tick: due reminders and escalations (overdue flags) and due programme occurrences into the
 * outbox, the outbox out, then stale drafts and rate limits away. Callable directly (tests,
 * benchmarks). Everything the tick writes goes out in the same tick; only when there are more
 * occurrences than one batch does the delivery start as soon as the first batch is stored, so the
 * first patients' links go out while the rest are made (10,000 due: `npm run bench:server`).
 */
export async function runSchedulerTick(s: SchedulerContext): Promise<TickResult> {
  const reminders = await createDueReminders(s.ctx);
  const escalations = await escalateOverdueFlags(s.ctx);
  let delivering: Promise<DeliveryResult> | undefined;
  const deliver = (): Promise<DeliveryResult> => {
    if (!delivering) {
      delivering = deliverDueMessages(s.ctx, { transports: s.transports, leaseMs: s.leaseMs, ...(s.log ? { log: s.log } : {}) });
      // Its failure is reported when the tick awaits it below, not as an unhandled rejection while the making goes on.
      delivering.catch(() => undefined);
    }
    return delivering;
  };
  let occurrences: number;
  try {
    ({ made: occurrences } = await makeDueOccurrences(s.ctx, { onMoreDue: () => void deliver() }));
  } catch (error) {
    // A delivery under way ends (its outcomes stored) before the tick reports the failure.
    await delivering?.catch(() => undefined);
    throw error;
  }
  const delivery = await deliver();
  await removeStaleData(s.ctx);
  return { occurrences, reminders, escalations, ...delivery };
}

export interface RunningScheduler {
  /** Stops ticking and waits for a tick in progress. */
  stop(): Promise<void>;
}

export function startScheduler(s: SchedulerContext, tickSeconds: number): RunningScheduler {
  let running: Promise<void> = Promise.resolve();
  const job = new Cron('* * * * * *', { interval: tickSeconds, protect: true, unref: true }, () => {
    running = runSchedulerTick(s).then(() => undefined, (error: unknown) => {
      s.log?.({ level: 'error', msg: 'scheduler tick failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    });
    return running;
  });
  return {
    async stop() {
      job.stop();
      await running;
    },
  };
}

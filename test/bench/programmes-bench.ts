/**
 * Programmes (issue 25) for `npm run bench:server` (BENCH_ONLY=programmes): BENCH_PROGRAMME_ENROLMENTS
 * (100,000) active enrolments in the palliative follow-up (every 14 days), started up to a year ago
 * (so each cursor sits some way into its schedule), a tenth of them due now; a third of the patients
 * with an e-mail, a third with a mobile number; patients and enrolments with ids as the service
 * makes them (time-ordered). One scheduler tick (runSchedulerTick: reminders, escalations, the due
 * occurrences made into invitations with their messages in the outbox, all of them (the safety
 * bound MAX_OCCURRENCES_PER_TICK is above a tenth), and a delivery batch to receivers in another
 * process, started once the first batch is stored) must finish in under 2 s; any rest is made tick
 * by tick and the number of ticks and their time are printed (each occurrence once). Beside the
 * wall time: the process's CPU time in the tick and the load average, since the machine may be
 * shared; the event loop's longest stall; and what a tick with nothing due costs.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { occurrenceAt } from '../../server/domain/schedule.js';
import type { QuestionnaireCatalog } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { createTransports } from '../../server/services/notification-channels.js';
import { makeDueOccurrences, MAX_OCCURRENCES_PER_TICK } from '../../server/services/occurrences.js';
import { runSchedulerTick } from '../../server/services/scheduler.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { openDatabase, type NewRow } from '../../server/storage/database.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';
import { migrateToLatest } from '../../server/storage/migrate.js';

const ENROLMENTS = Number(process.env.BENCH_PROGRAMME_ENROLMENTS ?? 100_000);
const TICK_LIMIT_MS = 2000;
const DAY_MS = 86_400_000;
const verdict = (met: boolean) => (met ? 'MET' : 'NOT MET');

export async function programmesBench({ dir, catalog, password, log }: { dir: string; catalog: QuestionnaireCatalog; password: string; log: (msg: string) => void }): Promise<void> {
  const database = path.join(dir, 'programmes.sqlite');
  // The receivers run in their own process, as a mail relay and an SMS gateway would on other machines.
  const receivers = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'receivers-process.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const { smtpUrl, webhookUrl } = JSON.parse((await once(createInterface({ input: receivers.stdout! }), 'line'))[0] as string) as { smtpUrl: string; webhookUrl: string };
  const smtp = { url: smtpUrl };
  const webhook = { url: webhookUrl };
  try {
    const db = openDatabase(database);
    await migrateToLatest(db);
    const publicUrl = 'https://pro.example.org';
    const ctx = createServiceContext({ db, questionnaires: catalog, settings: { publicUrl, smtpUrl: smtp.url, notifyWebhookUrl: webhook.url } });
    const nurse = await createStaffUser(ctx, null, { username: 'bench-nurse', password, role: 'nurse' });
    log(`programmes: storing ${ENROLMENTS} active enrolments (a tenth due) in ${database}`);
    const storing = performance.now();
    const now = ctx.now();
    const schedule = { every: 'P14D' };
    let due = 0;
    for (let offset = 0; offset < ENROLMENTS; offset += 2000) {
      const patients: NewRow<'patients'>[] = [];
      const enrolments: NewRow<'enrolments'>[] = [];
      const careUnits: NewRow<'patient_units'>[] = [];
      for (let i = offset; i < Math.min(ENROLMENTS, offset + 2000); i++) {
        // Ids as the service makes them (ctx.newId: time-ordered), the enrolment's made just after its patient's.
        const patientId = ctx.newId();
        patients.push({
          id: patientId, external_id: `PROG-${i}`, name: `Patient ${i}`, created_at: now.toISOString(), created_by: nurse.id,
          email: i % 3 === 0 ? `p${i}@example.org` : null, mobile: i % 3 === 1 ? `+45${20000000 + i}` : null,
        });
        // Started 0..364 days ago; the cursor at the schedule's occurrence due now (a tenth) or the next one still to come.
        const start = new Date(now.getTime() - (i % 365) * DAY_MS - 2 * 3_600_000);
        const index = Math.floor((i % 365) / 14) + 1;
        const isDue = i % 10 === 0;
        const cursorIndex = isDue ? index - 1 : index;
        const dueAt = occurrenceAt(schedule, start, cursorIndex, 'Europe/Copenhagen')!;
        if (isDue) due++;
        enrolments.push({
          id: ctx.newId(), patient_id: patientId, programme_id: 'palliative-follow-up', status: 'active', reason: null, start_at: start.toISOString(),
          next_index: cursorIndex, next_due_at: (isDue ? dueAt : new Date(Math.max(dueAt.getTime(), now.getTime() + 60_000))).toISOString(),
          created_by: nurse.id, created_at: start.toISOString(), updated_at: start.toISOString(),
          // As the service enrols: in the enrolling nurse's unit, the patient in its care.
          unit_id: DEFAULT_UNIT_ID,
        });
        careUnits.push({ patient_id: patientId, unit_id: DEFAULT_UNIT_ID });
      }
      await db.insertInto('patients').values(patients).execute();
      await db.insertInto('enrolments').values(enrolments).execute();
      await db.insertInto('patient_units').values(careUnits).execute();
    }
    log(`stored in ${((performance.now() - storing) / 1000).toFixed(1)} s; ${due} due`);

    const transports = createTransports({ smtpUrl: smtp.url, webhookUrl: webhook.url, publicUrl, timeoutMs: 10_000 });
    // What a request feels of the tick: the event loop's longest stall (a batch's statements and commit run synchronously).
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    stalls.enable();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const tick = await runSchedulerTick({ ctx, transports, leaseMs: 120_000 });
    const tickMs = performance.now() - started;
    stalls.disable();
    const { user, system } = process.cpuUsage(cpu);
    log(`one scheduler tick: ${tick.occurrences} occurrences made (at most ${MAX_OCCURRENCES_PER_TICK} a tick), ${tick.sent} messages sent, ${tick.retrying + tick.failed} not sent`);
    // The rest of the backlog, tick by tick, as the server's scheduler would make it.
    let ticks = 1;
    let made = tick.occurrences;
    let allMs = tickMs;
    while (made < due && ticks < 100) {
      const t = performance.now();
      const next = await runSchedulerTick({ ctx, transports, leaseMs: 120_000 });
      allMs += performance.now() - t;
      made += next.occurrences;
      ticks++;
      if (next.occurrences === 0) break;
    }
    // Most ticks have nothing due: what finding that costs (every SCHEDULER_TICK_SECONDS, on the requests' event loop).
    const idle = performance.now();
    const idleMade = await makeDueOccurrences(ctx);
    const idleMs = performance.now() - idle;
    const stored = Number((await db.selectFrom('occurrences').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await db.destroy();
    console.log(`all ${due} due occurrences made in ${ticks} ticks, ${(allMs / 1000).toFixed(1)} s of ticking (${stored} stored, each once)`);
    console.log(`one scheduler tick with ${ENROLMENTS} active enrolments, ${due} due: ${tickMs.toFixed(0)} ms (limit ${TICK_LIMIT_MS} ms): ${verdict(tickMs < TICK_LIMIT_MS)}`
      + ` (${((user + system) / 1000).toFixed(0)} ms of CPU in this process, the receivers in their own process; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    console.log(`a request arriving during that tick waits at most ${(stalls.max / 1e6).toFixed(0)} ms for the event loop (p99 ${(stalls.percentile(99) / 1e6).toFixed(0)} ms)`);
    console.log(`then, with nothing due among the ${ENROLMENTS}: ${idleMs.toFixed(1)} ms to find that (${idleMade.made} made)`);
    if (made !== due || stored !== due || idleMade.made !== 0 || tick.retrying + tick.failed > 0) process.exitCode = 1;
  } finally {
    receivers.stdin!.end();
    await once(receivers, 'exit');
  }
}

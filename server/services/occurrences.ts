/**
 * The scheduler's part of programmes (issue 25): each tick makes the occurrences that are due into
 * ordinary invitations, with a message on each of the patient's channels in the outbox (then
 * reminders and the call list take over, as for any invitation), and the plans' one-off next
 * evaluations likewise. Each occurrence is made once: the enrolment's cursor moves by
 * compare-and-set in the transaction that makes it, and UNIQUE (enrolment, due time) stands behind
 * that. Nothing is made for a patient who is not active or an enrolment that is paused or ended.
 *
 * Due enrolments are made in batches of one transaction each (on SQLite every commit is an fsync,
 * and a tick may have thousands due); a batch that fails is made again one enrolment per
 * transaction, so one bad row does not hold up the rest.
 */
import { randomBytes } from 'node:crypto';
import { DAY_MS, durationMs } from '../contract/duration.js';
import type { Schedule } from '../contract/schedule.js';
import type { Trigger } from '../contract/codes.js';
import { isStillOpen } from '../domain/programmes.js';
import { invitationMessage, sendChannels } from '../domain/reminders.js';
import { dueAt } from '../domain/schedule.js';
import type { Db, NewRow } from '../storage/database.js';
import {
  claimOneOff, dueEnrolmentKeys, dueEnrolments, dueOneOffs, existingOccurrences, insertMadeOccurrences, latestSentOccurrences, moveCursors, setOccurrenceInvitation, type DueEnrolment,
} from '../storage/programmes.js';
import { transaction } from '../storage/transaction.js';
import { DEFAULT_UNIT_ID } from '../storage/units.js';
import { LINK_PLACEHOLDER } from './answer-links.js';
import { auditEntry } from './audit.js';
import type { ServiceContext } from './context.js';
import { configuredChannels } from './notifications.js';
import { OUTBOX_CHANNEL } from './invitation-sending.js';
import { SITE_TIME_ZONE } from './flag-loop.js';

/** Enrolments made in one transaction. */
const BATCH = 1000;
/**
 * The most enrolments one tick makes occurrences for: a safety bound, not the pace. A tick makes
 * all that are due at once (10,000 of 100,000 enrolments in one tick, `npm run bench:server`,
 * docs/benchmarks.md); only a backlog beyond this (a server down for days at a very large site) is
 * made over the next ticks, seconds apart. Between two batches the server answers requests.
 */
export const MAX_OCCURRENCES_PER_TICK = 20_000;

export interface MadeOccurrences {
  made: number;
  skipped: number;
  waiting: number;
}

/**
 * Makes every due occurrence (enrolments' and one-offs'); returns how many were made, skipped, and
 * left waiting for an open one. `onMoreDue` is called when a batch is stored and more are due (the
 * tick starts delivering then).
 */
export async function makeDueOccurrences(ctx: ServiceContext, options: { onMoreDue?: () => void } = {}): Promise<MadeOccurrences> {
  const now = ctx.now();
  const { site } = await ctx.siteSettings();
  const result: MadeOccurrences = { made: 0, skipped: 0, waiting: 0 };
  let after: { dueAt: string; id: string } | null = null;
  // Enrolments left waiting (their previous one still open) cost a read, not a write: only what is made counts towards the cap.
  for (;;) {
    const limit = MAX_OCCURRENCES_PER_TICK - result.made - result.skipped;
    if (limit <= 0) break;
    const keys = await dueEnrolmentKeys(ctx.db, { now: now.toISOString(), after, limit });
    if (keys.length === 0) break;
    const last = keys[keys.length - 1]!;
    after = { dueAt: last.next_due_at!, id: last.id };
    // Made in id order, not due order: ids are time-ordered (secrets.ts randomId), so a batch's
    // enrolments were made about together and their rows, their patients' and the index entries
    // they touch lie on neighbouring pages. In due order each cursor moved was a page of its own,
    // written to the WAL and checkpointed: a quarter of a tick of 10,000 (docs/benchmarks.md).
    const ids = keys.map((k) => k.id).sort();
    for (let i = 0; i < ids.length; i += BATCH) {
      if (i > 0) options.onMoreDue?.();
      const due = await dueEnrolments(ctx.db, { now: now.toISOString(), ids: ids.slice(i, i + BATCH) });
      for (const o of await makeBatch(ctx, due, now, site.name)) if (o === 'made' || o === 'skipped' || o === 'waiting') result[o]++;
    }
    if (keys.length < limit) break;
    options.onMoreDue?.();
  }
  result.made += await makeDueOneOffs(ctx, now, site.name);
  return result;
}

/** Makes the enrolment's pending occurrence now if it is due (a new enrolment, a resumed one). */
export async function makeOccurrenceNow(ctx: ServiceContext, enrolmentId: string): Promise<void> {
  const now = ctx.now();
  const { site } = await ctx.siteSettings();
  const due = await dueEnrolments(ctx.db, { now: now.toISOString(), ids: [enrolmentId] });
  if (due.length > 0) await transaction(ctx.db, (tx) => makeOccurrences(ctx, tx, due, now, site.name));
}

/** A batch in one transaction; if that fails, each enrolment on its own, so one bad row does not hold up the others. */
async function makeBatch(ctx: ServiceContext, due: readonly DueEnrolment[], now: Date, siteName: string): Promise<Outcome[]> {
  try {
    return await transaction(ctx.db, (tx) => makeOccurrences(ctx, tx, due, now, siteName));
  } catch {
    const outcomes: Outcome[] = [];
    for (const enrolment of due) {
      try {
        outcomes.push(...(await transaction(ctx.db, (tx) => makeOccurrences(ctx, tx, [enrolment], now, siteName))));
      } catch {
        outcomes.push('failed');
      }
    }
    return outcomes;
  }
}

type Outcome = 'made' | 'skipped' | 'waiting' | 'none' | 'lost' | 'failed';

/**
 * Makes the due occurrences of a batch of enrolments in the caller's transaction, a few statements
 * for the whole batch (a tick may have thousands due): what is due (domain/schedule.ts), whether
 * the previous one is still open (wait: leave it; skip: record it skipped), the cursors moved by one
 * compare-and-set UPDATE (only the rows it moved are made here), then the invitations, occurrences,
 * audit entries and outbox messages inserted in bulk.
 */
async function makeOccurrences(ctx: ServiceContext, tx: Db, batch: readonly DueEnrolment[], now: Date, siteName: string): Promise<Outcome[]> {
  const at = now.toISOString();
  const previous = new Map((await latestSentOccurrences(tx, batch.map((e) => e.id))).map((o) => [o.enrolment_id, o]));
  // The batch's enrolments share a few programmes: each one's schedule and open time read once.
  const schedules = new Map<string, Schedule>();
  const openFor = new Map<string | null, number>();
  const plans = batch.map((e) => {
    if (e.next_index === null || e.next_due_at === null) return null;
    let schedule = schedules.get(e.schedule);
    if (!schedule) schedules.set(e.schedule, (schedule = JSON.parse(e.schedule) as Schedule));
    const step = dueAt(schedule, new Date(e.start_at), { index: e.next_index, dueAt: new Date(e.next_due_at) }, now, SITE_TIME_ZONE);
    if (!step) return null;
    const last = previous.get(e.id);
    const previousOpen = last !== undefined && isStillOpen(last, now);
    if (previousOpen && e.when_open === 'wait') return 'waiting' as const;
    const skip = previousOpen || !ctx.questionnaires.current(e.questionnaire_id);
    return { e, from: { index: e.next_index, dueAt: e.next_due_at }, step, due: step.due.dueAt.toISOString(), skip, why: previousOpen ? 'previous_open' : 'questionnaire_unavailable' };
  });
  const toMove = plans.filter((p) => p !== null && p !== 'waiting');
  const moved = await moveCursors(tx, toMove.map((p) => ({ id: p.e.id, from: p.from, to: { index: p.step.next?.index ?? null, dueAt: p.step.next?.dueAt.toISOString() ?? null } })), at);
  const existing = await existingOccurrences(tx, toMove.filter((p) => moved.has(p.e.id)).map((p) => ({ enrolmentId: p.e.id, dueAt: p.due })));
  const made: Parameters<typeof insertMadeOccurrences>[1] = { invitations: [], occurrences: [], audit: [], messages: [] };
  const { subject, text } = invitationMessage(siteName, LINK_PLACEHOLDER);
  const configured = configuredChannels(ctx.settings);
  // The never-shown first tokens' hashes (newInvitation): 32 random bytes each, drawn at once.
  const throwaways = randomBytes(32 * toMove.length);
  let drawn = 0;
  const outcomes = plans.map((p): Outcome => {
    if (p === null || p === 'waiting') return p ?? 'none';
    // Another process made it (or the enrolment changed since it was read), or it exists already.
    if (!moved.has(p.e.id) || existing.has(`${p.e.id} ${p.due}`)) return 'lost';
    const { e } = p;
    const occurrence = { id: ctx.newId(), enrolment_id: e.id, patient_id: e.patient_id, questionnaire_id: e.questionnaire_id, due_at: p.due, made_at: at, decision_id: null, created_at: at };
    if (p.skip) {
      made.occurrences.push({ ...occurrence, invitation_id: null, skipped: 1 });
      made.audit.push(auditEntry(null, now, { action: 'occurrence.skipped', entityType: 'enrolment', entityId: e.id, patientId: e.patient_id, details: { dueAt: p.due, why: p.why } }));
      return 'skipped';
    }
    let openForMs = openFor.get(e.open_for);
    if (openForMs === undefined) openFor.set(e.open_for, (openForMs = durationMs(e.open_for) ?? ctx.settings.invitationTtlDays * DAY_MS));
    const tokenHash = throwaways.toString('hex', drawn, (drawn += 32));
    const invitation = newInvitation(ctx, {
      patientId: e.patient_id, unitId: e.unit_id ?? DEFAULT_UNIT_ID, questionnaireId: e.questionnaire_id, trigger: e.trigger, createdBy: e.created_by,
      openForMs, contact: e, now, audit: { enrolmentId: e.id, programmeId: e.programme_id, dueAt: p.due }, tokenHash,
    }, { subject, text }, configured);
    made.invitations.push(invitation.row);
    made.audit.push(invitation.audit);
    made.messages.push(...invitation.messages);
    made.occurrences.push({ ...occurrence, invitation_id: invitation.row.id, skipped: 0 });
    return 'made';
  });
  await insertMadeOccurrences(tx, made);
  return outcomes;
}

/**
 * An ordinary invitation, made by the scheduler, with its audit entry and a message on each of the
 * patient's channels (none: the invitation is on the call list, domain/reminders.ts shouldCall).
 * Its first token is never shown: the link goes out with a new token at delivery (answer-links.ts).
 * Its stored hash (`tokenHash`) is 32 random bytes in hex, the form of a token's SHA-256: no token
 * hashes to it, as none would to the hash of a thrown-away token (which cost a hash an invitation).
 * A tick makes thousands: the caller draws the bytes for all of them at once (one call for 32 bytes
 * each cost more than the rest of the invitation).
 */
function newInvitation(ctx: ServiceContext, input: {
  patientId: string; unitId: string; questionnaireId: string; trigger: Trigger; createdBy: string; openForMs: number; contact: { email: string | null; mobile: string | null };
  now: Date; audit: Record<string, unknown>; tokenHash: string;
}, message: { subject: string; text: string }, configured: ReturnType<typeof configuredChannels>) {
  const id = ctx.newId();
  const at = input.now.toISOString();
  const row: NewRow<'invitations'> = {
    id, token_hash: input.tokenHash, patient_id: input.patientId, unit_id: input.unitId, questionnaire_id: input.questionnaireId, trigger: input.trigger,
    created_by: input.createdBy, created_at: at, expires_at: new Date(input.now.getTime() + input.openForMs).toISOString(), respondent: 'patient',
    // The columns still empty (answer, draft, relationship, withdrawal) are left out: a tick inserts thousands of rows, each value parsed and bound.
  };
  const audit = auditEntry(null, input.now, {
    action: 'invitation.created', entityType: 'invitation', entityId: id, patientId: input.patientId,
    details: { questionnaireId: input.questionnaireId, trigger: input.trigger, respondent: 'patient', ...input.audit },
  });
  const messages = sendChannels(input.contact, configured).map((channel): NewRow<'outbox_messages'> => {
    const outbox = OUTBOX_CHANNEL[channel];
    return {
      id: ctx.newId(), kind: 'invitation', channel: outbox, recipient: (channel === 'sms' ? input.contact.mobile : input.contact.email)!, subject: message.subject, text: message.text,
      dedupe_key: `invitation:${id}:${outbox}`, status: 'pending', next_attempt_at: at, created_at: at, patient_id: input.patientId, invitation_id: id,
    };
  });
  return { row, audit, messages };
}

async function makeDueOneOffs(ctx: ServiceContext, now: Date, siteName: string): Promise<number> {
  let made = 0;
  const configured = configuredChannels(ctx.settings);
  const message = invitationMessage(siteName, LINK_PLACEHOLDER);
  for (const o of await dueOneOffs(ctx.db, now.toISOString(), BATCH)) {
    if (!ctx.questionnaires.current(o.questionnaire_id)) continue;
    const ok = await transaction(ctx.db, async (tx) => {
      if (!(await claimOneOff(tx, o.id, now.toISOString()))) return false;
      const invitation = newInvitation(ctx, {
        patientId: o.patient_id, unitId: o.unit_id ?? DEFAULT_UNIT_ID, questionnaireId: o.questionnaire_id, trigger: 'intervention_follow_up', createdBy: o.decided_by,
        openForMs: ctx.settings.invitationTtlDays * DAY_MS, contact: o, now, audit: { occurrenceId: o.id, dueAt: o.due_at }, tokenHash: randomBytes(32).toString('hex'),
      }, message, configured);
      await insertMadeOccurrences(tx, { invitations: [invitation.row], occurrences: [], audit: [invitation.audit], messages: invitation.messages });
      await setOccurrenceInvitation(tx, o.id, invitation.row.id);
      return true;
    });
    if (ok) made++;
  }
  return made;
}

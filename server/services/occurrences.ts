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
import { durationMs } from '../contract/duration.js';
import type { Schedule } from '../contract/schedule.js';
import type { Trigger } from '../contract/codes.js';
import { isStillOpen } from '../domain/programmes.js';
import { invitationMessage, sendChannels } from '../domain/reminders.js';
import { dueAt, type Cursor } from '../domain/schedule.js';
import type { Db } from '../storage/database.js';
import { insertInvitation } from '../storage/invitations.js';
import {
  claimOneOff, dueEnrolments, dueOneOffs, insertOccurrence, latestMadeOccurrence, moveCursor, occurrenceExists, setOccurrenceInvitation, type DueEnrolment,
} from '../storage/programmes.js';
import { transaction } from '../storage/transaction.js';
import { LINK_PLACEHOLDER } from './answer-links.js';
import { recordAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { configuredChannels, enqueueMessage } from './notifications.js';
import { hashToken } from './secrets.js';
import { SITE_TIME_ZONE } from './flag-loop.js';

/** Enrolments made in one transaction. */
const BATCH = 500;

export interface MadeOccurrences {
  made: number;
  skipped: number;
  waiting: number;
}

/** Makes every due occurrence (enrolments' and one-offs'); returns how many were made, skipped, and left waiting for an open one. */
export async function makeDueOccurrences(ctx: ServiceContext): Promise<MadeOccurrences> {
  const now = ctx.now();
  const { site } = await ctx.siteSettings();
  const result: MadeOccurrences = { made: 0, skipped: 0, waiting: 0 };
  let after: { dueAt: string; id: string } | null = null;
  for (;;) {
    const due = await dueEnrolments(ctx.db, { now: now.toISOString(), after, limit: BATCH });
    if (due.length === 0) break;
    const last = due[due.length - 1]!;
    after = { dueAt: last.next_due_at!, id: last.id };
    let outcomes: Outcome[];
    try {
      outcomes = await transaction(ctx.db, async (tx) => {
        const out: Outcome[] = [];
        for (const enrolment of due) out.push(await makeOccurrence(ctx, tx, enrolment, now, site.name));
        return out;
      });
    } catch {
      outcomes = [];
      for (const enrolment of due) {
        try {
          outcomes.push(await transaction(ctx.db, (tx) => makeOccurrence(ctx, tx, enrolment, now, site.name)));
        } catch {
          outcomes.push('failed');
        }
      }
    }
    for (const o of outcomes) if (o === 'made' || o === 'skipped' || o === 'waiting') result[o]++;
    if (due.length < BATCH) break;
  }
  result.made += await makeDueOneOffs(ctx, now, site.name);
  return result;
}

/** Makes the enrolment's one pending occurrence: all of it in one transaction, an invitation once per occurrence. */
export async function makeOccurrenceNow(ctx: ServiceContext, enrolmentId: string): Promise<void> {
  const now = ctx.now();
  const { site } = await ctx.siteSettings();
  const [due] = await dueEnrolments(ctx.db, { now: now.toISOString(), after: null, limit: 1, id: enrolmentId });
  if (due) await transaction(ctx.db, (tx) => makeOccurrence(ctx, tx, due, now, site.name));
}

type Outcome = 'made' | 'skipped' | 'waiting' | 'none' | 'lost' | 'failed';

async function makeOccurrence(ctx: ServiceContext, tx: Db, e: DueEnrolment, now: Date, siteName: string): Promise<Outcome> {
  if (e.next_index === null || e.next_due_at === null) return 'none';
  const schedule = JSON.parse(e.schedule) as Schedule;
  const cursor: Cursor = { index: e.next_index, dueAt: new Date(e.next_due_at) };
  const step = dueAt(schedule, new Date(e.start_at), cursor, now, SITE_TIME_ZONE);
  if (!step) return 'none';
  const previous = await latestMadeOccurrence(tx, e.id);
  const previousOpen = previous !== undefined && isStillOpen(previous, now);
  // Waiting: the cursor stays; the next tick looks again, and makes it once the open one is answered or closes.
  if (previousOpen && e.when_open === 'wait') return 'waiting';
  const moved = await moveCursor(
    tx, e.id, { index: e.next_index, dueAt: e.next_due_at, status: 'active' },
    { index: step.next?.index ?? null, dueAt: step.next?.dueAt.toISOString() ?? null, at: now.toISOString() },
  );
  // Another process made it (or the enrolment changed since it was read).
  if (!moved) return 'lost';
  const due = step.due.dueAt.toISOString();
  if (await occurrenceExists(tx, e.id, due)) return 'lost';
  const common = { enrolment_id: e.id, patient_id: e.patient_id, questionnaire_id: e.questionnaire_id, due_at: due, made_at: now.toISOString(), decision_id: null, created_at: now.toISOString() };
  if (previousOpen || !ctx.questionnaires.current(e.questionnaire_id)) {
    await insertOccurrence(tx, { id: ctx.newId(), ...common, invitation_id: null, skipped: 1 });
    await recordAudit(tx, null, now, {
      action: 'occurrence.skipped', entityType: 'enrolment', entityId: e.id, patientId: e.patient_id,
      details: { dueAt: due, why: previousOpen ? 'previous_open' : 'questionnaire_unavailable' },
    });
    return 'skipped';
  }
  const invitationId = await makeInvitation(ctx, tx, {
    patientId: e.patient_id, questionnaireId: e.questionnaire_id, trigger: e.trigger, createdBy: e.created_by, openForMs: durationMs(e.open_for) ?? ctx.settings.invitationTtlDays * 86_400_000,
    contact: e, siteName, now, audit: { enrolmentId: e.id, programmeId: e.programme_id, dueAt: due },
  });
  await insertOccurrence(tx, { id: ctx.newId(), ...common, invitation_id: invitationId });
  return 'made';
}

/** An ordinary invitation, made by the scheduler: its first token is never shown (a hash of a throwaway), its link goes out with a new token at delivery. */
async function makeInvitation(ctx: ServiceContext, tx: Db, input: {
  patientId: string; questionnaireId: string; trigger: Trigger; createdBy: string; openForMs: number; contact: { email: string | null; mobile: string | null };
  siteName: string; now: Date; audit: Record<string, unknown>;
}): Promise<string> {
  const id = ctx.newId();
  const { now } = input;
  await insertInvitation(tx, {
    id, token_hash: hashToken(ctx.newToken()), patient_id: input.patientId, questionnaire_id: input.questionnaireId, trigger: input.trigger,
    created_by: input.createdBy, created_at: now.toISOString(), expires_at: new Date(now.getTime() + input.openForMs).toISOString(), answered_at: null,
    draft_answers: null, draft_locale: null, draft_page: null, draft_saved_at: null, respondent: 'patient', relationship: null, withdrawn_at: null,
  });
  await recordAudit(tx, null, now, {
    action: 'invitation.created', entityType: 'invitation', entityId: id, patientId: input.patientId,
    details: { questionnaireId: input.questionnaireId, trigger: input.trigger, respondent: 'patient', ...input.audit },
  });
  // No channel: nothing queued; the invitation is on the call list (domain/reminders.ts shouldCall).
  const { subject, text } = invitationMessage(input.siteName, LINK_PLACEHOLDER);
  for (const channel of sendChannels(input.contact, configuredChannels(ctx.settings))) {
    const outbox = channel === 'sms' ? 'webhook' : 'smtp';
    await enqueueMessage(
      tx,
      {
        kind: 'invitation', channel: outbox, to: (channel === 'sms' ? input.contact.mobile : input.contact.email)!, subject, text, linkTo: id,
        dedupeKey: `invitation:${id}:${outbox}`, patientId: input.patientId,
      },
      { id: ctx.newId(), now },
    );
  }
  return id;
}

async function makeDueOneOffs(ctx: ServiceContext, now: Date, siteName: string): Promise<number> {
  let made = 0;
  for (const o of await dueOneOffs(ctx.db, now.toISOString(), BATCH)) {
    if (!ctx.questionnaires.current(o.questionnaire_id)) continue;
    const ok = await transaction(ctx.db, async (tx) => {
      if (!(await claimOneOff(tx, o.id, now.toISOString()))) return false;
      const invitationId = await makeInvitation(ctx, tx, {
        patientId: o.patient_id, questionnaireId: o.questionnaire_id, trigger: 'intervention_follow_up', createdBy: o.decided_by,
        openForMs: ctx.settings.invitationTtlDays * 86_400_000, contact: o, siteName, now, audit: { occurrenceId: o.id, dueAt: o.due_at },
      });
      await setOccurrenceInvitation(tx, o.id, invitationId);
      return true;
    });
    if (ok) made++;
  }
  return made;
}

/**
 * Reminders to patients who have not answered. Each scheduler tick moves every open invitation
 * whose next reminder has fallen due one step on, and (in the same transaction) writes a message to
 * the outbox for each channel that reaches the patient. The message names the invitation; its link,
 * a new token for the same invitation, is made when it is delivered (answer-links.ts), so the outbox
 * never holds a usable link. An answered or expired invitation is never picked.
 */
import { dueReminderStep, recipientOn, reminderChannels, reminderMessage } from '../domain/reminders.js';
import { durationMs } from '../contract/duration.js';
import { advanceReminderStep, reminderCandidates, type ReminderCandidate } from '../storage/reminders.js';
import { LINK_PLACEHOLDER } from './answer-links.js';
import type { ServiceContext } from './context.js';
import { configuredChannels, enqueueMessage } from './notifications.js';
import { transaction } from '../storage/transaction.js';
import { listUnitRows } from '../storage/units.js';
import { settingsForUnit } from './units.js';

/** A schedule entry's length (durations have fixed lengths: weeks, days, hours, minutes). */
const shortestMs = durationMs;

/**
 * Writes the reminders that are due now; returns how many invitations moved a step. At most `limit`
 * per unit, step and call. Each unit's links follow its own schedule (issue 24; the site's when it has none).
 */
export async function createDueReminders(ctx: ServiceContext, limit = 200): Promise<number> {
  const now = ctx.now();
  let moved = 0;
  for (const unit of await listUnitRows(ctx.db)) {
    const { site, reminders: schedule } = await settingsForUnit(ctx, ctx.db, unit.id);
    const steps = schedule.map(shortestMs).filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
    for (const [step, ms] of steps.entries()) {
      const candidates = await reminderCandidates(ctx.db, { step, createdBy: new Date(now.getTime() - ms).toISOString(), now: now.toISOString(), limit, unitId: unit.id });
      for (const invitation of candidates) if (await remind(ctx, invitation, schedule, site.name, now)) moved++;
    }
  }
  return moved;
}

async function remind(ctx: ServiceContext, invitation: ReminderCandidate, schedule: readonly string[], siteName: string, now: Date): Promise<boolean> {
  const step = dueReminderStep({ createdAt: new Date(invitation.created_at), stepsPassed: invitation.reminder_step }, schedule, now);
  if (step === null) return false;
  const channels = reminderChannels(invitation, configuredChannels(ctx.settings));
  return transaction(ctx.db, async (tx) => {
    const sentAt = channels.length > 0 ? now.toISOString() : null;
    if (!(await advanceReminderStep(tx, invitation.id, { from: invitation.reminder_step, to: step + 1, sentAt }))) return false;
    if (channels.length === 0) return true;
    const { subject, text } = reminderMessage(siteName, LINK_PLACEHOLDER);
    for (const channel of channels) {
      await enqueueMessage(
        tx,
        {
          kind: 'reminder', channel, to: recipientOn(channel, invitation), subject, text, linkTo: invitation.id,
          dedupeKey: `reminder:${invitation.id}:${step + 1}:${channel}`, patientId: invitation.patient_id,
        },
        { id: ctx.newId(), now },
      );
    }
    return true;
  });
}

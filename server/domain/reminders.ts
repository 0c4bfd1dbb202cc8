/**
 * Reminders to patients who have not answered: when each is due, through which channels, and what
 * it says. Pure: the clock and the configuration come in as arguments.
 */
import type { PatientChannel, SendChannel } from '../contract/codes.js';
import { durationMs } from '../contract/duration.js';

export interface ChannelConfig {
  smtp: boolean;
  webhook: boolean;
}

export interface PatientContact {
  email: string | null;
  mobile: string | null;
}

/** The channels a reminder to this patient would actually use, given what the site has configured. */
export function reminderChannels(contact: PatientContact, configured: ChannelConfig): PatientChannel[] {
  const channels: PatientChannel[] = [];
  if (contact.email && configured.smtp) channels.push('smtp');
  if (contact.mobile && configured.webhook) channels.push('webhook');
  return channels;
}

/** How a nurse can send a link to this patient now (issue 23): by SMS when a mobile is on file and the webhook is set up, by e-mail likewise with SMTP. */
export function sendChannels(contact: PatientContact, configured: ChannelConfig): SendChannel[] {
  return [...(contact.mobile && configured.webhook ? ['sms' as const] : []), ...(contact.email && configured.smtp ? ['email' as const] : [])];
}

/** The recipient on a channel: the e-mail address for SMTP, the mobile number for the webhook. */
export function recipientOn(channel: PatientChannel, contact: PatientContact): string {
  return (channel === 'smtp' ? contact.email : contact.mobile)!;
}

/** When each step of the schedule falls for an invitation created at `createdAt`, in time order. Malformed entries are skipped. */
function reminderTimes(createdAt: Date, schedule: readonly string[]): Date[] {
  return schedule
    .flatMap((entry) => {
      const ms = durationMs(entry);
      return ms === null ? [] : [new Date(createdAt.getTime() + ms)];
    })
    .sort((a, b) => a.getTime() - b.getTime());
}

/**
 * The step to remind at now, or null: the latest step that has fallen due and was not passed yet.
 * After a pause (the server was down) the patient gets one reminder, not one per missed step.
 */
export function dueReminderStep(invitation: { createdAt: Date; stepsPassed: number }, schedule: readonly string[], now: Date): number | null {
  const times = reminderTimes(invitation.createdAt, schedule);
  let due: number | null = null;
  for (let step = invitation.stepsPassed; step < times.length; step++) if (times[step]! <= now) due = step;
  return due;
}

/**
 * The nurse should phone: no channel reaches the patient, or every reminder has gone out
 * and the patient still has not answered.
 */
export function shouldCall(channels: readonly PatientChannel[], stepsPassed: number, schedule: readonly string[]): boolean {
  return channels.length === 0 || stepsPassed >= reminderTimes(new Date(0), schedule).length;
}

/**
 * What a reminder says: the site, that a questionnaire is waiting, the link. Never the
 * questionnaire's title, the trigger or anything else about the patient's health: an e-mail or a
 * text message can be read by others.
 */
export function reminderMessage(siteName: string, link: string): { subject: string; text: string } {
  return {
    subject: `${siteName}: Et spørgeskema venter på dig / A questionnaire is waiting for you`,
    text:
      `${siteName} har sendt dig et spørgeskema, som du endnu ikke har besvaret. Åbn det her: ${link}\n\n` +
      `${siteName} has sent you a questionnaire you have not answered yet. Open it here: ${link}`,
  };
}

/** What a link a nurse sends says (issue 23): as a reminder, nothing about the patient's health. */
export function invitationMessage(siteName: string, link: string): { subject: string; text: string } {
  return {
    subject: `${siteName}: Et spørgeskema til dig / A questionnaire for you`,
    text:
      `${siteName} beder dig besvare et spørgeskema. Åbn det her: ${link}\n\n` +
      `${siteName} asks you to answer a questionnaire. Open it here: ${link}`,
  };
}

/** Delivery is retried after 30 s, 1 min, 2 min...: doubling, at most 6 hours apart. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/** A message that failed this many times is marked failed and shown on the Overview. */
export const MAX_DELIVERY_ATTEMPTS = 8;

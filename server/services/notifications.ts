/**
 * Notifications: one outbox, several channels. A message is written in the transaction of the
 * change that caused it (enqueueMessage), then delivered by the scheduler (deliverDueMessages):
 * at least once, identified by its dedupe key, retried with doubling delays, and marked failed
 * after MAX_DELIVERY_ATTEMPTS (countFailedMessages, for the Overview).
 */
import type { Channel, MessageKind } from '../contract/codes.js';
import type { Logger } from '../logging.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, type ChannelConfig } from '../domain/reminders.js';
import type { Db } from '../storage/database.js';
import { transaction } from '../storage/transaction.js';
import { claimDueMessages, countByStatus, insertOutboxMessage, markAttemptFailed, markSent } from '../storage/outbox.js';
import { mintAnswerLinks, withLink } from './answer-links.js';
import type { ServiceContext, Settings } from './context.js';
import { DeliveryError, type Transports } from './notification-channels.js';


export interface NewMessage {
  kind: MessageKind;
  channel: Channel;
  /** An e-mail address (smtp), a number or any string the webhook understands, or a name (log). */
  to: string;
  subject: string;
  /** Never health information: e-mail and text messages can be read by others. */
  text: string;
  /** A link without a secret (e.g. to a flag in the staff app); never an answer link. */
  link?: string | null;
  /**
   * The invitation a reminder opens: its link (a new token) is made at delivery and put where the
   * text says `{link}` (answer-links.ts); it is never stored.
   */
  linkTo?: string | null;
  /** The same key twice is the same message: stored and sent once. */
  dedupeKey: string;
  /** The patient a message is for: cancelled, unsent, when the patient leaves the service. */
  patientId?: string | null;
}

/**
 * Writes a message to the outbox; call it with the transaction of the change that causes it.
 * False when a message with this dedupe key was written before (nothing is written then).
 */
export async function enqueueMessage(tx: Db, message: NewMessage, at: { id: string; now: Date }): Promise<boolean> {
  const now = at.now.toISOString();
  return insertOutboxMessage(tx, {
    id: at.id, kind: message.kind, channel: message.channel, recipient: message.to, subject: message.subject, text: message.text,
    link: message.link ?? null, dedupe_key: message.dedupeKey, status: 'pending', next_attempt_at: now, last_error: null,
    claimed_until: null, claim_token: null, created_at: now, sent_at: null, patient_id: message.patientId ?? null,
    invitation_id: message.linkTo ?? null,
  });
}

/** The channels the operator configured beside the log. */
export function configuredChannels(settings: Settings): ChannelConfig {
  return { smtp: Boolean(settings.smtpUrl), webhook: Boolean(settings.notifyWebhookUrl) };
}

/**
 * The channel for a message to a staff contact (e.g. the escalation contact): an e-mail address
 * by SMTP when configured, else the webhook when configured (it takes any string), else the log.
 */
export function channelForContact(settings: Settings, contact: string): Channel {
  const configured = configuredChannels(settings);
  if (configured.smtp && /^[^\s@]+@[^\s@]+$/.test(contact)) return 'smtp';
  if (configured.webhook) return 'webhook';
  return 'log';
}

/** Messages that failed for good (shown on the Overview page). */
export function countFailedMessages(db: Db): Promise<number> {
  return countByStatus(db, 'failed');
}

export interface DeliveryOptions {
  transports: Transports;
  /** How long a claimed message is this process's to deliver. */
  leaseMs: number;
  batchSize?: number;
  log?: Logger;
}

export interface DeliveryResult {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Messages delivered at once: a send waits for the other side (an SMTP server's replies, a
 * webhook's answer), so one at a time a tick of a hundred messages took several seconds. The SMTP
 * transport keeps as many connections (notification-channels.ts).
 */
const DELIVERY_CONCURRENCY = 8;
/** The delivery outcomes known within this time are stored in one commit. */
const OUTCOMES_EVERY_MS = 50;

/** Claims the due messages and delivers them, a few at a time; the outcomes are stored as they become known, those known together in one commit. */
export async function deliverDueMessages(ctx: ServiceContext, options: DeliveryOptions): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 };
  const now = ctx.now();
  const token = ctx.newToken();
  const claimed = await claimDueMessages(ctx.db, {
    now: now.toISOString(), until: new Date(now.getTime() + options.leaseMs).toISOString(), token, limit: options.batchSize ?? 100,
  });
  if (claimed.length === 0) return result;
  const { site } = await ctx.siteSettings();
  // Reminders' links: a new token each, made now (their hashes in one commit) and never stored.
  const reminders = claimed.filter((m) => m.invitation_id !== null);
  const minted = await mintAnswerLinks(ctx, reminders.map((m) => m.invitation_id!));
  const linkOf = new Map(reminders.map((m, i) => [m.id, minted[i]!]));
  // A delivery gives up after half the lease (see start.ts): start none after that point, so every
  // delivery ends while this process still holds the message and no other process sends it too.
  const lastStart = now.getTime() + options.leaseMs / 2;

  // The outcomes known within OUTCOMES_EVERY_MS go into one transaction (the sent ones in one
  // UPDATE), the last ones as soon as the batch is done: on SQLite each commit is an fsync on the
  // main thread, and a hundred of them, one per message, held up the deliveries still under way for
  // most of a second; one as soon as the previous was done still made 45 for 100 messages (issue 25).
  // A message whose outcome a crash loses is delivered again after its lease, as one whose process
  // died while sending it (the same dedupe key, so the same Message-ID).
  const sentIds: string[] = [];
  const failures: ((tx: Db) => Promise<void>)[] = [];
  let storing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    storing = storing.then(() => transaction(ctx.db, async (tx) => {
      await markSent(tx, sentIds.splice(0), token, ctx.now().toISOString());
      for (const write of failures.splice(0)) await write(tx);
    }));
  };
  const store = (outcome: { sent: string } | { failed: (tx: Db) => Promise<void> }): void => {
    if ('sent' in outcome) sentIds.push(outcome.sent);
    else failures.push(outcome.failed);
    timer ??= setTimeout(flush, OUTCOMES_EVERY_MS);
  };

  const deliver = async (message: (typeof claimed)[number]): Promise<void> => {
    const transport = options.transports[message.channel];
    let error: string | null = null;
    try {
      if (!transport) throw new DeliveryError(`channel ${message.channel} is not configured`);
      // A retry (after a failure or a crash) has another link: each works until the invitation ends.
      const link = linkOf.get(message.id) ?? message.link;
      await transport({
        kind: message.kind, to: message.recipient, subject: message.subject, text: link === null ? message.text : withLink(message.text, link), link,
        dedupeKey: message.dedupe_key, siteName: site.name,
      });
    } catch (e) {
      error = e instanceof DeliveryError ? e.message : `${message.channel}: ${(e as Error).name ?? 'error'}`;
    }
    if (error === null) {
      store({ sent: message.id });
      result.sent++;
      return;
    }
    const at = ctx.now();
    const attempts = message.attempts + 1;
    const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
    store({ failed: (tx) => markAttemptFailed(tx, message.id, token, { error, nextAttemptAt: giveUp ? null : new Date(at.getTime() + retryDelayMs(attempts)).toISOString() }) });
    options.log?.({ level: giveUp ? 'error' : 'warn', msg: giveUp ? 'notification failed' : 'notification delivery failed, will retry', id: message.id, kind: message.kind, channel: message.channel, attempts, error });
    if (giveUp) result.failed++;
    else result.retrying++;
  };

  const waiting = [...claimed];
  const worker = async (): Promise<void> => {
    for (let message = waiting.shift(); message; message = waiting.shift()) {
      if (ctx.now().getTime() > lastStart) return; // the rest are picked up again when the lease ends
      await deliver(message);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, waiting.length) }, worker));
  if (timer !== null) {
    clearTimeout(timer);
    flush();
  }
  await storing;
  return result;
}

/**
 * The channels a message can go out by: `log` (the server log: a new install works with no
 * configuration), `smtp` (nodemailer, SMTP_URL) and `webhook` (a JSON POST to NOTIFY_WEBHOOK_URL,
 * e.g. a site's SMS gateway). A transport resolves when the message was accepted and throws a
 * DeliveryError otherwise.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import type { Logger } from '../logging.js';
import type { Channel, MessageKind } from '../contract/codes.js';

export interface OutgoingMessage {
  kind: MessageKind;
  to: string;
  subject: string;
  text: string;
  link: string | null;
  dedupeKey: string;
  /** The sender's name for e-mail (the site's name). */
  siteName: string;
}

export type Transport = (message: OutgoingMessage) => Promise<void>;
export type Transports = Partial<Record<Channel, Transport>>;

/** A failed delivery, described without the message or its recipient (it is stored as the message's last error). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
}

export interface ChannelOptions {
  smtpUrl?: string;
  smtpFrom?: string;
  webhookUrl?: string;
  /** For the default sender address (noreply@<host>). */
  publicUrl?: string;
  log?: Logger;
  /** A delivery that takes longer is abandoned (and retried); kept below the claim's lease. */
  timeoutMs: number;
}

export function createTransports(options: ChannelOptions): Transports {
  const transports: Transports = { log: logTransport(options.log) };
  if (options.smtpUrl) transports.smtp = smtpTransport(options.smtpUrl, options);
  if (options.webhookUrl) transports.webhook = webhookTransport(options.webhookUrl, options.timeoutMs);
  return transports;
}

/** Messages never carry health information (see domain/reminders.ts), so the log may hold them. */
function logTransport(log?: Logger): Transport {
  return async (m) => {
    log?.({ msg: 'notification', kind: m.kind, channel: 'log', to: m.to, subject: m.subject, text: m.text, ...(m.link ? { link: m.link } : {}), dedupeKey: m.dedupeKey });
  };
}

function senderDomain(publicUrl?: string): string {
  if (publicUrl) {
    try {
      return new URL(publicUrl).hostname;
    } catch {
      // fall through to the machine's name
    }
  }
  return hostname() || 'localhost';
}

/** SMTP connections at once: the deliveries a tick runs at once (services/notifications.ts DELIVERY_CONCURRENCY). */
const SMTP_CONNECTIONS = 8;
const SMTP_IDLE_MS = 1000;

function smtpTransport(url: string, options: ChannelOptions): Transport {
  const domain = senderDomain(options.publicUrl);
  // A pool of connections, each used for many messages: a new connection per message costs its
  // handshake and the server's greeting delay (smtp-server waits 100 ms for early talkers, a
  // postscreen longer), which made a tick's delivery batch most of the tick (issue 25). As many
  // connections as deliveries run at once; an idle one is closed after a few seconds, so none
  // lingers between ticks.
  const mailer = nodemailer.createTransport({ url, pool: true, maxConnections: SMTP_CONNECTIONS, idleTimeout: SMTP_IDLE_MS });
  Object.assign(mailer.options, { connectionTimeout: options.timeoutMs, greetingTimeout: options.timeoutMs, socketTimeout: options.timeoutMs });
  return async (m) => {
    try {
      await mailer.sendMail({
        from: options.smtpFrom ?? { name: m.siteName, address: `noreply@${domain}` },
        to: m.to,
        subject: m.subject,
        text: m.text,
        // The same message retried keeps its Message-ID, so a receiving system can drop a duplicate.
        messageId: `<${createHash('sha256').update(m.dedupeKey).digest('hex').slice(0, 32)}@${domain}>`,
      });
    } catch (error) {
      const e = error as { code?: string; responseCode?: number };
      // The code and the server's status only: SMTP error texts can quote the recipient.
      throw new DeliveryError(`smtp: ${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}`);
    }
  };
}

function webhookTransport(url: string, timeoutMs: number): Transport {
  return async (m) => {
    let status: number;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ kind: m.kind, to: m.to, subject: m.subject, text: m.text, ...(m.link ? { link: m.link } : {}), dedupeKey: m.dedupeKey }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      status = res.status;
      await res.body?.cancel();
    } catch (error) {
      throw new DeliveryError(`webhook: ${(error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable'}`);
    }
    if (status < 200 || status > 299) throw new DeliveryError(`webhook: HTTP ${status}`);
  };
}

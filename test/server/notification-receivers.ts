/** Real receivers for the notification channels in tests: an SMTP server (smtp-server) and a webhook endpoint (node:http), both on 127.0.0.1. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface ReceivedMail {
  to: string[];
  /** Headers and body, quoted-printable soft breaks and escapes decoded. */
  text: string;
}

/** Enough of quoted-printable (RFC 2045) and encoded words (RFC 2047, Q) to read what nodemailer sends. */
function decodeMail(raw: string): string {
  const bytes = (hex: string) => Buffer.from(hex.replace(/=/g, ''), 'hex').toString('utf8');
  return raw
    .replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_m, q: string) => q.replace(/_/g, ' ').replace(/(=[0-9A-F]{2})+/g, bytes))
    .replace(/=\r?\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, bytes);
}

export async function startSmtpReceiver() {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text: decodeMail(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: Server }).server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface WebhookCall {
  kind: string;
  to: string;
  subject: string;
  text: string;
  link?: string;
  dedupeKey: string;
}

/** Answers each POST with `status` (changeable); `hang` keeps requests open without an answer. */
export async function startWebhookReceiver(options: { status?: number; hang?: boolean } = {}) {
  const calls: WebhookCall[] = [];
  const state = { status: options.status ?? 204, hang: options.hang ?? false };
  const waiting: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookCall);
      for (const wake of waiting.splice(0)) wake();
      if (!state.hang) res.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    calls,
    state,
    /** Resolves once `count` calls have arrived (the test's own timeout bounds the wait). */
    async received(count: number): Promise<void> {
      while (calls.length < count) await new Promise<void>((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Both receivers for a test file's tests: started before them, emptied (and the webhook answering
 * 204 again) before each, closed after them. Read them as `receivers.smtp` and `receivers.webhook`.
 */
export function receiversForTests(): { smtp: Awaited<ReturnType<typeof startSmtpReceiver>>; webhook: Awaited<ReturnType<typeof startWebhookReceiver>> } {
  const receivers = {} as ReturnType<typeof receiversForTests>;
  beforeAll(async () => {
    receivers.smtp = await startSmtpReceiver();
    receivers.webhook = await startWebhookReceiver();
  });
  beforeEach(() => {
    receivers.smtp.mails.length = 0;
    receivers.webhook.calls.length = 0;
    receivers.webhook.state.status = 204;
  });
  afterAll(async () => {
    await receivers.smtp?.close();
    await receivers.webhook?.close();
  });
  return receivers;
}

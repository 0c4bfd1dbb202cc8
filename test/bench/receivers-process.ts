/**
 * The SMTP and webhook receivers in a process of their own, for the benchmarks: in production the
 * mail relay and the SMS gateway are other machines, so their work must not share the server's
 * event loop (in the bench process it would be counted in the tick). Prints one JSON line with
 * their URLs, then runs until its standard input closes (the bench ending, or dying).
 */
import { startSmtpReceiver, startWebhookReceiver } from '../server/notification-receivers.js';

const [smtp, webhook] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
console.log(JSON.stringify({ smtpUrl: smtp.url, webhookUrl: webhook.url }));
process.stdin.resume();
process.stdin.on('end', () => void Promise.all([smtp.close(), webhook.close()]).then(() => process.exit(0)));

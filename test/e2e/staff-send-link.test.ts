/**
 * Issue 23 in a real browser, in Danish: "Send som SMS" / "Send som e-mail" on a new invitation
 * goes through the outbox to the real local SMTP server and webhook (SMS gateway) the notification
 * API tests use, with a link that opens the patient's questionnaire. Fails if a button did nothing.
 */
import { describe, expect, it } from 'vitest';
import { receiversForTests } from '../server/notification-receivers.js';
import { seriousAxeViolations } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';

describe('sending a new link by SMS or e-mail (issue 23)', { timeout: 60_000 }, () => {
  const receivers = receiversForTests();
  // The scheduler delivers the outbox every second.
  const cases = staffBrowserCases(() => ({ smtpUrl: receivers.smtp.url, notifyWebhookUrl: receivers.webhook.url, schedulerTickSeconds: 1 }));

  it('sends the link by SMS and by e-mail from the new invitation; each arrives once, with a working link and no health information', async () => {
    const nurse = await cases.login('nurse', 'da');
    await nurse.getByRole('link', { name: 'Patienter og invitationer' }).click();
    await nurse.locator('#new-external-id').fill('E2E-SEND-1');
    await nurse.locator('#new-name').fill('Bodil Send');
    await nurse.locator('#new-email').fill('bodil@example.org');
    await nurse.locator('#new-mobile').fill('20 30 40 50');
    await nurse.getByRole('button', { name: 'Opret patient' }).click();
    await nurse.getByRole('heading', { name: 'Invitér Bodil Send til at svare' }).waitFor();
    await nurse.getByRole('button', { name: 'Opret invitation' }).click();
    const link = await nurse.locator('#invitation-link').inputValue();
    const status = nurse.locator('.send-link [role="status"]');
    expect(receivers.webhook.calls).toEqual([]);
    expect(receivers.smtp.mails).toEqual([]);

    await nurse.getByRole('button', { name: 'Send som SMS' }).click();
    await expect.poll(() => status.textContent()).toBe('Linket sendes som SMS.');
    await expect.poll(() => receivers.webhook.calls.length, { timeout: 15_000 }).toBe(1);
    expect(receivers.webhook.calls).toEqual([expect.objectContaining({ kind: 'invitation', to: '+4520304050', link: expect.stringMatching(new RegExp(`^${cases.base}/answer/`)) })]);

    await nurse.getByRole('button', { name: 'Send som e-mail' }).click();
    await expect.poll(() => status.textContent()).toBe('Linket sendes som e-mail.');
    await expect.poll(() => receivers.smtp.mails.map((m) => m.to), { timeout: 15_000 }).toEqual([['bodil@example.org']]);
    // A second tap sends nothing more, and says so.
    await nurse.getByRole('button', { name: 'Send som SMS' }).click();
    await expect.poll(() => status.textContent()).toBe('Linket er allerede sendt sådan.');
    expect(await seriousAxeViolations(nurse)).toEqual([]);

    // The sent links open the same questionnaire as the one on the screen; no name or questionnaire in the messages.
    const sent = receivers.webhook.calls[0]!.link!;
    const mailed = receivers.smtp.mails[0]!.text.match(new RegExp(`${cases.base}/answer/[A-Za-z0-9_-]+`))?.[0];
    expect(mailed).toBeDefined();
    for (const url of [link, sent, mailed!]) {
      const res = await nurse.request.get(url.replace('/answer/', '/api/invitations/'));
      expect(res.status(), url).toBe(200);
      expect(((await res.json()) as { questionnaire: { id: string } }).questionnaire.id).toBe('palliative-needs');
    }
    for (const content of [receivers.smtp.mails[0]!.text, JSON.stringify(receivers.webhook.calls)]) {
      for (const secret of ['Bodil', 'E2E-SEND-1', 'palliative', 'Palliative']) expect(content).not.toContain(secret);
    }
    expect(receivers.webhook.calls).toHaveLength(1);
  });
});

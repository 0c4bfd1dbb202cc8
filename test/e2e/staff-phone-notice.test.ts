/**
 * A fresh install has no phone for patients' urgent calls (issue 19): the admin is told so on the
 * screen they land on after signing in, with a link to the Settings field, and the notice goes
 * once the phone is saved. In the staff app's default Danish, signed in through the form, under the server's own Content-Security-Policy.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { staffBrowserCases } from './staff-cases.js';

describe('the missing-phone notice', () => {
  const cases = staffBrowserCases();

  const signIn = (username: string): Promise<Page> => cases.login(username, 'da');

  it('greets an admin right after sign-in with a link to the phone field, and is gone once the phone is saved', async () => {
    const admin = await signIn('admin');
    const notice = admin.locator('.phone-missing');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Der er ikke angivet et telefonnummer til opkald, når det haster.');
    const link = notice.getByRole('link', { name: 'Angiv det i indstillingerne' });
    expect(await link.getAttribute('href')).toBe('/settings#setting-phone');

    await link.click();
    await admin.getByRole('heading', { name: 'Indstillinger', level: 1 }).waitFor();
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('setting-phone');
    await admin.keyboard.type('70 20 30 40');
    await admin.getByRole('button', { name: 'Gem' }).click();
    await admin.getByText('Indstillingerne er gemt.').waitFor();
    await expect.poll(() => admin.locator('.phone-missing').count()).toBe(0);

    await admin.getByRole('navigation').getByRole('link', { name: 'Arbejdsliste' }).click();
    await admin.getByRole('heading', { name: 'Arbejdsliste', level: 1 }).waitFor();
    expect(await admin.locator('.phone-missing').count()).toBe(0);
  }, 120_000);

  it('tells a nurse too, without the way to Settings (only an admin may change them)', async () => {
    const nurse = await signIn('nurse');
    const notice = nurse.locator('.phone-missing');
    await notice.waitFor();
    expect(await notice.getByRole('link').count()).toBe(0);
  }, 120_000);
});

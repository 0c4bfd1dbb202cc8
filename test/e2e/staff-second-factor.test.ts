/**
 * Two-step log-in in the staff app (issue 21), in Chromium against the production-mode server (its
 * CSP: the QR code is a data: image): a nurse sets it up on My account from the QR code's key, with a
 * code computed here with otpauth as a phone's app would, logs out and logs in with a code; an admin's
 * setting makes a user without it set it up during log-in, with the recovery codes shown once.
 */
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot, seriousAxeViolations, TABLET } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';
import { staffContextOptions } from './staff-fixture.js';

/** The code a phone's authenticator app shows `offsetMs` from now for the key the page shows. */
function codeFor(key: string, offsetMs = 0): string {
  return new TOTP({ secret: Secret.fromBase32(key.replace(/\s/g, '')) }).generate({ timestamp: Date.now() + offsetMs });
}

async function setUp(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Set up two-step log-in' }).click();
  await page.getByRole('img', { name: 'QR code for the authenticator app' }).waitFor();
  const key = (await page.getByTestId('totp-key').textContent()) ?? '';
  expect(key).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  return key;
}

describe('two-step log-in', () => {
  const cases = staffBrowserCases();

  it('is set up on My account from the QR code and key, and asked for after the password', async () => {
    const page = await cases.login('nurse', 'en', TABLET);
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    expect(await page.title()).toBe('My account – Lindring');
    await page.getByText('Two-step log-in is off.').waitFor();
    expect(await page.locator('table.sessions tbody tr').count()).toBe(1);
    expect(await page.locator('table.sessions').textContent()).toContain('(this device)');

    const key = await setUp(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'staff-second-factor-setup-tablet');

    await page.getByLabel('The 6-digit code the app shows now').fill(codeFor(key));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByText('they are shown only this once').waitFor();
    await page.getByRole('button', { name: 'I have saved the codes' }).click();
    await page.getByTestId('second-factor-on').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('#username').fill('nurse');
    await page.locator('#password').fill('nurse');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Code from your app' }).waitFor();
    expect(await page.title()).toBe('Code from your app – Lindring');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'staff-second-factor-code-tablet');
    // The browser logs the refused code's 401.
    cases.allow(page, /status of 401 .*\/api\/auth\/second-factor\)$/);
    const code = page.getByLabel('Code', { exact: true });
    await code.fill(codeFor(key) === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('alert').getByText('The code is wrong or has been used.').waitFor();
    // The code of the next 30 s step: the one used to set up is spent, and the server accepts one step ahead.
    await code.fill(codeFor(key, 30_000));
    await page.getByRole('button', { name: 'Confirm' }).click();
    // Back where the nurse logged out.
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    await page.getByTestId('second-factor-on').waitFor();
  }, 120_000);

  it("makes a user without it set it up at log-in once an admin requires it, and shows the recovery codes once", async () => {
    const admin = await cases.login('admin', 'en');
    await admin.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await admin.getByLabel('Require two-step log-in for every account').check();
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('The settings are saved.').waitFor();

    const context = await cases.newContext({ ...staffContextOptions('en'), viewport: TABLET });
    await context.addInitScript(() => {
      if (location.protocol.startsWith('http')) window.localStorage.setItem('lindring.staff.lang', 'en');
    });
    const page = await context.newPage();
    cases.allow(page, /status of 401 .*\/api\/auth\/me\)$/);
    await page.goto(`${cases.base}/`);
    await page.locator('#username').fill('nurse');
    await page.locator('#password').fill('nurse');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('heading', { name: 'Two-step log-in' }).waitFor();
    await page.getByText('Logging in here needs a second step').waitFor();
    const key = await setUp(page);
    await page.getByLabel('The 6-digit code the app shows now').fill(codeFor(key));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'I have saved the codes' }).click();
    await page.getByRole('heading', { name: 'Worklist', level: 1 }).waitFor();
  }, 120_000);
});

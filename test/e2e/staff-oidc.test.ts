/**
 * Sign-in through the hospital's identity provider (issue 24) in Chromium: the production-mode
 * server (its CSP and `__Host-` cookies) configured with a real OpenID provider running in this
 * process (test/server/oidc-provider.ts). A nurse clicks "Log ind med <hospital>", signs in on the
 * provider's own login page, lands on her worklist, and logs out through the provider. With
 * passwords off, the password form is behind the break-glass link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { updateSiteSettings } from '../../server/services/settings.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import type { RunningServer } from '../../server/start.js';
import { TEST_PASSWORD_HASHING } from '../server/helpers.js';
import { startTestProvider, type TestProvider } from '../server/oidc-provider.js';
import { launchBrowser, saveScreenshot, seriousAxeViolations, WatchedContexts } from './browser.js';
import { freePort, startProductionServer } from './production-server.js';

const HOST = '127.0.0.1';

describe('sign-in through the hospital in the staff app', () => {
  let browser: Browser;
  let provider: TestProvider;
  let server: RunningServer;
  let base: string;
  let dir: string;
  const contexts = new WatchedContexts();

  beforeAll(async () => {
    browser = await launchBrowser();
    const port = await freePort();
    base = `http://${HOST}:${port}`;
    provider = await startTestProvider({ redirectUri: `${base}/api/auth/oidc/callback`, postLogoutRedirectUri: `${base}/` });
    provider.accounts.set('anne', { password: 'anne-pw', claims: { name: 'Anne Hansen', email: 'anne@region.test', preferred_username: 'anne', groups: ['lindring-nurses'] }, amr: ['pwd', 'otp'] });
    dir = mkdtempSync(path.join(tmpdir(), 'lindring-oidc-'));
    server = await startProductionServer({
      databaseUrl: path.join(dir, 'lindring.sqlite'), port, publicUrl: base,
      oidc: { issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, redirectUri: `${base}/api/auth/oidc/callback`, name: 'Region Test', requireMfa: true },
      localLogin: { enabled: false, breakGlassAdmins: ['admin'] },
    }, { passwordHashing: TEST_PASSWORD_HASHING });
    const ctx = createServiceContext({ db: server.db, questionnaires: await loadQuestionnaires(), settings: { passwordHashing: TEST_PASSWORD_HASHING } });
    const admin = await createStaffUser(ctx, null, { username: 'admin', password: 'copper kettle winter orchard', role: 'admin' });
    await updateSiteSettings(ctx, { type: 'staff', ...admin }, { oidc: { groupClaim: 'groups', groups: [{ group: 'lindring-nurses', role: 'nurse', unitIds: [] }] } });
  }, 120_000);

  afterEach(async () => {
    expect(await contexts.settle(), 'console errors or CSP violations').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs a nurse in on the provider\'s login page and out through the provider', async () => {
    const context = contexts.watch(await browser.newContext({ locale: 'da-DK', viewport: { width: 1200, height: 900 } }));
    const page = await context.newPage();
    // Before signing in, the app's session check is answered 401 (and again after signing out).
    contexts.allow(page, /status of 401 .*\/api\/auth\/me\)$/);
    await page.goto(`${base}/worklist`);
    const button = page.getByRole('link', { name: 'Log ind med Region Test' });
    await button.waitFor();
    // Passwords are off: no password form, only the break-glass link.
    expect(await page.locator('#password').count()).toBe(0);
    await page.getByRole('button', { name: 'Lokal administrator: log ind med adgangskode' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'staff-oidc-sign-in');

    await button.click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByLabel('User name').fill('anne');
    await page.getByLabel('Password').fill('anne-pw');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back on the path she came from, signed in as the nurse the provider's group made her.
    await page.waitForURL(`${base}/worklist`);
    await page.getByRole('heading', { level: 1, name: 'Arbejdsliste' }).waitFor();
    await page.getByRole('button', { name: 'Log ud' }).click();
    // The provider asks; "yes" brings her back to the staff app's sign-in.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('link', { name: 'Log ind med Region Test' }).waitFor();
    expect((await context.cookies(base)).map((c) => c.name)).not.toContain('__Host-lindring_session');
  }, 120_000);

  it('shows why a sign-in was refused, and keeps the password form for the break-glass admin', async () => {
    provider.accounts.set('carl', { password: 'carl-pw', claims: { preferred_username: 'carl', groups: ['kitchen'] }, amr: ['pwd', 'otp'] });
    const context = contexts.watch(await browser.newContext({ locale: 'en-GB', viewport: { width: 1200, height: 900 } }));
    await context.addInitScript(() => {
      // Lindring's pages only (not about:blank, nor the provider's).
      if (location.protocol.startsWith('http') && !location.pathname.startsWith('/interaction')) window.localStorage.setItem('lindring.staff.lang', 'en');
    });
    const page = await context.newPage();
    contexts.allow(page, /status of 401 .*\/api\/auth\/me\)$/);
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Sign in with Region Test' }).click();
    await page.getByLabel('User name').fill('carl');
    await page.getByLabel('Password').fill('carl-pw');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Your user has no access to Lindring.').waitFor();

    await page.getByRole('button', { name: 'Local administrator: sign in with a password' }).click();
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('copper kettle winter orchard');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Sign-in through the hospital' }).waitFor();
    expect(await page.getByLabel('Group 1').inputValue()).toBe('lindring-nurses');
    await page.getByRole('button', { name: 'Add a group' }).click();
    await page.getByLabel('Group 2').fill('kitchen');
    await page.getByLabel('Role 2').selectOption('nurse');
    // Units are picked by name and code, not typed as ids.
    await page.getByRole('group', { name: 'Units 2' }).getByRole('checkbox', { name: 'Afdeling (STD)' }).check();
    await page.getByRole('button', { name: 'Update the group mapping' }).click();
    await page.getByText('The groups are saved.').waitFor();
    const saved = (await (await page.request.get(`${base}/api/settings`)).json()) as { oidc: { groups: { group: string; unitIds: string[] }[] } };
    expect(saved.oidc.groups.find((g) => g.group === 'kitchen')?.unitIds).toEqual(['unit-default']);
    expect(await page.getByRole('group', { name: 'Units 1' }).getByRole('checkbox', { checked: true }).count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'staff-oidc-settings');
  }, 120_000);
});

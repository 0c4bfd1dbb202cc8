/**
 * Issue 23, the admin's screens in real Chromium against the demo data (Danish first): "Brugere" in
 * the menu with full name, title, a confirmed role change and a refused username that names the rule;
 * the audit log in words with filters and paging; settings saved from number + unit fields and
 * reminder chips; the Overview's links; data out. No sideways scroll at 1366×900 and 820×1180, axe clean.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { failedLoad, saveScreenshot, seriousAxeViolations, TABLET } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';
import { WIDE } from './staff-fixture.js';

const SIZES = [TABLET, WIDE] as const;

/** Sideways scroll and serious axe findings at both sizes, for the screen as it is now. */
async function fits(page: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    if (scrollWidth > clientWidth) problems.push(`${label} at ${size.width}: scrolls sideways (${scrollWidth} > ${clientWidth})`);
    for (const v of await seriousAxeViolations(page)) problems.push(`${label} at ${size.width}: axe ${v.id} (${v.impact})`);
  }
  await page.setViewportSize(WIDE);
  return problems;
}

async function open(page: Page, linkName: string, heading: string): Promise<void> {
  await page.locator('nav').first().getByRole('link', { name: linkName, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('the admin screens (issue 23)', { timeout: 120_000 }, () => {
  const cases = staffBrowserCases();

  it('has Brugere in the menu: full name and title, a refused username naming the rule, a role change that asks first', async () => {
    const admin = await cases.login('admin', 'da');
    cases.allow(admin, failedLoad(422));
    const menu = admin.locator('nav').first();
    expect(await menu.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Brugere', 'Auditlog', 'Indstillinger']));
    await open(admin, 'Brugere', 'Brugere');
    await admin.locator('tr[data-username="nurse"]').waitFor();

    // A username with a space: the server's 422 is shown at the field, in Danish, naming the rule.
    await admin.locator('#new-username').fill('Anne Hansen');
    await admin.locator('#new-password').fill('a long enough password for anne');
    await admin.getByRole('button', { name: 'Opret bruger' }).click();
    await expect.poll(() => admin.locator('#new-username-problem').textContent()).toContain('Brugernavnet blev afvist: brug 2 til 64 tegn af a-z, A-Z (ikke æ, ø, å)');
    expect(await admin.locator('#new-username').getAttribute('aria-invalid')).toBe('true');

    await admin.locator('#new-username').fill('ahansen');
    await admin.locator('#new-full-name').fill('Anne Hansen');
    await admin.locator('#new-title').fill('sygeplejerske');
    await admin.getByRole('button', { name: 'Opret bruger' }).click();
    await admin.locator('tr[data-username="ahansen"]', { hasText: 'Anne Hansen, sygeplejerske' }).waitFor();

    // The demo nurse gets a name and title.
    await admin.locator('tr[data-username="nurse"]').getByRole('button', { name: 'Navn og titel' }).click();
    await admin.locator('#profile-full-name').fill('Birte Holm');
    await admin.locator('#profile-title-field').fill('sygeplejerske');
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    await admin.locator('tr[data-username="nurse"]', { hasText: 'Birte Holm, sygeplejerske' }).waitFor();

    // A role change is confirmed: cancelled, nothing changes.
    const asked: string[] = [];
    admin.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await admin.locator('tr[data-username="nurse"]').getByRole('combobox').selectOption('admin');
    await expect.poll(() => asked).toEqual(['Skift rollen for Birte Holm, sygeplejerske fra sygeplejerske til administrator? Rollen bestemmer, hvad brugeren kan se og gøre.']);
    await expect.poll(() => admin.locator('tr[data-username="nurse"]').getByRole('combobox').inputValue()).toBe('nurse');
    const users = (await (await admin.request.get(`${cases.base}/api/users`)).json()) as { username: string; role: string }[];
    expect(users.find((u) => u.username === 'nurse')?.role).toBe('nurse');
    await saveScreenshot(admin, 'staff-users');
    expect(await fits(admin, 'users')).toEqual([]);

    // The assign list names people by full name.
    const nurse = await cases.login('nurse', 'da');
    const assignees = (await (await nurse.request.get(`${cases.base}/api/assignees`)).json()) as { username: string; fullName: string | null }[];
    expect(assignees.find((u) => u.username === 'nurse')?.fullName).toBe('Birte Holm');
  });

  it('shows the audit log in words, filtered by person and period, a page at a time', async () => {
    const admin = await cases.login('admin', 'da');
    await open(admin, 'Auditlog', 'Auditlog');
    const rows = admin.locator('table.audit-log tbody tr');
    await rows.first().waitFor();
    // Words, not codes: the demo's users were created, the admin logged in.
    const actions = await rows.locator('td:nth-child(3)').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(['loggede ind', 'så listen over brugere']));
    expect(actions.every((a) => !/^[a-z_]+\.[a-z_]+$/.test(a))).toBe(true);
    expect(await admin.locator('table.audit-log code').count()).toBe(0);

    // 50 at a time; older ones on request, none twice.
    expect(await rows.count()).toBe(50);
    await admin.getByRole('button', { name: 'Vis ældre' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(50);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(ids.length).toBeGreaterThan(50);

    // One patient, chosen in the list by the health record's id.
    await rows.getByRole('button', { name: 'Vis kun patient DEMO-1001' }).first().click();
    await expect.poll(async () => new Set(await rows.locator('td:nth-child(4)').allTextContents())).toEqual(new Set(['DEMO-1001']));
    expect(await admin.locator('#audit-patient').inputValue()).toBe('DEMO-1001');
    await admin.getByRole('button', { name: 'Nulstil filtre' }).click();
    await expect.poll(() => rows.count()).toBe(50);

    // Only the admin's own entries.
    await admin.locator('#audit-person').selectOption({ label: 'admin' });
    await admin.getByRole('button', { name: 'Vis', exact: true }).click();
    await expect.poll(async () => new Set(await rows.locator('td:nth-child(2)').allTextContents())).toEqual(new Set(['admin']));
    // A period long ago: nothing.
    await admin.locator('#audit-from').fill('2001-01-01');
    await admin.locator('#audit-to').fill('2001-01-31');
    await admin.getByRole('button', { name: 'Vis', exact: true }).click();
    await admin.getByText('Ingen poster.').waitFor();
    await admin.getByRole('button', { name: 'Nulstil filtre' }).click();
    await rows.first().waitFor();
    await saveScreenshot(admin, 'staff-audit-log');
    expect(await fits(admin, 'audit log')).toEqual([]);

    // English words too.
    await admin.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => rows.locator('td:nth-child(3)').allTextContents()).toEqual(expect.arrayContaining(['logged in']));
  });

  it('saves deadlines and reminders from number + unit fields and reminder chips; the API keeps ISO 8601', async () => {
    const admin = await cases.login('admin', 'da');
    await open(admin, 'Indstillinger', 'Indstillinger');
    await expect.poll(() => admin.locator('#setting-urgent').inputValue()).toBe('24');
    expect(await admin.locator('#setting-urgent-unit').inputValue()).toBe('hours');
    expect(await admin.locator('.chip').allTextContents()).toEqual(['3 dage×', '7 dage×']);

    await admin.locator('#setting-urgent').fill('12');
    await admin.locator('#setting-specialized').fill('1');
    await admin.locator('#setting-specialized-unit').selectOption('weeks');
    await admin.getByRole('button', { name: 'Fjern påmindelsen efter 3 dage' }).click();
    await admin.locator('#setting-reminder-amount').fill('36');
    await admin.locator('#setting-reminder-unit').selectOption('hours');
    await admin.getByRole('button', { name: 'Tilføj påmindelse' }).click();
    await expect.poll(() => admin.locator('.chip span').allTextContents()).toEqual(['36 timer', '7 dage']);
    expect(await fits(admin, 'settings')).toEqual([]);
    await saveScreenshot(admin, 'staff-settings-durations');
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(() => admin.locator('.announcer [role="status"]').textContent()).toBe('Indstillingerne er gemt.');

    const settings = (await (await admin.request.get(`${cases.base}/api/settings`)).json()) as { deadlines: Record<string, string>; reminders: string[] };
    expect(settings.deadlines).toMatchObject({ urgent: 'PT12H', specialized: 'P1W', basic: 'P5D' });
    expect(settings.reminders).toEqual(['PT36H', 'P7D']);
    // Saved again untouched, nothing changes (the same ISO text: no audit entry of a change).
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(() => admin.locator('.announcer [role="status"]').textContent()).toBe('Indstillingerne er gemt.');
    const changes = (await (await admin.request.get(`${cases.base}/api/audit?action=settings.changed`)).json()) as unknown[];
    expect(changes).toHaveLength(1);
  });

  it('styles the Overview and links its figures of now to the worklist; offers CSV til Excel and FHIR', async () => {
    const admin = await cases.login('admin', 'da');
    await open(admin, 'Overblik', 'Overblik');
    const figures = admin.locator('.overview-figures .figure');
    await figures.first().waitFor();
    expect(await figures.count()).toBe(9);
    expect(await admin.locator('.figure-link a').count()).toBe(3);
    expect(await fits(admin, 'overview')).toEqual([]);
    await saveScreenshot(admin, 'staff-overview');
    await admin.locator('.figure-unowned').getByRole('link').click();
    await admin.waitForURL(/\/worklist\?level=all&owner=none$/);
    await admin.locator('.unowned-only').waitFor();

    await open(admin, 'Kvalitetsindikatorer', 'Kvalitetsindikatorer');
    const excel = admin.getByRole('link', { name: 'CSV til Excel (dansk)' });
    expect(await excel.getAttribute('href')).toMatch(/^\/api\/export\/responses\.csv\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&format=excel-da$/);
    const res = await admin.request.get(`${cases.base}${await excel.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await admin.locator('#fhir-title').waitFor();
    expect(await admin.locator('.fhir-endpoints li').allTextContents()).toContain('GET /api/fhir/Bundle');
    expect(await admin.locator('.command').textContent()).toContain('npm run export:fhir');
    expect(await fits(admin, 'indicators')).toEqual([]);
  });
});

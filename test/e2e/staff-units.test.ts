/**
 * Issue 24, units in real Chromium against the demo data (Danish): the admin's Units screen (the two
 * units the migration makes, a new ward, a unit's own phone falling back to the site's, a deadline
 * of its own set and cleared back to the site's), the blank paper form giving the ward's phone, a user put
 * into two units, and that nurse's new-patient form asking which units care for the patient.
 * Axe clean, no sideways scroll on a tablet.
 */
import { describe, expect, it } from 'vitest';
import { saveScreenshot, seriousAxeViolations, TABLET } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';
import { WIDE } from './staff-fixture.js';

describe('units in the staff app (issue 24)', { timeout: 120_000 }, () => {
  const cases = staffBrowserCases();

  it('lists and makes units, sets a unit phone that falls back to the site, and puts a nurse into two units', async () => {
    const admin = await cases.login('admin', 'da');
    await admin.locator('nav').first().getByRole('link', { name: 'Enheder', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'Enheder' }).waitFor();
    await admin.locator('tr[data-unit="STD"]', { hasText: 'Sengeafsnit' }).waitFor();
    await admin.locator('tr[data-unit="PAL"]', { hasText: 'Palliativt team' }).waitFor();
    // The emergency accesses to the patients of her units: none in the demo.
    await admin.getByRole('heading', { level: 2, name: 'Nødadgange' }).waitFor();
    await admin.getByText('Ingen nødadgange.').waitFor();

    // A new ward; the code is upper-cased as typed.
    await admin.locator('#new-unit-name').fill('Onkologisk afdeling');
    await admin.locator('#new-unit-code').fill('onk');
    await admin.getByRole('button', { name: 'Opret enhed' }).click();
    await admin.locator('tr[data-unit="ONK"]', { hasText: 'Onkologisk afdeling' }).waitFor();

    // The ward's own phone: the field says what it falls back to, then that it is the unit's own.
    await admin.locator('tr[data-unit="ONK"]').getByRole('button').click();
    await admin.getByRole('heading', { level: 2, name: 'Indstillinger for Onkologisk afdeling (ONK)' }).waitFor();
    expect(await admin.locator('#unit-phone-help').textContent()).toMatch(/^Tomt: installationens værdi bruges|^Tomt: installationen har heller ingen værdi/);
    await admin.locator('#unit-phone').fill('70 20 20 20');
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(() => admin.locator('#unit-phone-help').textContent()).toBe('Enhedens egen værdi. Tøm feltet for at bruge installationens.');
    const units = (await (await admin.request.get(`${cases.base}/api/units`)).json()) as { id: string; code: string }[];
    const onk = units.find((u) => u.code === 'ONK')!;
    const saved = (await (await admin.request.get(`${cases.base}/api/units/${onk.id}/settings`)).json()) as { overrides: unknown };
    expect(saved.overrides).toEqual({ site: { phone: '70 20 20 20' } });

    // A deadline of its own: the field says the site's value until set, then the unit's; "use the site's value" clears it again.
    const urgentHelp = admin.locator('#help-unit-urgent');
    expect(await urgentHelp.textContent()).toBe('Tomt: installationens værdi bruges (24 timer).');
    await admin.locator('#unit-deadline-urgent').fill('12');
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    const overridesOf = async () => ((await (await admin.request.get(`${cases.base}/api/units/${onk.id}/settings`)).json()) as { overrides: { deadlines?: Record<string, string>; site?: unknown } }).overrides;
    await expect.poll(async () => (await overridesOf()).deadlines).toEqual({ urgent: 'PT12H' });
    expect(await urgentHelp.textContent()).toBe('Enhedens egen værdi. Tøm feltet for at bruge installationens.');
    await admin.getByRole('button', { name: 'Haster: se i dag: brug installationens værdi' }).click();
    expect(await admin.locator('#unit-deadline-urgent').inputValue()).toBe('');
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(async () => (await overridesOf()).deadlines?.urgent).toBeUndefined();
    await urgentHelp.filter({ hasText: 'Tomt: installationens værdi bruges (24 timer).' }).waitFor();
    expect((await overridesOf()).site).toEqual({ phone: '70 20 20 20' });
    for (const size of [TABLET, WIDE]) {
      await admin.setViewportSize(size);
      expect(await seriousAxeViolations(admin)).toEqual([]);
      expect(await admin.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    }
    await saveScreenshot(admin, 'staff-units');

    // The demo nurse joins the new ward as well.
    await admin.locator('nav').first().getByRole('link', { name: 'Brugere', exact: true }).click();
    await admin.locator('tr[data-username="nurse"]').getByRole('button', { name: 'Navn og titel' }).click();
    await admin.getByRole('group', { name: 'Enheder for nurse' }).getByRole('checkbox', { name: 'Onkologisk afdeling (ONK)' }).check();
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    await admin.locator('tr[data-username="nurse"]', { hasText: 'STD, ONK' }).or(admin.locator('tr[data-username="nurse"]', { hasText: 'ONK, STD' })).waitFor();

    // Her new patient: both her units are ticked; she leaves only the new ward.
    const nurse = await cases.login('nurse', 'da');
    await nurse.locator('nav').first().getByRole('link', { name: 'Patienter og invitationer', exact: true }).click();
    const choice = nurse.getByRole('group', { name: 'Enheder, der behandler patienten' });
    // Ticked once her units have loaded.
    await expect.poll(() => choice.getByRole('checkbox', { checked: true }).count()).toBe(2);
    await choice.getByRole('checkbox', { name: /^Afdeling/ }).uncheck();
    await nurse.locator('#new-external-id').fill('E2E-2401');
    await nurse.locator('#new-name').fill('Ulla Enhed');
    await nurse.getByRole('button', { name: 'Opret patient' }).click();
    await expect.poll(async () => {
      const found = (await (await nurse.request.get(`${cases.base}/api/patients?query=E2E-2401`)).json()) as { unitIds: string[] }[];
      return found[0]?.unitIds;
    }).toEqual([onk.id]);
    // The link form asks for no unit: she shares one with the patient.
    await nurse.getByRole('heading', { level: 2, name: /Ulla Enhed/ }).waitFor();
    expect(await nurse.locator('#invite-unit').count()).toBe(0);
    expect(await seriousAxeViolations(nurse)).toEqual([]);

    // Her blank paper form for Ulla gives the ward's own phone, not the site's (the unit of the patient she shares).
    const ulla = ((await (await nurse.request.get(`${cases.base}/api/patients?query=E2E-2401`)).json()) as { id: string }[])[0]!;
    await nurse.goto(`${cases.base}/patients/${ulla.id}/print/palliative-needs`);
    await nurse.getByText(/70 20 20 20/).first().waitFor();
    expect(await nurse.locator('#blank-form-unit').count()).toBe(0);
  });
});

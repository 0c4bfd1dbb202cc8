/**
 * Issue 24, breaking the glass from the staff app, in real Chromium against the demo data (Danish):
 * a nurse of another unit cannot find the demo's Karen Jensen; her new-patient form with Karen's
 * external id answers that the patient exists and offers the emergency access form with the id
 * filled in; with a reason it opens Karen's page, whose banner says until when and why, and her
 * answers show. Axe clean and no sideways scroll on a tablet; the screenshot is saved.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import { insertUnit } from '../../server/storage/units.js';
import { PASSWORD, TEST_PASSWORD_HASHING } from '../server/helpers.js';
import { failedLoad, saveScreenshot, seriousAxeViolations, TABLET } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';
import { staffContextOptions } from './staff-fixture.js';

describe('emergency access in the staff app (issue 24)', { timeout: 120_000 }, () => {
  const cases = staffBrowserCases();

  /** A nurse of a new oncology ward only (the demo's patients are in the default ward), signed in on a tablet. */
  async function nurseOfAnotherUnit(): Promise<Page> {
    const { db } = cases.app.server;
    const ctx = createServiceContext({ db, questionnaires: await loadQuestionnaires(), settings: { passwordHashing: TEST_PASSWORD_HASHING } });
    await insertUnit(db, { id: 'unit-onk', name: 'Onkologisk afdeling', code: 'ONK', kind: 'ward', created_at: new Date().toISOString() });
    await createStaffUser(ctx, null, { username: 'nurse-onk', password: PASSWORD, role: 'nurse', unitIds: ['unit-onk'] });
    const page = await (await cases.newContext({ ...staffContextOptions('da'), viewport: TABLET })).newPage();
    cases.allow(page, /status of 401 .*\/api\/auth\/me\)$/);
    await page.goto(`${cases.base}/`);
    await page.locator('#username').fill('nurse-onk');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('nav').first().waitFor();
    return page;
  }

  it('opens a patient of another unit by external id and reason from the new-patient form, with a banner while it lasts', async () => {
    const nurse = await nurseOfAnotherUnit();
    await nurse.locator('nav').first().getByRole('link', { name: 'Patienter og invitationer', exact: true }).click();
    await nurse.getByRole('heading', { level: 2, name: 'Nødadgang' }).waitFor();
    // How long it lasts, from the site's setting (4 hours by default).
    await nurse.getByText('Adgangen varer 4 timer.').waitFor();
    // Her search does not find Karen.
    await nurse.locator('#patient-query').fill('DEMO-1001');
    await nurse.getByRole('button', { name: 'Søg', exact: true }).click();
    await nurse.getByText('Ingen patient fundet.').waitFor();
    expect(await nurse.locator('.patient-list').count()).toBe(0);

    // A new patient with Karen's id: she exists, and emergency access is offered with the id filled in.
    cases.allow(nurse, failedLoad(409));
    await nurse.locator('#new-external-id').fill('DEMO-1001');
    await nurse.locator('#new-name').fill('Karen J.');
    await nurse.getByRole('button', { name: 'Opret patient' }).click();
    await nurse.getByRole('alert').filter({ hasText: 'Der findes allerede en patient med dette id.' }).waitFor();
    await nurse.getByRole('button', { name: 'Nødadgang til dette id' }).click();
    await expect.poll(() => nurse.locator('#emergency-external-id').inputValue()).toBe('DEMO-1001');
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.id)).toBe('emergency-reason');
    expect(await seriousAxeViolations(nurse)).toEqual([]);
    await saveScreenshot(nurse, 'staff-emergency-access-form');

    // Without a reason (blanks only: the browser's own check stops an empty one) nothing is opened, and the field says why.
    await nurse.locator('#emergency-reason').fill('   ');
    await nurse.getByRole('button', { name: 'Åbn med nødadgang' }).click();
    await nurse.locator('#problem-emergency-reason', { hasText: 'Skriv, hvorfor du har brug for patientens journal nu.' }).waitFor();
    expect(await nurse.locator('#emergency-reason').getAttribute('aria-invalid')).toBe('true');

    await nurse.locator('#emergency-reason').fill('Indlagt akut på ONK om natten med smerter');
    await nurse.getByRole('button', { name: 'Åbn med nødadgang' }).click();
    await nurse.getByRole('heading', { level: 1, name: 'Karen Jensen' }).waitFor();
    const banner = nurse.locator('.emergency-banner');
    await expect.poll(() => banner.textContent()).toMatch(/^Nødadgang til kl\. \d\d[.:]\d\d — begrundelse: Indlagt akut på ONK om natten med smerter$/);
    // Her answers (three in the demo).
    await expect.poll(() => nurse.locator('table.patient-responses tbody tr').count()).toBe(3);
    expect(await seriousAxeViolations(nurse)).toEqual([]);
    expect(await nurse.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await saveScreenshot(nurse, 'staff-emergency-access');
    // Reading only: nothing can be made for her here (it would belong to no unit caring for her) until ONK takes her in.
    expect(await nurse.locator('#invite-form-title, .answer-actions').count()).toBe(0);
    expect(await nurse.getByRole('button', { name: 'Opret invitation' }).count()).toBe(0);
    await nurse.getByRole('button', { name: /^Tilknyt patienten Onkologisk afdeling/ }).click();
    await expect.poll(() => nurse.locator('.emergency-banner').count()).toBe(0);
    await nurse.getByRole('button', { name: 'Opret invitation' }).waitFor();
    expect(await seriousAxeViolations(nurse)).toEqual([]);

    // The demo nurse of Karen's own ward sees no banner.
    const own = await cases.login('nurse', 'da');
    const found = (await (await own.request.get(`${cases.base}/api/patients?query=DEMO-1001`)).json()) as { id: string }[];
    await own.goto(`${cases.base}/patients/${found[0]!.id}`);
    await own.getByRole('heading', { level: 1, name: 'Karen Jensen' }).waitFor();
    await own.locator('table.patient-responses').waitFor();
    expect(await own.locator('.emergency-banner').count()).toBe(0);
  });
});

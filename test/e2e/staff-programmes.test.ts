/**
 * Programmes (issue 25) in a real browser, in Danish: a nurse enrols a patient from the patient
 * page and sees the next due date; an admin's programmes in Settings; adherence per programme and
 * month on the Indicators screen; axe on each page.
 */
import { describe, expect, it } from 'vitest';
import { saveScreenshot, seriousAxeViolations } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';

describe('programmes on the patient page (issue 25)', { timeout: 60_000 }, () => {
  const cases = staffBrowserCases();

  it('a nurse enrols a patient in rehabilitation from a start date and sees the next due date', async () => {
    const nurse = await cases.login('nurse', 'da');
    const created = await nurse.request.post(`${cases.base}/api/patients`, { data: { externalId: 'PROG-1', name: 'Inger Holm' } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };

    await nurse.goto(`${cases.base}/patients/${id}`);
    const panel = nurse.locator('section[aria-labelledby="enrolments-title"]');
    await panel.getByText('Patienten er ikke i noget forløbsprogram.').waitFor();
    await panel.getByLabel('Forløbsprogram', { exact: true }).selectOption({ label: 'Rehabilitering: start, 3, 6 og 12 måneder' });
    // A start a year ahead: nothing is due yet, the first questionnaire is due on the start date.
    const start = `${new Date().getFullYear() + 1}-01-15`;
    await panel.getByLabel('Startdato').fill(start);
    await panel.getByRole('button', { name: 'Tilmeld' }).click();

    const next = panel.getByTestId('next-due');
    await next.waitFor();
    const expected = await nurse.evaluate((date) => new Date(`${date}T12:00:00`).toLocaleDateString('da-DK', { day: 'numeric', month: 'short', year: 'numeric' }), start);
    expect(await next.textContent()).toBe(`Næste spørgeskema: ${expected}`);
    expect(await panel.locator('.enrolment h3').textContent()).toBe('Rehabilitering: start, 3, 6 og 12 måneder');
    expect(await panel.locator('.enrolment').textContent()).toContain('Aktiv');
    expect(await seriousAxeViolations(nurse)).toEqual([]);
    await saveScreenshot(nurse, 'staff-patient-programmes');

    // Paused with a reason: no next date, the status says so.
    await panel.getByLabel('Årsag').selectOption({ label: 'Indlagt' });
    await panel.getByRole('button', { name: 'Sæt på pause' }).click();
    await expect.poll(() => panel.locator('.enrolment').textContent()).toContain('På pause · Indlagt');
    expect(await next.count()).toBe(0);
  });

  it('a nurse sees adherence per programme and month on the quality indicators, in a table per programme', async () => {
    const nurse = await cases.login('nurse', 'da');
    const created = await nurse.request.post(`${cases.base}/api/patients`, { data: { externalId: 'PROG-2', name: 'Holger Dahl' } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Started today: the first questionnaire is due at 00:00 today and made at once (open, so not counted yet).
    const today = await nurse.evaluate(() => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' }));
    const enrolled = await nurse.request.post(`${cases.base}/api/patients/${id}/enrolments`, { data: { programmeId: 'palliative-follow-up', startDate: today } });
    expect(enrolled.status(), await enrolled.text()).toBe(201);

    await nurse.goto(`${cases.base}/indicators`);
    const months = nurse.locator('.adherence-months[data-programme="palliative-follow-up"]');
    await months.waitFor();
    expect(await months.locator('caption').textContent()).toBe('Palliativ opfølgning hver 14. dag pr. måned');
    // The demo's Birgit has been in it for five weeks (one or two months); this month's row is the last.
    const rows = months.locator('tbody tr');
    const month = await nurse.evaluate((date) => new Date(`${date}T12:00:00`).toLocaleDateString('da-DK', { month: 'short', year: '2-digit' }), today);
    expect(await rows.last().locator('th').textContent()).toBe(month);
    expect(await rows.last().locator('td').count()).toBe(3);
    // The months add up to the programme's figures in the table above.
    const total = await nurse.locator('[data-indicator="adherence"] > table tbody tr', { hasText: 'Palliativ opfølgning hver 14. dag' }).locator('td').allTextContents();
    const perMonth = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => Number(td.textContent))));
    expect([perMonth.reduce((n, [due]) => n + due!, 0), perMonth.reduce((n, [, answered]) => n + answered!, 0)].map(String)).toEqual(total.slice(1, 3));
    expect(await seriousAxeViolations(nurse)).toEqual([]);
    await nurse.setViewportSize({ width: 768, height: 1024 }); // a tablet, upright
    await saveScreenshot(nurse, 'staff-indicators-adherence');
  });

  it('an admin sees the shipped programmes in Settings and adds one, the schedule checked at its field', async () => {
    const admin = await cases.login('admin', 'da');
    await admin.goto(`${cases.base}/settings`);
    const panel = admin.locator('section[aria-labelledby="programmes-title"]');
    await panel.locator('tbody tr', { hasText: 'Palliativ opfølgning hver 14. dag' }).waitFor();
    expect(await panel.locator('tbody tr', { hasText: 'Rehabilitering' }).textContent()).toContain('3 måneder');
    await panel.getByRole('button', { name: 'Nyt forløbsprogram' }).click();
    await panel.getByLabel('Navn på dansk').fill('Efter operation');
    await panel.getByLabel('Navn på engelsk').fill('After surgery');
    await panel.getByLabel('Gentag hver').fill('hver uge');
    await panel.getByRole('button', { name: 'Gem' }).click();
    await panel.locator('#programme-every-problem').waitFor();
    expect(await panel.getByLabel('Gentag hver').getAttribute('aria-invalid')).toBe('true');
    await panel.getByLabel('Gentag hver').fill('P1W');
    await panel.getByRole('button', { name: 'Gem' }).click();
    await panel.locator('tbody tr', { hasText: 'Efter operation' }).waitFor();
    expect(await panel.locator('tbody tr', { hasText: 'Efter operation' }).textContent()).toContain('hver uge');
    expect(await seriousAxeViolations(admin)).toEqual([]);
    await saveScreenshot(admin, 'staff-settings-programmes');
  });
});

/**
 * Issue 23 in a real browser, in Danish: urgency reaches the palliative team's card (the "Haster"
 * marker, the urgent reasons, urgent referrals first), and the call list shows the number as a
 * `tel:` link, records a call's outcome and shows it on the patient page. Axe on each screen.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot, seriousAxeViolations } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';

describe('the palliative team and the call list (issue 23)', { timeout: 60_000 }, () => {
  const cases = staffBrowserCases();

  /** Refers the patient's open flag through the API, with the letter the nurse would send. */
  async function refer(nurse: Page, patientName: string): Promise<void> {
    const { items } = (await (await nurse.request.get(`${cases.base}/api/flags?limit=200`)).json()) as { items: { id: string; patient: { name: string } }[] };
    const flag = items.find((f) => f.patient.name === patientName);
    if (!flag) throw new Error(`${patientName} is not on the worklist`);
    expect((await nurse.request.get(`${cases.base}/api/flags/${flag.id}`)).status()).toBe(200);
    const res = await nurse.request.post(`${cases.base}/api/flags/${flag.id}/decision`, { data: { action: 'refer', note: '', referralText: `Henvisning vedrørende ${patientName}.` } });
    expect(res.status(), await res.text()).toBe(200);
  }

  it("shows the team an urgent referral first, with the 'Haster' marker and the urgent reasons", async () => {
    await refer(await cases.login('nurse', 'da'), 'Lars Mikkelsen');
    const team = await cases.login('team', 'da');
    await team.waitForURL(/\/referrals$/);
    const lars = team.locator('li.referral', { hasText: 'Lars Mikkelsen' });
    await lars.waitFor();
    expect(await lars.locator('.referral-urgent-tag').textContent()).toContain('Haster: se i dag');
    expect(await lars.locator('.referral-urgent li').first().textContent()).toMatch(/Meget/);
    // For the team: no "vurdér i dag" meant for the nurse, and not the rule listing every contact choice.
    expect(await lars.textContent()).not.toMatch(/vurdér i dag|egen læge eller det palliative team/i);
    expect(await lars.locator('.referral-contact').textContent()).toBe('Ønsker at blive kontaktet: Ja, en sygeplejerske');
    // Urgent before the demo's referral that has waited four days (Ole Hansen, not urgent).
    expect(await team.locator('li.referral h2').first().textContent()).toContain('Lars Mikkelsen');
    expect(await team.locator('li.referral', { hasText: 'Ole Hansen' }).locator('.referral-urgent').count()).toBe(0);
    expect(await lars.locator('h3').first().textContent()).toBe('Henvisning: Palliativt team (specialiseret palliativ indsats)');
    expect(await seriousAxeViolations(team)).toEqual([]);
    await saveScreenshot(team, 'staff-referrals-urgent');
  });

  it('lists the non-responder with a tel: link, records "Ringet: ingen svar" and shows it on the patient page', async () => {
    const nurse = await cases.login('nurse', 'da');
    const [peter] = (await (await nurse.request.get(`${cases.base}/api/patients?query=DEMO-1007`)).json()) as { id: string }[];
    expect((await nurse.request.patch(`${cases.base}/api/patients/${peter!.id}`, { data: { mobile: '+45 20 30 40 50' } })).status()).toBe(200);

    await nurse.goto(`${cases.base}/invitations`);
    const row = nurse.locator('table.invitations tbody tr', { hasText: 'Peter Sørensen' });
    await row.waitFor();
    expect(await row.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+4520304050');
    expect(await row.textContent()).toContain('Ring til patienten');
    expect(await seriousAxeViolations(nurse)).toEqual([]);

    await row.getByRole('button', { name: 'Ringet: ingen svar' }).click();
    await expect.poll(() => row.locator('.call-history').textContent()).toContain('Ringet: ingen svar');
    expect(await row.locator('.call-history').textContent()).toContain('nurse');
    await saveScreenshot(nurse, 'staff-call-list');

    await row.getByRole('link', { name: 'Peter Sørensen', exact: true }).click();
    await nurse.waitForURL(/\/patients\//);
    await expect.poll(() => nurse.locator('.patient-invitations .call-history').textContent()).toContain('Ringet: ingen svar');
    expect(await seriousAxeViolations(nurse)).toEqual([]);
  });

  it('tells the admin on the Settings page that reminders are not set up, and lets her name the services referrals go to', async () => {
    const admin = await cases.login('admin', 'da');
    await admin.goto(`${cases.base}/settings`);
    await admin.getByText('Påmindelser: ikke sat op', { exact: false }).waitFor();
    const name = admin.getByLabel('Rehabilitering: navn på dansk');
    expect(await name.inputValue()).toBe('Hospitalets rehabilitering (specialiseret rehabilitering)');
    await name.fill('Genoptræning, Vejle Sygehus');
    await admin.getByRole('button', { name: 'Gem' }).click();
    await expect.poll(async () => ((await (await admin.request.get(`${cases.base}/api/settings`)).json()) as { referralServices: { rehabilitation: { name: { da: string } } } }).referralServices.rehabilitation.name.da).toBe('Genoptræning, Vejle Sygehus');
    expect(await seriousAxeViolations(admin)).toEqual([]);
  });
});

/**
 * The staff app on a ward tablet (820 x 1180, portrait) and with a screen reader (issue 15), in
 * real Chromium against the real server and the demo data: no sideways scrolling and axe clean on
 * every screen at both sizes, 44 px touch targets at tablet width, the nurse's and the team's flows
 * at both sizes with their confirmations (role=status) and errors (role=alert), a document title
 * per screen in both languages with focus on the new screen's h1, and server errors in Danish.
 * Each case starts from its own copy of the demo data, so any case runs alone.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_DIR, failedLoad, saveScreenshot, seriousAxeViolations, TABLET } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';
import { WIDE } from './staff-fixture.js';

const SIZES = [
  { name: 'tablet portrait', viewport: TABLET },
  { name: 'desktop', viewport: WIDE },
] as const;

/** Problems on the page as it is now: sideways scrolling, serious axe findings, and (at tablet width) targets under 44 px. */
async function screenProblems(page: Page, label: string, { targets }: { targets: boolean }): Promise<string[]> {
  const problems: string[] = [];
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  if (scrollWidth > clientWidth) problems.push(`${label}: scrolls sideways (${scrollWidth} > ${clientWidth})`);
  for (const v of await seriousAxeViolations(page)) problems.push(`${label}: axe ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (targets) for (const small of await smallTargets(page)) problems.push(`${label}: target under 44 px: ${small}`);
  return problems;
}

/**
 * Every visible button, form control and standalone link smaller than 44 x 44 px. A radio button
 * is hit through its label (SurveyJS's choices too); a link inside running text (a text node beside
 * it) and a disabled or read-only control (a read-only form's choices) are excepted.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const describe = (el: Element, r: DOMRect): string => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`;
    const inRunningText = (a: Element): boolean => [...(a.parentNode?.childNodes ?? [])].some((n) => n !== a && n.nodeType === Node.TEXT_NODE && /[\p{L}\p{N}]/u.test(n.textContent ?? ''));
    for (const el of document.querySelectorAll('button, input, select, textarea, a[href], summary')) {
      if (el.closest('.skip-link') || el.matches('.skip-link')) continue;
      if (el.tagName === 'A' && inRunningText(el)) continue;
      // A disabled control, or a read-only form's choices, is not a target.
      if (el.matches(':disabled, input[type="radio"][readonly], input[type="checkbox"][readonly]')) continue;
      const target = el.matches('input[type="radio"], input[type="checkbox"]') ? (el.closest('label') ?? el) : el;
      const r = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      // Not shown (display none, a closed <details>, the visually-hidden 1 px pattern).
      if (r.width <= 1 || r.height <= 1 || style.visibility === 'hidden') continue;
      if (r.width < 43.5 || r.height < 43.5) out.push(describe(target, r));
    }
    return out;
  });
}

describe('staff app on a tablet and with a screen reader', { timeout: 90_000 }, () => {
  const cases = staffBrowserCases();
  const login = cases.login;

  async function flagIdOf(page: Page, patientName: string): Promise<string> {
    const { items } = (await (await page.request.get(`${cases.base}/api/flags`)).json()) as { items: { id: string; patient: { name: string } }[] };
    const flag = items.find((f) => f.patient.name === patientName);
    if (!flag) throw new Error(`${patientName} is not on the worklist`);
    return flag.id;
  }

  /** Karen's flag referred to the team through the API. */
  async function referKaren(nurse: Page): Promise<string> {
    const id = await flagIdOf(nurse, 'Karen Jensen');
    expect((await nurse.request.get(`${cases.base}/api/flags/${id}`)).status()).toBe(200);
    const res = await nurse.request.post(`${cases.base}/api/flags/${id}/decision`, { data: { action: 'refer', note: 'Referred after phone call.', referralText: 'Called Karen today: pain at night.' } });
    expect(res.status(), await res.text()).toBe(200);
    return id;
  }

  /** Goes to a screen by its menu link (an in-app navigation) and waits for its h1. */
  async function open(page: Page, linkName: string, heading: string): Promise<void> {
    await page.locator('nav').first().getByRole('link', { name: linkName, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  /** Checks the page at both sizes; targets at tablet width only. */
  async function checkBothSizes(page: Page, label: string, problems: string[]): Promise<void> {
    for (const { name, viewport } of SIZES) {
      await page.setViewportSize(viewport);
      problems.push(...(await screenProblems(page, `${label} (${name})`, { targets: viewport === TABLET })));
    }
  }

  it("fits every nurse screen at both sizes: no sideways scrolling, 44 px targets on the tablet, axe clean", async () => {
    const nurse = await login('nurse');
    const problems: string[] = [];
    await nurse.locator('table.worklist tr.patient-row').first().waitFor();
    await checkBothSizes(nurse, 'worklist', problems);
    await open(nurse, 'Overview', 'Overview');
    await nurse.locator('.overview-figures dd').first().waitFor();
    await checkBothSizes(nurse, 'overview', problems);
    await nurse.goto(`${cases.base}/flags/${await flagIdOf(nurse, 'Karen Jensen')}`);
    await nurse.locator('.chart canvas').first().waitFor();
    await nurse.getByLabel('Handle at the basic level (plan)').check();
    await checkBothSizes(nurse, 'response', problems);
    await open(nurse, 'Patients and invitations', 'Patients and invitations');
    await nurse.locator('.patient-list li').first().getByRole('button').click();
    await nurse.locator('#invite-questionnaire option').first().waitFor({ state: 'attached' });
    await nurse.getByRole('button', { name: 'Create invitation' }).click();
    await nurse.locator('.qr img').waitFor();
    await checkBothSizes(nurse, 'patients', problems);
    await open(nurse, 'Invitations', 'Invitations');
    await nurse.locator('table.invitations tbody tr').first().waitFor();
    await checkBothSizes(nurse, 'invitations', problems);
    expect(problems).toEqual([]);
  });

  it('fits the team queue (every tab) and the admin screens at both sizes', async () => {
    await referKaren(await login('nurse'));
    const team = await login('team');
    const problems: string[] = [];
    await team.locator('li.referral').first().waitFor();
    await checkBothSizes(team, 'referrals pending', problems);
    for (const tab of ['Accepted', 'Returned']) {
      await team.getByRole('button', { name: tab, exact: true }).click();
      await team.locator('li.referral, .empty').first().waitFor();
      await checkBothSizes(team, `referrals ${tab}`, problems);
    }
    await team.getByRole('button', { name: 'Pending', exact: true }).click();
    await team.locator('li.referral', { hasText: 'Karen Jensen' }).getByRole('link', { name: 'Open the full response' }).click();
    await team.getByRole('heading', { level: 1, name: 'Response from Karen Jensen' }).waitFor();
    await checkBothSizes(team, 'response (team)', problems);

    const admin = await login('admin');
    await open(admin, 'Users', 'Staff users');
    await admin.locator('tr[data-username="nurse"]').waitFor();
    await checkBothSizes(admin, 'users', problems);
    await open(admin, 'Audit log', 'Audit log');
    await admin.locator('table.audit-log tbody tr').first().waitFor();
    await checkBothSizes(admin, 'audit log', problems);
    await open(admin, 'Settings', 'Settings');
    await admin.locator('#setting-urgent').waitFor();
    await checkBothSizes(admin, 'settings', problems);
    await open(admin, 'Overview', 'Overview');
    await admin.locator('.overview-figures').first().waitFor();
    await checkBothSizes(admin, 'overview', problems);
    await open(admin, 'Quality indicators', 'Quality indicators');
    await admin.locator('#fhir-title').waitFor();
    await checkBothSizes(admin, 'indicators with FHIR', problems);
    expect(problems).toEqual([]);
  });

  it("fits the patient's page, the paper form, the blank and read-only forms and the indicators at both sizes, titled in both languages", async () => {
    const nurse = await login('nurse');
    const problems: string[] = [];
    /** The document title in English, then in Danish (switched and back: the screen stays). */
    const titles: string[] = [];
    const recordTitles = async (): Promise<void> => {
      titles.push(await nurse.title());
      await nurse.getByRole('button', { name: 'Skift til dansk' }).click();
      titles.push(await nurse.title());
      await nurse.getByRole('button', { name: 'Switch to English' }).click();
    };
    const karen = (await (await nurse.request.get(`${cases.base}/api/patients?query=DEMO-1001`)).json())[0] as { id: string };

    await nurse.goto(`${cases.base}/patients/${karen.id}`);
    await nurse.getByRole('heading', { level: 1, name: 'Karen Jensen' }).waitFor();
    await nurse.locator('table.patient-responses tbody tr').first().waitFor();
    await nurse.locator('.patient-invitations li, #open-invitations-title ~ .empty').first().waitFor();
    await checkBothSizes(nurse, 'patient', problems);
    await recordTitles();

    await nurse.getByRole('link', { name: 'Enter a paper form' }).click();
    await nurse.locator('.sd-question').first().waitFor();
    await nurse.getByLabel('A relative, for the patient').check();
    await checkBothSizes(nurse, 'paper form', problems);
    await recordTitles();

    // In-app from here on: back to the patient's page, and each form from there.
    await nurse.getByRole('link', { name: '← Karen Jensen' }).click();
    await nurse.getByRole('link', { name: 'Print a blank form' }).click();
    await nurse.locator('.sd-question').first().waitFor();
    await checkBothSizes(nurse, 'blank form', problems);
    await recordTitles();

    await nurse.getByRole('link', { name: '← Karen Jensen' }).click();
    await nurse.getByRole('link', { name: 'Show the questionnaire' }).first().click();
    await nurse.locator('.sd-item--checked').first().waitFor();
    await checkBothSizes(nurse, 'response form', problems);
    await recordTitles();

    await open(nurse, 'Quality indicators', 'Quality indicators');
    await nurse.locator('.indicator-value').first().waitFor();
    await checkBothSizes(nurse, 'indicators', problems);
    await recordTitles();

    expect(problems).toEqual([]);
    expect(titles).toEqual([
      'Patient – Lindring', 'Patient – Lindring',
      'Enter a paper form – Lindring', 'Indtast papirskema – Lindring',
      'Blank form – Lindring', 'Tomt skema – Lindring',
      'The questionnaire as answered – Lindring', 'Skemaet som besvaret – Lindring',
      'Quality indicators – Lindring', 'Kvalitetsindikatorer – Lindring',
    ]);
  });

  it('keeps one place to decide on the response page (issue 23): take at the top on the tablet, closing is the decision\'s second step, a closed page offers only reopen', async () => {
    const nurse = await login('nurse', 'da', TABLET);
    const id = await flagIdOf(nurse, 'Karen Jensen');
    await nurse.goto(`${cases.base}/flags/${id}`);
    await nurse.getByRole('heading', { level: 1, name: 'Besvarelse fra Karen Jensen' }).waitFor();
    await nurse.locator('.chart canvas').first().waitFor();
    // "Jeg tager den" is on the first screen of the tablet, not thousands of pixels down.
    const take = nurse.getByRole('button', { name: 'Jeg tager den', exact: true });
    const box = (await take.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(TABLET.height);
    // So is the way to the decision form (which sits after the answers on the tablet): "Beslut" on the first screen,
    // and it brings the form's choices onto the screen.
    await nurse.screenshot({ path: path.join(ARTIFACT_DIR, 'staff-response-tablet-first-screen.png') });
    const decide = nurse.getByRole('button', { name: 'Beslut', exact: true });
    const decideBox = (await decide.boundingBox())!;
    expect(decideBox.y + decideBox.height).toBeLessThan(TABLET.height);
    expect(await nurse.evaluate(() => window.scrollY)).toBe(0);
    await decide.click();
    await expect.poll(async () => (await nurse.locator('input[name="action"]').first().boundingBox())!.y).toBeLessThan(TABLET.height);
    await nurse.evaluate(() => window.scrollTo(0, 0));
    expect(await nurse.getByRole('button', { name: 'Frigiv' }).count()).toBe(0);
    expect(await nurse.getByText('Luk med et udfald').count()).toBe(0);
    // One decision control: one set of choices, the close is its fourth, and no "referred" to close with.
    expect(await nurse.locator('input[name="action"]').count()).toBe(4);
    expect(await nurse.locator('select#close-outcome').count()).toBe(0);
    await saveScreenshot(nurse, 'staff-response-tablet');
    const problems: string[] = [];
    // The issue's sizes: the tablet and a 1366 x 900 laptop (beside the suite's wide desktop).
    const checkLaptopToo = async (label: string): Promise<void> => {
      await checkBothSizes(nurse, label, problems);
      await nurse.setViewportSize({ width: 1366, height: 900 });
      problems.push(...(await screenProblems(nurse, `${label} (1366 x 900)`, { targets: false })));
    };
    await checkLaptopToo('response (open)');

    await nurse.setViewportSize(TABLET);
    await take.click();
    await expect.poll(() => nurse.locator('.flag-ownership').textContent()).toContain('Ejer: dig');
    expect(await nurse.locator('.flag-ownership').textContent()).toMatch(/Taget \d+\. [a-zæøå]+\.?( \d{4})? kl\. \d{2}\.\d{2}/);
    expect(await nurse.getByRole('button', { name: 'Frigiv' }).count()).toBe(1);

    await nurse.getByLabel('Luk uden plan (fx ringet op eller set)').check();
    const outcomes = await nurse.locator('#close-outcome option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(outcomes).toEqual(['', 'contacted_phone', 'seen', 'patient_declined', 'patient_died']);
    await nurse.getByRole('button', { name: 'Gem beslutning' }).click();
    await expect.poll(() => nurse.getByRole('alert').allTextContents()).toContain('Vælg hvordan besvarelsen blev afsluttet.');
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.id)).toBe('close-outcome');
    await nurse.locator('#close-outcome').selectOption('contacted_phone');
    await nurse.locator('#decision-note').fill('Talt med Karen: smerteplan aftalt med egen læge.');
    await nurse.getByRole('button', { name: 'Gem beslutning' }).click();

    // Closed: the badge and the page say so; the only action left is reopen.
    await nurse.getByRole('heading', { name: 'Besvarelsen er lukket' }).waitFor();
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.id)).toBe('closed-title');
    expect(await nurse.locator('.detail-level .status').textContent()).toBe('Lukket: kontaktet telefonisk');
    expect(await nurse.locator('.panel-closed').textContent()).toContain('Talt med Karen');
    expect(await nurse.locator('input[name="action"]').count()).toBe(0);
    expect(await nurse.getByRole('button', { name: 'Beslut', exact: true }).count()).toBe(0);
    expect(await nurse.getByRole('button', { name: 'Jeg tager den' }).count()).toBe(0);
    expect(await nurse.locator('#assign-to').count()).toBe(0);
    expect(await nurse.locator('main button, main select').evaluateAll((els) => els.filter((e) => !e.closest('.no-print.toolbar')).map((e) => e.textContent))).toEqual(['Genåbn']);
    await saveScreenshot(nurse, 'staff-response-closed-tablet');
    await checkLaptopToo('response (closed)');
    expect(problems).toEqual([]);

    // Reopened: the decision is offered again.
    await nurse.setViewportSize(TABLET);
    await nurse.locator('#reopen-reason').fill('Karen ringede igen: smerterne er værre.');
    await nurse.getByRole('button', { name: 'Genåbn' }).click();
    await expect.poll(() => nurse.locator('input[name="action"]').count()).toBe(4);
    expect(await nurse.locator('.detail-level .status').textContent()).toBe('Åben');
  });

  for (const { name, viewport } of SIZES) {
    it(`runs the nurse flow at ${name}: cards with everything, the Decide button, errors announced with focus, "Decision saved." announced`, async () => {
      const nurse = await login('nurse', 'en', viewport);
      const karen = nurse.locator('table.worklist tr.patient-row', { hasText: 'Karen Jensen' });
      await karen.waitFor();
      // Level, urgency, patient, tags, time waiting and owner, all on screen.
      for (const part of ['.badge', '.urgent-tag', '.patient-link', '.tag', '.cell-since', '.cell-owner', 'button.expand']) {
        expect(await karen.locator(part).first().isVisible(), part).toBe(true);
        const box = (await karen.locator(part).first().boundingBox())!;
        expect(box.x + box.width, part).toBeLessThanOrEqual(viewport.width);
      }
      expect(await karen.locator('.cell-since').textContent()).toMatch(/days? ago|today/);
      const poul = nurse.locator('table.worklist tr.patient-row', { hasText: 'Poul Andersen' });
      expect(await poul.locator('.tag-returned').textContent()).toBe('Returned by the team');
      await poul.locator('button.expand').click();
      await nurse.locator(`#${await poul.locator('button.expand').getAttribute('aria-controls')} .return-reason`).waitFor();
      expect(await nurse.getByRole('columnheader', { name: 'Waiting' }).count()).toBe(1);

      await karen.locator('.patient-link').click();
      await nurse.getByRole('heading', { level: 1, name: 'Response from Karen Jensen' }).waitFor();
      // On the tablet the decision sits below everything: a sticky button takes the nurse there.
      const decide = nurse.getByRole('button', { name: 'Decide', exact: true });
      if (viewport === TABLET) {
        await nurse.locator('.chart canvas').first().waitFor();
        await nurse.mouse.wheel(0, 1500);
        expect(await decide.isVisible()).toBe(true);
        await decide.click();
        await expect.poll(() => nurse.evaluate(() => document.activeElement?.id)).toBe('decision-title');
        await expect.poll(async () => (await nurse.locator('#decision-title').boundingBox())!.y).toBeLessThan(TABLET.height);
        expect(((await nurse.locator('label.choice').first().boundingBox())!.height)).toBeGreaterThanOrEqual(44);
      } else {
        expect(await decide.isVisible()).toBe(false);
      }

      // A refused save: the problem is announced and focus is on the field to fix.
      await nurse.getByLabel('Handle at the basic level (plan)').check();
      await nurse.locator('#responsible').fill('Home nurse Lise Holm');
      await nurse.getByRole('button', { name: 'Save decision' }).click();
      await expect.poll(() => nurse.getByRole('alert').allTextContents()).toContain('Write the plan.');
      await expect.poll(() => nurse.evaluate(() => document.activeElement?.id)).toBe('decision-note');

      await nurse.locator('#decision-note').fill('GP adjusts pain medication on Monday.');
      await nurse.getByRole('button', { name: 'Save decision' }).click();
      await expect.poll(() => nurse.locator('.announcer [role="status"]').textContent()).toBe('Decision saved.');
      expect(await nurse.locator('.announcer').isVisible()).toBe(true);
      await expect.poll(() => nurse.evaluate(() => document.activeElement?.id)).toBe('decision-title');
      expect(await nurse.getByRole('link', { name: 'Individual plan (print)' }).isVisible()).toBe(true);
      expect(await screenProblems(nurse, 'after the decision', { targets: viewport === TABLET })).toEqual([]);
    });

    it(`runs the team flow at ${name}: a return needs a reason (announced, focused), an accept with a note is confirmed and shown on the Accepted tab and to the nurse`, async () => {
      const nurse = await login('nurse', 'en', viewport);
      const flagId = await referKaren(nurse);
      const team = await login('team', 'en', viewport);
      const karen = team.locator('li.referral', { hasText: 'Karen Jensen' });
      await karen.waitFor();

      await karen.getByRole('button', { name: 'Return to the basic level' }).click();
      await expect.poll(() => team.getByRole('alert').allTextContents()).toContain('Write why the referral goes back to the basic level.');
      await expect.poll(() => team.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
      await expect.poll(() => team.evaluate(() => document.activeElement?.id)).toMatch(/^return-reason-/);

      await karen.getByLabel('Note (optional)').fill('We visit on Thursday.');
      await karen.getByRole('button', { name: 'Accept', exact: true }).click();
      await expect.poll(() => team.locator('.announcer [role="status"]').textContent()).toBe('The referral for Karen Jensen is accepted.');
      await expect.poll(() => team.locator('li.referral', { hasText: 'Karen Jensen' }).count()).toBe(0);
      await expect.poll(() => team.evaluate(() => document.activeElement?.tagName)).toBe('H1');

      await team.getByRole('button', { name: 'Accepted', exact: true }).click();
      const accepted = team.locator('li.referral', { hasText: 'Karen Jensen' });
      await accepted.waitFor();
      expect(await accepted.locator('.team-decision').textContent()).toMatch(/^Accepted .* by team.*The team's note: We visit on Thursday\.$/);
      expect(await accepted.getByRole('button').count()).toBe(0);
      await team.getByRole('button', { name: 'Returned', exact: true }).click();
      const poul = team.locator('li.referral', { hasText: 'Poul Andersen' });
      await poul.waitFor();
      expect(await poul.locator('.team-decision').textContent()).toContain('Reason: Needs are rehabilitation needs');
      expect(await screenProblems(team, 'returned tab', { targets: viewport === TABLET })).toEqual([]);

      await nurse.goto(`${cases.base}/flags/${flagId}`);
      await nurse.locator('.team-note').waitFor();
      expect(await nurse.locator('.team-note').textContent()).toBe("The team's note: We visit on Thursday.");
    });
  }

  it('names each screen in the document title in Danish and English, moves focus to the new h1, and keeps the poll time quiet', async () => {
    const nurse = await login('nurse', 'da', TABLET);
    await nurse.locator('table.worklist tr.patient-row').first().waitFor();
    expect(await nurse.title()).toBe('Arbejdsliste – Lindring');
    // "Opdateret 12.34" changes with every poll: not a live region, nor inside one.
    const updated = nurse.locator('.filters-refresh .muted');
    await expect.poll(() => updated.textContent()).toMatch(/^Opdateret /);
    expect(await updated.evaluate((el) => el.closest('[role="status"], [role="alert"], [role="log"], [aria-live]') === null)).toBe(true);

    await open(nurse, 'Overblik', 'Overblik');
    expect(await nurse.title()).toBe('Overblik – Lindring');
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.tagName + ':' + document.activeElement?.textContent)).toBe('H1:Overblik');
    expect(await nurse.locator('.page-head [role="status"], .page-head [aria-live]').count()).toBe(0);

    await open(nurse, 'Arbejdsliste', 'Arbejdsliste');
    await nurse.locator('table.worklist tr.patient-row', { hasText: 'Karen Jensen' }).locator('.patient-link').click();
    await nurse.getByRole('heading', { level: 1, name: 'Besvarelse fra Karen Jensen' }).waitFor();
    // The patient's name stays out of the title (the browser's history keeps titles).
    expect(await nurse.title()).toBe('Besvarelse – Lindring');
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await nurse.getByRole('columnheader').count()).toBe(0);

    await nurse.getByRole('button', { name: 'Switch to English' }).click();
    expect(await nurse.title()).toBe('Response – Lindring');
    await open(nurse, 'Invitations', 'Invitations');
    expect(await nurse.title()).toBe('Invitations – Lindring');
    await nurse.getByRole('button', { name: 'Skift til dansk' }).click();
    expect(await nurse.title()).toBe('Invitationer – Lindring');

    const context = await cases.newContext({ viewport: TABLET });
    const anonymous = await context.newPage();
    cases.allow(anonymous, failedLoad(401)); // not signed in
    await anonymous.goto(`${cases.base}/`);
    await expect.poll(() => anonymous.title()).toBe('Log ind – Lindring');
  });

  it('shows a server error in Danish from its code, never the English message, announced as an alert', async () => {
    const nurse = await login('nurse', 'da', TABLET);
    const flagId = await flagIdOf(nurse, 'Karen Jensen');
    await nurse.goto(`${cases.base}/flags/${flagId}`);
    await nurse.getByRole('heading', { level: 1, name: 'Besvarelse fra Karen Jensen' }).waitFor();
    cases.allow(nurse, failedLoad(409));
    cases.allow(nurse, failedLoad(404)); // the unknown response below
    // Another nurse decides meanwhile.
    const other = await nurse.request.post(`${cases.base}/api/flags/${flagId}/decision`, { data: { action: 'no_action', note: 'Talked by phone.' } });
    expect(other.status(), await other.text()).toBe(200);

    await nurse.getByLabel('Ingen handling').check();
    await nurse.locator('#decision-note').fill('Ingen behov lige nu.');
    await nurse.getByRole('button', { name: 'Gem beslutning' }).click();
    await expect.poll(() => nurse.getByRole('alert').allTextContents()).toContain('En anden har allerede truffet beslutning om denne besvarelse. Genindlæs siden for at se beslutningen.');
    expect((await nurse.getByRole('alert').allTextContents()).join(' ')).not.toMatch(/only open or returned|Something went wrong|Noget gik galt/);

    // An unknown page's 404 and a refused role read in Danish too.
    await nurse.goto(`${cases.base}/flags/no-such-flag`);
    await expect.poll(() => nurse.getByRole('alert').allTextContents()).toEqual(['Besvarelsen blev ikke fundet.']);
  });

  it('confirms saved settings and user changes (role=status), and sends focus to the first refused setting', async () => {
    const admin = await login('admin', 'da', TABLET);
    cases.allow(admin, failedLoad(422));
    await open(admin, 'Indstillinger', 'Indstillinger');
    await admin.locator('#setting-urgent').fill('0');
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(() => admin.getByRole('alert').allTextContents()).toContain('Indstillingerne blev ikke gemt. Se de markerede felter.');
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('setting-urgent');
    await admin.locator('#setting-urgent').fill('12');
    await admin.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(() => admin.locator('.announcer [role="status"]').textContent()).toBe('Indstillingerne er gemt.');

    await open(admin, 'Brugere', 'Brugere');
    // A role change asks first.
    admin.once('dialog', (dialog) => void dialog.accept());
    await admin.locator('tr[data-username="nurse"]').getByRole('combobox').selectOption('palliative_team');
    await expect.poll(() => admin.locator('.announcer [role="status"]').textContent()).toBe('Brugeren nurse er opdateret.');
  });
});

/**
 * The staff app in a real browser (Chromium via playwright-core) against the real server and the
 * demo data: a nurse refers the specialized patient, the palliative team returns the referral with
 * a reason, the nurse sees it back. Role limits, axe checks and screenshots on the way. Each case
 * starts from a fresh copy of the demo data and sets up what it needs (e.g. a referral through the
 * API), so any case runs alone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { failedLoad, saveScreenshot, seriousAxeViolations } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';
import { expandWorklistRow, WIDE } from './staff-fixture.js';

const RETURN_REASON = 'Pain and low mood can be handled at the basic level first: GP to adjust pain medication, home nurse to follow up in one week.';

describe('staff app in a browser', { timeout: 60_000 }, () => {
  const cases = staffBrowserCases();
  const login = cases.login;

  const newContext = () => cases.newContext({ viewport: WIDE });

  /** The id of the patient's flag on the nurse's worklist, through the API. */
  async function flagIdOf(nurse: Page, patientName: string): Promise<string> {
    const { items } = (await (await nurse.request.get(`${cases.base}/api/flags`)).json()) as { items: { id: string; patient: { name: string } }[] };
    const flag = items.find((f) => f.patient.name === patientName);
    if (!flag) throw new Error(`${patientName} is not on the worklist`);
    return flag.id;
  }

  /** Karen's flag referred to the team through the API, as the refer case does in the browser. */
  async function referKaren(nurse: Page): Promise<void> {
    const id = await flagIdOf(nurse, 'Karen Jensen');
    // Karen wrote in her own words: a nurse must have opened the response before deciding.
    expect((await nurse.request.get(`${cases.base}/api/flags/${id}`)).status()).toBe(200);
    const res = await nurse.request.post(`${cases.base}/api/flags/${id}/decision`, {
      data: { action: 'refer', note: 'Referred after phone call.', referralText: 'Called Karen today: pain at night, very low mood. Husband struggling.' },
    });
    expect(res.status(), await res.text()).toBe(200);
  }

  async function openKaren(nurse: Page): Promise<void> {
    await nurse.locator('table.worklist tr.patient-row', { hasText: 'Karen Jensen' }).locator('.patient-link').click();
    await nurse.getByRole('heading', { name: 'Response from Karen Jensen' }).waitFor();
  }

  it('logs in, switches between Danish and English, and refuses a wrong password', async () => {
    const page = await (await newContext()).newPage();
    // Not signed in, then a wrong password: both answered 401, as the screen explains.
    cases.allow(page, failedLoad(401));
    await page.goto(`${cases.base}/`);
    await expect.poll(() => page.locator('h2').first().textContent()).toBe('Log ind');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.locator('h2').first().textContent()).toBe('Log in');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.locator('#username').fill('nurse');
    await page.locator('#password').fill('wrong');
    await page.locator('button[type="submit"]').click();
    await page.getByText('Wrong user name or password.').waitFor();
  });

  it('shows the nurse urgent review first, then the levels, with text for urgency, level and own words', async () => {
    const nurse = await login('nurse');
    await nurse.waitForURL(/\/worklist$/);
    const rows = nurse.locator('table.worklist tr.patient-row');
    await rows.first().waitFor();
    const first = rows.first();
    expect(await first.locator('.badge').textContent()).toContain('Specialized');
    expect(await first.locator('.patient-link').textContent()).toBe('Karen Jensen');
    // Urgent review is written out, not only coloured; urgent rows come first, each group by level.
    expect(await first.locator('.urgent-tag').textContent()).toContain('Urgent review: today');
    const lars = rows.filter({ hasText: 'Lars Mikkelsen' });
    expect(await lars.locator('.urgent-tag').textContent()).toContain('Urgent review: today');
    expect(await lars.locator('.badge').textContent()).toContain('Basic');
    const order = await rows.evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('.urgent-tag') ? 0 : 1}${tr.querySelector('td:first-child .badge')?.textContent?.replace(/[▲○\s]/g, '')}`));
    expect(order).toEqual([...order].sort((a, b) => a[0]!.localeCompare(b[0]!) || byLevel(a.slice(1), b.slice(1))));
    expect(order.slice(0, 2)).toEqual(['0Specialized', '0Basic']);
    // Own words: a tag on the row; every text (the agenda's first) when the row is expanded, also when nothing else was answered.
    const hanne = rows.filter({ hasText: 'Hanne Pedersen' });
    expect(await hanne.locator('.tag').allTextContents()).toContain('Own words');
    expect(await hanne.locator('.badge').textContent()).toContain('Basic');
    expect(await hanne.locator('.urgent-tag').count()).toBe(0);
    const hanneDetails = await expandWorklistRow(nurse, hanne);
    expect(await hanneDetails.locator('.own-words-tag').textContent()).toBe("Own words: I am so tired of it all. I cannot talk to my family about it, and I don't know whom to ask.");
    const karenDetails = await expandWorklistRow(nurse, first);
    expect(await karenDetails.locator('.own-words-tag li').allTextContents()).toEqual([
      'I cannot sleep because of the pain, and I feel very low. My husband does not know how to help me.', 'Dry mouth, and I feel dizzy when I stand up.',
    ]);
    expect(await karenDetails.locator('.worse-since-last').textContent()).toMatch(/^Worse since last time: .*Pain \d+ → 83/);
    expect(await karenDetails.locator('.urgent-why').textContent()).toMatch(/^Urgent review: today: ./);
    // The returned referral from the demo data is on the worklist, marked, with the team's reason on expand.
    const poul = rows.filter({ hasText: 'Poul Andersen' });
    expect(await poul.locator('.tag-returned').textContent()).toBe('Returned by the team');
    expect(await (await expandWorklistRow(nurse, poul)).locator('.return-reason').textContent()).toContain('municipal rehabilitation');
    expect(await nurse.getByText("Lindring's decision support").count()).toBeGreaterThan(0);
    expect(await seriousAxeViolations(nurse)).toEqual([]);
    await saveScreenshot(nurse, 'staff-worklist');
  });

  it('filters the worklist by level without reloading the page', async () => {
    const nurse = await login('nurse');
    await nurse.locator('table.worklist tr.patient-row').first().waitFor();
    await nurse.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await nurse.locator('#filter-level').selectOption('basic');
    await nurse.waitForURL(/level=basic/);
    const badges = async () => nurse.locator('table.worklist tr.patient-row .badge').allTextContents();
    await expect.poll(async () => (await badges()).length > 0 && (await badges()).every((b) => b.includes('Basic'))).toBe(true);
    // "No need" responses are one filter away, and the default list says how many it leaves out.
    await nurse.locator('#filter-level').selectOption('');
    await nurse.getByText('Without a need (None): 1, not shown here.').waitFor();
    expect(await nurse.locator('table.worklist tr.patient-row', { hasText: 'Inge Larsen' }).count()).toBe(0);
    await nurse.getByRole('button', { name: 'Show them' }).click();
    await nurse.waitForURL(/level=none/);
    await nurse.locator('table.worklist tr.patient-row', { hasText: 'Inge Larsen' }).waitFor();
    await nurse.locator('#filter-level').selectOption('basic');
    await nurse.waitForURL(/level=basic/);
    await expect.poll(async () => (await badges()).length > 0 && (await badges()).every((b) => b.includes('Basic'))).toBe(true);
    expect(await nurse.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await nurse.locator('#filter-level').selectOption('');
    await nurse.locator('table.worklist tr.patient-row', { hasText: 'Karen Jensen' }).waitFor();
  });

  it('opens the response: agenda first, reasons with their answers, threshold bars, history charts', async () => {
    const nurse = await login('nurse');
    await nurse.locator('table.worklist tr.patient-row').first().locator('.patient-link').click();
    await nurse.getByRole('heading', { name: 'Response from Karen Jensen' }).waitFor();
    expect(nurse.url()).toMatch(/\/flags\/[^/]+$/);

    // What matters most and the patient's own words come before everything else.
    const headings = await nurse.locator('.detail-main h2').allTextContents();
    expect(headings[0]).toBe('What matters most to talk about');
    const agenda = nurse.locator('.panel-agenda');
    expect(await agenda.locator('.chips li').allTextContents()).toEqual(['Pain', 'Worries, fear or low mood']);
    expect(await agenda.textContent()).toContain('I cannot sleep because of the pain');
    expect(await agenda.textContent()).toContain('Wants to be contacted: Yes, a nurse, Yes, the palliative team');

    // Urgent review at the top: its rules, numbered; their answers are listed once below, with the rules they fed.
    const urgent = nurse.locator('.panel-urgent');
    expect(await urgent.locator('h2').textContent()).toContain('Urgent review: see to the patient today');
    expect(await urgent.locator('.numbered-rules li').count()).toBeGreaterThan(0);
    expect(await urgent.locator('.because').count()).toBe(0);
    const specialized = nurse.locator('.reason-specialized').first();
    expect(await specialized.textContent()).toContain("A problem is answered 'Very much'");

    // Each answer once (issue 23: it was listed up to three times), urgent ones first, naming the rules it fed.
    const evidence = await nurse.locator('.evidence li').allTextContents();
    const painLines = evidence.filter((line) => line.startsWith('“Have you been in pain?”: Very much'));
    expect(painLines).toHaveLength(1);
    expect(painLines[0]).toMatch(/urgent · rules? [\d, ]+$/);
    expect(evidence[0]).toContain('urgent');
    expect(new Set(evidence.map((line) => line.replace(/ (⚠ )?(urgent · )?rules? [\d, ]+$/, ''))).size).toBe(evidence.length);
    // The patient's own words stand once, in their block: the evidence line names the question and points there.
    expect(evidence.some((line) => line.includes("in the patient's own words above"))).toBe(true);
    // Once on the page as it opens (the folded "All answers" list is the full record, read on demand).
    const occurrences = await nurse.locator('main').evaluate((m) => {
      const copy = m.cloneNode(true) as Element;
      for (const folded of copy.querySelectorAll('details')) folded.remove();
      return copy.textContent!.split('I cannot sleep because of the pain').length - 1;
    });
    expect(occurrences).toBe(1);

    // Since last time: worse scales first, old → new with an arrow and the word; unchanged ones folded away.
    const since = nurse.locator('.since-last');
    expect(await since.locator('.trends').first().locator('li').first().getAttribute('class')).toContain('trend-worse');
    expect(await since.locator('.trend-worse').allTextContents()).toContain('↑Pain: 50 → 83worse');
    expect(await since.locator('details.since-unchanged').count()).toBe(1);
    expect(await since.locator('details.since-unchanged').getAttribute('open')).toBeNull();

    // Every scale on a 0-100 bar with its threshold and direction.
    const pain = nurse.locator('.scale[data-scale="pa"] .scale-bar');
    expect(await pain.getAttribute('aria-label')).toMatch(/^Pain: 83 of 100, higher is worse\. threshold 25\. need\.$/);
    expect(await nurse.locator('.scale[data-scale="ef"] .scale-bar').getAttribute('aria-label')).toContain('lower is worse');
    expect(await nurse.locator('.scale-bar[role="img"]').count()).toBe(14);
    expect(await nurse.locator('.scale-mark').count()).toBe(10);
    expect(await nurse.locator('.scale-worse-right').first().textContent()).toContain('higher is worse');

    // A chart per scale over the three responses.
    await nurse.locator('.chart canvas').first().waitFor();
    expect(await nurse.locator('.chart canvas').count()).toBeGreaterThanOrEqual(10);
    expect(await nurse.locator('.chart canvas').first().getAttribute('aria-label')).toMatch(/over time: .*; .*; /);
    // Changed scales first in the charts, and the legend explains the threshold line.
    expect(await nurse.locator('.chart .chart-title').first().textContent()).toBe((await since.locator('.trends li').first().textContent())!.replace(/^.(.+): .*$/, '$1'));
    expect(await nurse.locator('.chart-legend').textContent()).toContain('Red dashed line: the threshold of clinical importance.');

    expect(await seriousAxeViolations(nurse)).toEqual([]);
    await saveScreenshot(nurse, 'staff-detail');
  });

  it('refers with a referral text pre-filled from the PRO summary; the patient leaves the worklist', async () => {
    const nurse = await login('nurse');
    await openKaren(nurse);
    await nurse.getByLabel('Refer to the specialized level').check();
    const text = nurse.locator('#referral-text');
    const prefilled = await text.inputValue();
    expect(prefilled).toContain('Patient: Karen Jensen (DEMO-1001)');
    expect(prefilled).toContain("Proposed level (Lindring's decision support): Specialized");
    expect(prefilled).toContain('- Pain: 83 (threshold 25)');
    expect(prefilled).toContain('I cannot sleep because of the pain');
    await text.fill(`${prefilled}\n\nCalled Karen today: pain at night, very low mood. Husband struggling.`);
    await nurse.locator('#decision-note').fill('Referred after phone call.');
    await nurse.getByRole('button', { name: 'Save decision' }).click();
    await nurse.getByText('Referral status: waiting for the palliative team').waitFor();
    // Closed by the decision: the badge says so, and the page offers only reopening.
    expect(await nurse.locator('.detail-level .status').textContent()).toBe('Closed: referred');
    expect(await nurse.locator('input[name="action"]').count()).toBe(0);
    expect(await nurse.getByRole('button', { name: 'Reopen' }).count()).toBe(1);
    expect(await nurse.locator('.referral-text').textContent()).toContain('Husband struggling.');

    await nurse.locator('nav').getByRole('link', { name: 'Worklist' }).click();
    await nurse.locator('table.worklist tr.patient-row').first().waitFor();
    expect(await nurse.locator('table.worklist tr.patient-row', { hasText: 'Karen Jensen' }).count()).toBe(0);
  });

  it('keeps the team queue and admin screens from a nurse: hidden in the UI, refused by the server', async () => {
    const nurse = await login('nurse');
    const menu = await nurse.locator('nav a').allTextContents();
    expect(menu).toEqual(['Worklist', 'Overview', 'Patients and invitations', 'Invitations', 'Quality indicators']);
    await nurse.goto(`${cases.base}/referrals`);
    await nurse.getByText('You do not have access to this page.').waitFor();
    await nurse.goto(`${cases.base}/admin`);
    await nurse.getByText('You do not have access to this page.').waitFor();
    for (const [method, url] of [['GET', '/api/referrals?status=pending'], ['GET', '/api/audit'], ['GET', '/api/users']] as const) {
      const response = await nurse.request.fetch(`${cases.base}${url}`, { method });
      expect(response.status(), `${method} ${url}`).toBe(403);
    }
    const decide = await nurse.request.post(`${cases.base}/api/referrals/any/decision`, { data: { action: 'accept', reason: '' } });
    expect(decide.status()).toBe(403);
  });

  it('shows the palliative team the referral with its waiting days; the team returns it with a reason', async () => {
    await referKaren(await login('nurse'));

    const team = await login('team');
    await team.waitForURL(/\/referrals$/);
    expect(await team.locator('nav a').allTextContents()).toEqual(['Referrals', 'Quality indicators']);
    const karen = team.locator('li.referral', { hasText: 'Karen Jensen' });
    await karen.waitFor();
    expect(await karen.locator('.waiting').textContent()).toBe('Waiting 0 days');
    expect(await team.locator('li.referral', { hasText: 'Ole Hansen' }).locator('.waiting').textContent()).toBe('Waiting 4 days');
    expect(await karen.locator('.referral-text').textContent()).toContain('Husband struggling.');
    expect(await karen.locator('.reason-specialized').count()).toBeGreaterThan(0);
    // Urgent first (issue 23): Karen's urgent referral before Ole's, which has waited longer.
    expect(await team.locator('li.referral h2').first().textContent()).toContain('Karen Jensen');
    expect(await karen.locator('.referral-urgent-tag').textContent()).toContain('Urgent');
    expect(await seriousAxeViolations(team)).toEqual([]);
    await saveScreenshot(team, 'staff-referrals');

    await karen.getByRole('button', { name: 'Return to the basic level' }).click();
    await karen.getByText('Write why the referral goes back to the basic level.').waitFor();
    await karen.getByLabel('Reason for returning it to the basic level (required)').fill(RETURN_REASON);
    await karen.getByRole('button', { name: 'Return to the basic level' }).click();
    await team.getByText('The referral for Karen Jensen is returned to the basic level.').waitFor();
    await expect.poll(() => team.locator('li.referral', { hasText: 'Karen Jensen' }).count()).toBe(0);
  });

  it('puts the returned referral back on the nurse worklist with the reason, without a reload', async () => {
    // The nurse keeps the worklist open while the team returns Karen's referral.
    const nurse = await login('nurse');
    await referKaren(nurse);
    await nurse.goto(`${cases.base}/worklist`);
    await nurse.locator('table.worklist tr.patient-row').first().waitFor();
    expect(await nurse.locator('table.worklist tr.patient-row', { hasText: 'Karen Jensen' }).count()).toBe(0);
    await nurse.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
    const worklistOpenedAt = Date.now();

    const team = await login('team');
    const pending = (await (await team.request.get(`${cases.base}/api/referrals?status=pending`)).json()) as { id: string; patient: { name: string } }[];
    const referral = pending.find((r) => r.patient.name === 'Karen Jensen')!;
    const returned = await team.request.post(`${cases.base}/api/referrals/${referral.id}/decision`, { data: { action: 'return', reason: RETURN_REASON } });
    expect(returned.status(), await returned.text()).toBe(200);

    // Updates on focus (and every 30 s) without reloading the page; focus within 2 s of a fetch is ignored.
    await nurse.waitForTimeout(Math.max(0, worklistOpenedAt + 2100 - Date.now()));
    await nurse.evaluate(() => window.dispatchEvent(new Event('focus')));
    const row = nurse.locator('table.worklist tr.patient-row', { hasText: 'Karen Jensen' });
    await expect.poll(() => row.locator('.tag-returned').textContent()).toBe('Returned by the team');
    expect(await (await expandWorklistRow(nurse, row)).locator('.return-reason').textContent()).toBe(`Returned by the palliative team: ${RETURN_REASON}`);
    // The team's answer also stands above the list, marked, with its reason.
    expect(await nurse.locator('.team-answers li', { hasText: 'Karen Jensen' }).textContent()).toContain(`↩ Returned`);
    expect(await nurse.locator('.team-answers li', { hasText: 'Karen Jensen' }).locator('.team-note').textContent()).toBe(RETURN_REASON);
    expect(await nurse.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

    await row.locator('.patient-link').click();
    expect(await nurse.locator('.panel-returned .return-reason').textContent()).toBe(RETURN_REASON);
  });

  it('makes a basic-level plan and prints the individual plan', async () => {
    const nurse = await login('nurse');
    await openKaren(nurse);
    await nurse.getByLabel('Handle at the basic level (plan)').check();
    await nurse.getByRole('button', { name: 'Save decision' }).click();
    await nurse.getByText('Name who is responsible.').waitFor();
    await nurse.locator('#responsible').fill('Home nurse Lise Holm, Aarhus Kommune');
    await nurse.locator('#next-evaluation').fill('2031-05-14');
    await nurse.locator('#decision-note').fill('GP adjusts pain medication on Monday. Home nurse visits Tuesday and Friday.');
    await nurse.getByRole('button', { name: 'Save decision' }).click();
    await nurse.getByRole('link', { name: 'Individual plan (print)' }).click();
    await nurse.getByRole('heading', { name: 'Individual plan' }).waitFor();
    const plan = nurse.locator('article.plan');
    for (const text of ['Purpose', 'Home nurse Lise Holm, Aarhus Kommune', 'GP adjusts pain medication on Monday', '14 May 2031', 'How you get in touch']) {
      expect(await plan.textContent()).toContain(text);
    }
    await nurse.emulateMedia({ media: 'print' });
    expect(await nurse.locator('header.topbar').isVisible()).toBe(false);
    expect(await nurse.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    // No phone is set in the demo: the plan says to call the person responsible, and no region's number.
    expect(await plan.locator('.plan-contact').isVisible()).toBe(true);
    expect(await plan.locator('.plan-contact').textContent()).toBe('If it is urgent, call the person responsible for your plan. If it is life-threatening, call 112.');
    await nurse.emulateMedia({ media: 'screen' });
  });

  it('names a staff user as responsible from the list by full name and title (Danish); the plan shows that name (issue 23)', async () => {
    const admin = await login('admin');
    const users = (await (await admin.request.get(`${cases.base}/api/users`)).json()) as { id: string; username: string }[];
    const nurseUser = users.find((u) => u.username === 'nurse')!;
    const named = await admin.request.patch(`${cases.base}/api/users/${nurseUser.id}`, { data: { fullName: 'Anne Hansen', title: 'sygeplejerske' } });
    expect(named.status(), await named.text()).toBe(200);

    const nurse = await login('nurse', 'da');
    await nurse.locator('table.worklist tr.patient-row', { hasText: 'Birgit Nielsen' }).locator('.patient-link').click();
    await nurse.getByRole('heading', { name: 'Besvarelse fra Birgit Nielsen' }).waitFor();
    await nurse.getByLabel('Håndteres på basalt niveau (plan)').check();
    // Free text for someone outside the hospital is the default; the staff are listed by full name and title.
    expect(await nurse.locator('#responsible-user option').first().textContent()).toBe('En uden for hospitalet (skriv navnet)');
    await nurse.locator('#responsible').waitFor();
    await nurse.getByLabel('Ansvarlig', { exact: true }).selectOption({ label: 'Anne Hansen, sygeplejerske' });
    expect(await nurse.locator('#responsible').count()).toBe(0);
    await nurse.locator('#next-evaluation').fill('2031-06-02');
    await nurse.locator('#decision-note').fill('Anne ringer til Birgit om smerterne på mandag.');
    await nurse.getByRole('button', { name: 'Gem beslutning' }).click();
    await nurse.getByRole('link', { name: 'Individuel plan (udskriv)' }).click();
    const plan = nurse.locator('article.plan');
    await plan.waitFor();
    expect(await plan.locator('section', { hasText: 'Hvem er ansvarlig' }).locator('p').textContent()).toBe('Anne Hansen, sygeplejerske');
  });

  it('searches patients with one request per search', async () => {
    const nurse = await login('nurse');
    await nurse.getByRole('link', { name: 'Patients and invitations' }).click();
    await nurse.locator('.patient-list li', { hasText: 'Ole Hansen' }).waitFor();
    const searches: string[] = [];
    nurse.on('request', (r) => {
      if (r.method() === 'GET' && new URL(r.url()).pathname === '/api/patients') searches.push(new URL(r.url()).searchParams.get('query') ?? '');
    });
    await nurse.locator('#patient-query').fill('Karen');
    await nurse.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => nurse.locator('.patient-list li').allTextContents()).toEqual([expect.stringContaining('Karen Jensen')]);
    expect(searches).toEqual(['Karen']);

    // The same search again asks the server again, once.
    const answered = nurse.waitForResponse((r) => new URL(r.url()).pathname === '/api/patients');
    await nurse.getByRole('button', { name: 'Search', exact: true }).click();
    await answered;
    expect(searches).toEqual(['Karen', 'Karen']);
  });

  it('creates a patient and an invitation with a link to copy and a QR code; lists non-responders', async () => {
    const nurse = await login('nurse');
    await nurse.getByRole('link', { name: 'Patients and invitations' }).click();
    await nurse.locator('#new-external-id').fill('E2E-0001');
    await nurse.locator('#new-name').fill('Else Test');
    await nurse.locator('#new-email').fill('else@example.org');
    await nurse.locator('#new-mobile').fill('20 30 40 50');
    await nurse.getByRole('button', { name: 'Create patient' }).click();
    await nurse.getByRole('heading', { name: 'Invite Else Test to answer' }).waitFor();
    await nurse.locator('#invite-trigger').selectOption('sector_transition');
    await nurse.getByRole('button', { name: 'Create invitation' }).click();
    const link = nurse.locator('#invitation-link');
    await link.waitFor();
    expect(await link.inputValue()).toMatch(new RegExp(`^${cases.base}/answer/[A-Za-z0-9_-]{22,}$`));
    await nurse.getByRole('img', { name: 'QR code for the invitation link' }).waitFor();
    expect(await seriousAxeViolations(nurse)).toEqual([]);

    await nurse.getByRole('link', { name: 'Invitations', exact: true }).click();
    const peter = nurse.locator('table.invitations tbody tr', { hasText: 'Peter Sørensen' });
    await peter.waitFor();
    expect(await peter.textContent()).toContain('Call the patient');
    expect(await nurse.locator('table.invitations tbody tr', { hasText: 'Else Test' }).count()).toBe(1);
  });

  it("runs under the server's Content-Security-Policy: charts and the QR code render (the case frame fails on anything blocked)", async () => {
    const page = await cases.login('nurse');
    await page.locator('table.worklist tr.patient-row').first().waitFor();
    await page.goto(`${cases.base}/flags/${await flagIdOf(page, 'Karen Jensen')}`);
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.locator('.chart canvas').first().evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0)).toBe(true);
    expect(await page.locator('.scale-fill').first().evaluate((el) => getComputedStyle(el).width)).not.toBe('0px');
    await page.goto(`${cases.base}/patients`);
    await page.locator('.patient-list li').first().getByRole('button').click();
    await page.locator('#invite-questionnaire option').first().waitFor({ state: 'attached' });
    await page.locator('form button.primary').click();
    const qr = page.locator('.qr img');
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  });

  it('lets the admin create a user, reset its password and disable it; the user must choose a new password first', async () => {
    const admin = await cases.login('admin');
    cases.allow(admin, failedLoad(422));
    await admin.goto(`${cases.base}/users`);
    await admin.locator('#new-username').fill('e2e-nurse');
    await admin.locator('#new-password').fill('password1234');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await admin.getByText('The password is too common or too easy to guess.').waitFor();
    await admin.locator('#new-password').fill('amber kettle orbit 57');
    await admin.getByRole('button', { name: 'Create user' }).click();
    const row = admin.locator('tr[data-username="e2e-nurse"]');
    await row.waitFor();

    admin.on('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Reset password' }).click();
    const temporary = (await admin.locator('code.temporary-password').textContent())!;
    expect(temporary).toMatch(/^[a-z0-9-]{20,}$/);
    expect(await seriousAxeViolations(admin)).toEqual([]);

    const context = await cases.newContext({ viewport: WIDE, locale: 'en-GB' });
    const user = await context.newPage();
    // Signed out, then disabled: the server answers 401 and the screen says so.
    cases.allow(user, failedLoad(401));
    await user.goto(`${cases.base}/`);
    await user.getByRole('button', { name: 'Switch to English' }).click();
    await user.locator('#username').fill('e2e-nurse');
    await user.locator('#password').fill(temporary);
    await user.locator('button[type="submit"]').click();
    await user.getByText('An administrator has given you a temporary password.').waitFor();
    expect(await user.locator('nav').count()).toBe(0);
    await user.locator('#current-password').fill(temporary);
    await user.locator('#new-password-1').fill('quiet harbour lantern 8');
    await user.locator('#new-password-2').fill('quiet harbour lantern 8');
    await user.getByRole('button', { name: 'Change password' }).click();
    await user.locator('table.worklist').waitFor();

    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled').waitFor();
    await user.getByRole('link', { name: 'Invitations', exact: true }).click();
    await user.getByText('Your session has expired. Please log in again.').waitFor();
    await context.close();
    await admin.context().close();
  }, 120_000); // seven password hashes on the server

  it('shows the login page again when the session has expired', async () => {
    const nurse = await login('nurse');
    await nurse.locator('table.worklist tr.patient-row').first().waitFor();
    cases.allow(nurse, failedLoad(401));
    await nurse.context().clearCookies();
    await nurse.locator('nav').getByRole('link', { name: 'Invitations', exact: true }).click();
    await nurse.getByText('Your session has expired. Please log in again.').waitFor();
  });

  it('lets an admin set the phone for urgent calls on the Settings page, with errors by field, after which the worklist no longer says it is missing', async () => {
    const admin = await cases.login('admin');
    cases.allow(admin, failedLoad(422));
    admin.setDefaultTimeout(20_000);
    await admin.waitForURL(/\/worklist$/);
    const missing = admin.locator('.phone-missing');
    await missing.waitFor();
    expect(await missing.textContent()).toContain('No phone number for urgent calls has been set');
    await missing.getByRole('link', { name: 'Set it in the settings' }).click();
    await admin.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    // The page loads the settings after its heading: wait for them, not for a moment.
    await expect.poll(() => admin.locator('.phone-missing').count()).toBe(1);
    // A deadline is a number and a unit: PT24H reads "24 hours".
    await expect.poll(() => admin.locator('#setting-urgent').inputValue()).toBe('24');
    expect(await admin.locator('#setting-urgent-unit').inputValue()).toBe('hours');

    // The server's 422s are shown at their fields, and nothing is saved.
    await admin.getByLabel('Phone number patients call when it is urgent').fill('abc');
    await admin.locator('#setting-basic').fill('0');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.locator('#problem-phone').waitFor();
    expect(await admin.locator('#problem-phone').textContent()).toContain('Write a phone number');
    expect(await admin.locator('#problem-basic').textContent()).toContain('Write a whole number above 0');
    expect(await admin.locator('#setting-basic').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAxeViolations(admin)).toEqual([]);

    await admin.getByLabel('Phone number patients call when it is urgent').fill('70 20 30 40');
    await admin.locator('#setting-basic').fill('3');
    await admin.locator('#setting-basic-unit').selectOption('days');
    await admin.getByLabel('When the phone is answered (English)').fill('weekdays 8 am to 3 pm');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('The settings are saved.').waitFor();
    await expect.poll(() => admin.locator('.phone-missing').count()).toBe(0);
    expect(await admin.locator('.field-problem').count()).toBe(0);
    await saveScreenshot(admin, 'staff-settings');

    const settings = await (await fetch(`${cases.base}/api/settings`, { headers: { cookie: await cookieOf(admin) } })).json();
    expect(settings.site).toEqual({ name: 'Lindring', phone: '70 20 30 40', hours: { da: '', en: 'weekdays 8 am to 3 pm' }, afterHours: { da: '', en: '' } });
    expect(settings.deadlines.basic).toBe('P3D');

    await admin.getByRole('link', { name: 'Worklist' }).click();
    await admin.locator('table.worklist tr.patient-row').first().waitFor();
    expect(await admin.locator('.phone-missing').count()).toBe(0);
    // A nurse's worklist no longer says it either, and has no Settings entry.
    const otherNurse = await cases.login('nurse');
    await otherNurse.locator('table.worklist tr.patient-row').first().waitFor();
    expect(await otherNurse.locator('.phone-missing').count()).toBe(0);
    expect(await otherNurse.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await Promise.all([admin.context().close(), otherNurse.context().close()]);
  }, 90_000);

  it('shows a nurse the Overview: the nine figures in words, in English and Danish', async () => {
    const page = await cases.login('nurse');
    page.setDefaultTimeout(20_000);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.locator('.overview-figures dd').first().waitFor();
    const cookie = await cookieOf(page);
    const figures = await (await fetch(`${cases.base}/api/overview`, { headers: { cookie } })).json();
    expect(Object.keys(figures)).toHaveLength(9);
    const shown = async (key: string) => page.locator(`[data-figure="${key}"] dd.figure-value`).textContent();
    // Now (each linked to the worklist but the outbox), then the last 30 days.
    expect(await page.locator('.overview-figures dt').allTextContents()).toEqual([
      'Overdue now', 'Due today', 'Without an owner', 'Messages that could not be sent',
      'Closed within the deadline', 'Median time to first action', 'Median time to closing', 'Responses with a need per 100 responses',
      'Emergency accesses ("break the glass")',
    ]);
    expect(await shown('overdueNow')).toBe(String(figures.overdueNow));
    expect(await shown('unowned')).toBe(String(figures.unowned));
    expect(await shown('failedMessages')).toBe('0');
    expect(await shown('medianHoursToClose')).toBe(figures.medianHoursToClose === null ? 'no data yet' : `${figures.medianHoursToClose.toLocaleString('en-GB')} h`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'staff-overview');
    await page.getByRole('button', { name: 'Skift til dansk' }).click();
    await page.getByRole('heading', { name: 'Overblik', level: 1 }).waitFor();
    expect(await page.locator('[data-figure="overdueNow"] dt').textContent()).toBe('Forsinkede nu');
    // "Overdue now" leads to the worklist of exactly those: every line past its deadline, and as many flags as counted.
    await page.locator('[data-figure="overdueNow"] .figure-link a').click();
    await page.locator('.overdue-only').waitFor();
    const listed = (await (await fetch(`${cases.base}/api/flags?overdue=true`, { headers: { cookie } })).json()).total;
    expect(listed).toBe(figures.overdueNow);
    const deadlines = await page.locator('table.worklist tr.patient-row .cell-owner').allTextContents();
    expect(deadlines.length).toBeGreaterThan(0);
    expect(deadlines.every((d) => d.includes('Forsinket'))).toBe(true);
    // "Due today" and "Without an owner" lead to the worklist of exactly those (issue 23): it says which, shows as many
    // flags as counted, and offers the way back to all.
    for (const [key, only, query] of [['dueToday', '.due-today-only', 'dueToday=true'], ['unowned', '.unowned-only', 'owner=none']] as const) {
      await page.getByRole('link', { name: 'Overblik' }).click();
      await page.locator(`[data-figure="${key}"] .figure-link a`).click();
      await page.waitForURL(new RegExp(`/worklist\\?level=all&${query}$`));
      await page.locator(only).waitFor();
      const total = (await (await fetch(`${cases.base}/api/flags?${query}`, { headers: { cookie } })).json()).total;
      expect(total).toBe(figures[key]);
      const shown = page.locator('.worklist-count, p.empty').first();
      await expect.poll(() => shown.textContent()).toBe(total === 0 ? 'Ingen besvarelser passer til filteret.' : `Viser 1–${total} af ${total}.`);
      await page.locator(only).getByRole('button', { name: 'Vis alle' }).click();
      await page.waitForURL(/\/worklist\?level=all$/);
      expect(await page.locator(only).count()).toBe(0);
    }
    expect(figures.unowned).toBeGreaterThan(0);
    // The palliative team has no Overview.
    const team = await cases.login('team');
    expect(await team.getByRole('link', { name: 'Overview' }).count()).toBe(0);
    await Promise.all([page.context().close(), team.context().close()]);
  }, 90_000);

  it('shows the palliative team the quality indicators: definitions, a chart per indicator in text, the period checked, in English and Danish', async () => {
    const team = await login('team');
    team.setDefaultTimeout(20_000);
    await team.getByRole('link', { name: 'Quality indicators' }).click();
    await team.getByRole('heading', { name: 'Quality indicators', level: 1 }).waitFor();
    await team.locator('[data-indicator="patientsInvited"] .indicator-value').waitFor();
    const from = await team.locator('#indicators-from').inputValue();
    const to = await team.locator('#indicators-to').inputValue();
    const figures = await (await fetch(`${cases.base}/api/indicators?from=${from}&to=${to}`, { headers: { cookie: await cookieOf(team) } })).json();
    // Each indicator with its value and definition; its chart says every month's value in words.
    expect(await team.locator('[data-indicator="patientsInvited"] .indicator-value').textContent()).toBe(String(figures.patientsInvited));
    expect(await team.locator('[data-indicator="referrals"] .indicator-definition').textContent()).toBe('Referrals made in the period.');
    expect(await team.locator('.indicator-chart').count()).toBe(14);
    expect(figures.months).toHaveLength(12);
    const chart = await team.locator('[data-indicator="patientsInvited"] .indicator-chart').getAttribute('aria-label');
    expect(chart).toMatch(/^Patients invited by month: /);
    expect(chart!.split('; ')).toHaveLength(12);
    expect(await team.locator('[data-indicator="agreement"] table tbody tr').count()).toBe(3);
    // The team may not export answers: no CSV link (the server refuses it too).
    expect(await team.getByRole('link', { name: /CSV/ }).count()).toBe(0);
    expect(await seriousAxeViolations(team)).toEqual([]);
    await saveScreenshot(team, 'staff-indicators');

    // A reversed period is refused on the page, naming the problem.
    await team.locator('#indicators-from').fill('2026-05-01');
    await team.locator('#indicators-to').fill('2026-04-01');
    await team.getByRole('button', { name: 'Show' }).click();
    await team.getByRole('alert').filter({ hasText: 'Choose a start date on or before the end date.' }).waitFor();

    await team.getByRole('button', { name: 'Skift til dansk' }).click();
    await team.getByRole('heading', { name: 'Kvalitetsindikatorer', level: 1 }).waitFor();
    expect(await team.locator('[data-indicator="referrals"] .indicator-definition').textContent()).toBe('Henvisninger lavet i perioden.');
    expect(await seriousAxeViolations(team)).toEqual([]);

    // A nurse gets the CSV of the period.
    const nurse = await login('nurse');
    await nurse.getByRole('link', { name: 'Quality indicators' }).click();
    const csvLink = nurse.getByRole('link', { name: 'Download the responses of the period (CSV)' });
    expect(await csvLink.getAttribute('href')).toMatch(/^\/api\/export\/responses\.csv\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/);
    const csv = await nurse.request.get(`${cases.base}${await csvLink.getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect((await csv.text()).startsWith('response_id,patient_external_id,')).toBe(true);
  }, 90_000);
});

const LEVEL_ORDER = ['Specialized', 'Basic', 'None'];
function byLevel(a: string, b: string): number {
  return LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b);
}

async function cookieOf(page: Page): Promise<string> {
  return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

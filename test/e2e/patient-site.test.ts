/**
 * The patient page as patients get it (issue 19): a relative's link names the patient on every
 * page, the site's phone is on every page around the questionnaire (also on a link that cannot be
 * opened), digits are not drawn with Atkinson's slashed zero, and the page opens in the device's
 * language. Chromium at tablet size against the real server; an axe check on each page type.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { failedLoad, seriousAxeViolations, TABLET } from './browser.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { patientBrowserCases } from './patient-cases.js';
import { answerAllPages, answerCurrentPage, answerFixture, nextPage, sendButton } from './patient-fixture.js';

const BASIC = answerFixture('palliative-basic');
/** Urgent (symptoms at their worst) and specialized. */
const URGENT = answerFixture('palliative-specialized');
const PALLIATIVE_PAGES = ((await loadQuestionnaires()).get('palliative-needs')!.definition.survey as { pages: unknown[] }).pages.length;
const PHONE = '70 20 30 40';
const WITH_PHONE = { site: { phone: PHONE, hours: { da: 'hverdage kl. 8-15', en: 'weekdays 8-15' }, afterHours: { da: '', en: '' } } };

const cases = patientBrowserCases();

/** A fresh device (own storage) whose system language is `locale`. */
const device = (locale = 'da-DK'): Promise<Page> => cases.tablet(TABLET, locale);

const telLink = (page: Page) => page.locator(`a[href="tel:${PHONE.replace(/ /g, '')}"]`);

/** The page says whom to call, with the number as a link and its hours, in Danish. */
async function expectPhoneOnPage(page: Page): Promise<void> {
  await expect.poll(() => telLink(page).count()).toBe(1);
  expect(await telLink(page).textContent()).toBe(PHONE);
  // "Har du brug for hjælp nu, så ring til 70 20 30 40 (…)", or the done page's "Har du brug for hjælp før, så ring til 70 20 30 40 (…)".
  const line = await telLink(page).locator('xpath=..').textContent();
  expect(line).toMatch(/Har du brug for hjælp (nu|før), så ring til 70 20 30 40 \(hverdage kl\. 8-15\)\. .*Ring 112, hvis det er livstruende\./);
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** The first line of the page's description (the line a relative's link adds). */
const firstDescriptionLine = async (page: Page): Promise<string> => ((await page.locator('.sd-page__description').first().innerText()) ?? '').split('\n')[0]!.trim();

describe("a relative's link", () => {
  it("names the patient under every page's title, in Danish and, after the switch, in English", async () => {
    const invitation = await cases.fixture.newInvitation('palliative-needs', { patientName: 'Karen Jensen', relationship: 'datter' });
    const page = await device();
    await page.goto(invitation.url);
    const titles: string[] = [];
    for (let guard = 0; guard < 20; guard += 1) {
      await page.locator('.sd-page').waitFor();
      const title = (await page.locator('.sd-page__title').textContent()) ?? '';
      titles.push(title);
      expect(await firstDescriptionLine(page)).toBe('Svar om Karen – som du tror, Karen har det.');
      if (guard === 0) expect(await seriousAxeViolations(page)).toEqual([]);
      await answerCurrentPage(page, BASIC);
      if (await sendButton(page).isVisible()) break;
      await nextPage(page);
    }
    expect(titles).toHaveLength(PALLIATIVE_PAGES);
    expect(await page.locator('body').innerText()).not.toContain('Jensen');

    await page.getByRole('button', { name: 'English' }).tap();
    for (let n = titles.length; n > 0; n -= 1) {
      expect(await firstDescriptionLine(page)).toBe('Answer about Karen – as you think Karen feels.');
      if (n === 1) break;
      const title = await page.locator('.sd-page__title').textContent();
      await page.locator('.sd-navigation__prev-btn').tap();
      await page.waitForFunction((before) => document.querySelector('.sd-page__title')?.textContent !== before, title);
    }
    await page.getByRole('button', { name: 'Dansk' }).tap();
    expect(await firstDescriptionLine(page)).toBe('Svar om Karen – som du tror, Karen har det.');
  }, 90_000);
});

describe("the site's phone on every page around the questionnaire", () => {
  it("keeps today's wording while the site has no phone, and shows the number once it is set", async () => {
    await cases.fixture.setSiteSettings({ site: { phone: null } });
    const page = await device();
    cases.allow(page, failedLoad(404));
    await page.goto(`${cases.fixture.server.url}/answer/no-such-link`);
    await page.getByRole('heading', { name: 'Vi kan ikke finde dette link' }).waitFor();
    await expect.poll(() => page.locator('.urgent-call').textContent()).toBe('Har du brug for hjælp nu, så ring til din kontaktperson. Ring 112, hvis det er livstruende.');
    expect(await page.locator('a[href^="tel:"]').count()).toBe(0);

    await cases.fixture.setSiteSettings(WITH_PHONE);
    await page.reload();
    await expectPhoneOnPage(page);
    await page.getByRole('button', { name: 'English' }).tap();
    expect(await page.locator('.urgent-call').textContent()).toBe('If you need help now, call 70 20 30 40 (weekdays 8-15). If it is life-threatening, call 112.');
  }, 60_000);

  it('shows it on an unknown link and on /answer without a token', async () => {
    await cases.fixture.setSiteSettings(WITH_PHONE);
    const page = await device();
    cases.allow(page, failedLoad(404));
    for (const url of [`${cases.fixture.server.url}/answer/no-such-link`, `${cases.fixture.server.url}/answer`]) {
      await page.goto(url);
      await page.getByRole('heading', { name: 'Vi kan ikke finde dette link' }).waitFor();
      await expectPhoneOnPage(page);
    }
  }, 60_000);

  it('shows it on the done page and, on another device, on the spent link', async () => {
    await cases.fixture.setSiteSettings(WITH_PHONE);
    const invitation = await cases.fixture.newInvitation();
    const page = await device();
    await page.goto(invitation.url);
    await answerAllPages(page, BASIC);
    await sendButton(page).tap();
    await page.getByRole('heading', { name: 'Dine svar er sendt' }).waitFor();
    await expectPhoneOnPage(page);

    const other = await device();
    cases.allow(other, failedLoad(410));
    await other.goto(invitation.url);
    await other.getByRole('heading', { name: 'Spørgeskemaet er allerede besvaret' }).waitFor();
    await expectPhoneOnPage(other);
  }, 90_000);

  it('shows it on an expired link', async () => {
    await cases.fixture.setSiteSettings(WITH_PHONE);
    const invitation = await cases.fixture.newInvitation();
    cases.fixture.setClockOffsetDays(15);
    try {
      const page = await device();
      cases.allow(page, failedLoad(410));
      await page.goto(invitation.url);
      await page.getByRole('heading', { name: 'Linket er udløbet' }).waitFor();
      await expectPhoneOnPage(page);
    } finally {
      cases.fixture.setClockOffsetDays(0);
    }
  }, 60_000);
});

describe('urgent answers and the after-hours number (clinical rules v2, items 15 and 18)', () => {
  const AFTER_HOURS = { site: { ...WITH_PHONE.site, afterHours: { da: 'lægevagten på 1813', en: 'the out-of-hours doctor on 1813' } } };

  it('names the after-hours number in the safety message once it is set, and tells a patient with urgent answers to call today, also when the link is reopened', async () => {
    await cases.fixture.setSiteSettings(AFTER_HOURS);
    try {
      const invitation = await cases.fixture.newInvitation();
      const page = await device();
      await page.goto(invitation.url);
      const first = page.locator('.sd-page .lindring-safety').first();
      await expect.poll(() => first.textContent()).toBe(
        'Vi læser ikke dine svar med det samme. Har du brug for hjælp nu, så ring til 70 20 30 40 (hverdage kl. 8-15). Uden for telefontiden: ring til lægevagten på 1813. Ring 112, hvis det er livstruende.',
      );
      expect(await first.textContent()).toContain('Uden for telefontiden: ring til lægevagten på 1813.');

      // Pain "Very much" (c5 = 4): urgent review.
      await answerAllPages(page, URGENT);
      await sendButton(page).tap();
      await page.getByRole('heading', { name: 'Dine svar er sendt' }).waitFor();
      const urgent = page.locator('.next-steps--urgent');
      await expect.poll(() => urgent.textContent()).toBe(
        'Du har svaret, at noget er meget svært lige nu. Vent ikke på, at vi kontakter dig: ring til 70 20 30 40 (hverdage kl. 8-15) i dag. Uden for telefontiden: ring til lægevagten på 1813. Ring 112, hvis det er livstruende.',
      );
      expect(await urgent.locator('a').getAttribute('href')).toBe('tel:70203040');
      expect(await page.locator('body').textContent()).not.toContain('kontakter vi dig');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'English' }).tap();
      await expect.poll(() => urgent.textContent()).toBe(
        'You told us something is very hard right now. Do not wait for us to contact you: call 70 20 30 40 (weekdays 8-15) today. Outside these hours, call the out-of-hours doctor on 1813. If it is life-threatening, call 112.',
      );

      // Reopened on this device (the server says 410 Gone): still "call today", from the done note kept here.
      cases.allow(page, failedLoad(410));
      await page.reload();
      await page.getByRole('heading', { name: 'Dine svar er sendt' }).waitFor();
      await expect.poll(() => page.locator('.next-steps--urgent').textContent()).toContain('ring til 70 20 30 40 (hverdage kl. 8-15) i dag.');
    } finally {
      await cases.fixture.setSiteSettings(WITH_PHONE);
    }
  }, 120_000);

  it('shows a site text with markup and {placeholders} as text, with no answer piped into it (issue 21)', async () => {
    const HOSTILE = '<img src=x alt=""> {other_symptoms}';
    await cases.fixture.setSiteSettings({ site: { ...WITH_PHONE.site, afterHours: { da: HOSTILE, en: HOSTILE } } });
    try {
      const invitation = await cases.fixture.newInvitation();
      // A patient's saved text that SurveyJS would pipe into the message if the site text's {…} were live.
      const draft = await fetch(`${cases.fixture.server.url}/api/invitations/${invitation.token}/draft`, {
        method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answers: { other_symptoms: '<b class="piped">piped</b>' } }),
      });
      expect(draft.status).toBe(204);
      const page = await device();
      await page.goto(invitation.url);
      const first = page.locator('.sd-page .lindring-safety').first();
      await expect.poll(() => first.textContent()).toContain(`Uden for telefontiden: ring til ${HOSTILE}.`);
      expect(await page.locator('.lindring-safety img, .lindring-safety b, b.piped').count()).toBe(0);
    } finally {
      await cases.fixture.setSiteSettings(WITH_PHONE);
    }
  }, 90_000);

  it('keeps the ordinary completion text for answers that are not urgent', async () => {
    await cases.fixture.setSiteSettings(WITH_PHONE);
    const invitation = await cases.fixture.newInvitation();
    const page = await device('en-GB');
    await page.goto(invitation.url);
    await answerAllPages(page, BASIC);
    await sendButton(page).tap();
    await page.getByRole('heading', { name: 'Your answers have been sent' }).waitFor();
    expect(await page.locator('.next-steps--urgent').count()).toBe(0);
    expect(await page.locator('.next-steps').textContent()).toBe(
      'Thank you for your answers. We will read them, but not straight away. If you asked to be contacted, we will contact you. If you need help before then, call 70 20 30 40 (weekdays 8-15). If it is life-threatening, call 112.',
    );
  }, 90_000);
});

describe('digits', () => {
  it('are drawn from a system font, not with Atkinson Hyperlegible (its slashed zero reads as Ø)', async () => {
    await cases.fixture.setSiteSettings(WITH_PHONE);
    const page = await device();
    cases.allow(page, failedLoad(404));
    await page.goto(`${cases.fixture.server.url}/answer/no-such-link`);
    await telLink(page).waitFor();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    /** Glyphs drawn in the node's text, by whether the font is Atkinson. */
    const glyphsOf = async (selector: string) => {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const count = (atkinson: boolean) => fonts.filter((f) => /atkinson/i.test(f.familyName) === atkinson).reduce((n, f) => n + f.glyphCount, 0);
      return { atkinson: count(true), other: count(false), families: fonts.map((f) => f.familyName) };
    };
    // "70 20 30 40": the eight digits from a system font; Atkinson draws only the three spaces.
    const phone = await glyphsOf('.urgent-call a');
    expect(phone, JSON.stringify(phone.families)).toMatchObject({ other: 8, atkinson: 3 });
    // The words around it are still Atkinson's: only 0-9 come from elsewhere.
    expect((await glyphsOf('.urgent-call')).atkinson).toBeGreaterThan(20);
  }, 60_000);
});

describe("the device's language", () => {
  it('opens in English on an English device and in Danish on a Danish one, still switchable', async () => {
    const english = await device('en-GB');
    await english.goto((await cases.fixture.newInvitation()).url);
    await english.locator('.sd-page').waitFor();
    expect(await english.locator('html').getAttribute('lang')).toBe('en');
    expect(await english.locator('.sd-progress__text').first().textContent()).toMatch(/^Question 1 of \d+$/);
    expect(await english.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    await english.getByRole('button', { name: 'Dansk' }).tap();
    expect(await english.locator('.sd-progress__text').first().textContent()).toMatch(/^Spørgsmål 1 af \d+$/);

    const danish = await device('da-DK');
    await danish.goto((await cases.fixture.newInvitation()).url);
    await danish.locator('.sd-page').waitFor();
    expect(await danish.locator('html').getAttribute('lang')).toBe('da');
    expect(await danish.locator('.sd-progress__text').first().textContent()).toMatch(/^Spørgsmål 1 af \d+$/);

    const unknown = await device('en-GB');
    cases.allow(unknown, failedLoad(404));
    await unknown.goto(`${cases.fixture.server.url}/answer/no-such-link`);
    await unknown.getByRole('heading', { name: 'We cannot find this link' }).waitFor();
  }, 60_000);
});

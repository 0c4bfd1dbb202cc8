/**
 * The patient app in Debian's Chromium at tablet size, against the real server and a temporary
 * database: answering by touch, autosave and resume, sending offline, friendly link pages,
 * accessibility, layout and how the page is served. Screenshots go to test-artifacts/.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import { fromStoredReasons } from '../../server/domain/stored-reasons.js';
import { DEFAULT_QUESTIONNAIRE_DIR, loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { urgentCompletionText } from '../../client/survey/safety.js';
import { failedLoad, noAnswer, saveScreenshot, seriousAxeViolations } from './browser.js';
import { patientBrowserCases } from './patient-cases.js';
import {
  answerAllPages, answerCurrentPage, answerFixture, backButton, choice, nextButton, nextPage, question, sendButton, startPatientServer,
} from './patient-fixture.js';

const catalog = await loadQuestionnaires();
const palliative = catalog.get('palliative-needs')!.definition;
const SPECIALIZED = answerFixture('palliative-specialized');
const BASIC = answerFixture('palliative-basic');

const cases = patientBrowserCases();
const tablet = (viewport?: { width: number; height: number }) => cases.tablet(viewport);

const db = () => cases.fixture.server.db;

async function responsesOf(patientId: string) {
  return db().selectFrom('responses').selectAll().where('patient_id', '=', patientId).execute();
}

async function draftOf(patientId: string) {
  const row = await db().selectFrom('invitations').select(['draft_answers', 'draft_locale']).where('patient_id', '=', patientId).executeTakeFirstOrThrow();
  return { answers: row.draft_answers ? (JSON.parse(row.draft_answers) as Record<string, unknown>) : null, locale: row.draft_locale };
}

/** Waits until the server holds a draft with at least these answers. */
async function serverDraftHas(patientId: string, names: string[]): Promise<void> {
  await expect
    .poll(async () => {
      const answers = (await draftOf(patientId)).answers ?? {};
      return names.filter((n) => answers[n] === undefined);
    }, { timeout: 10_000 })
    .toEqual([]);
}

const heading = (page: Page) => page.locator('h1');

describe('the patient app on a tablet', () => {
  it('is answered by touch from the first page to the completion page, and the server stores the right scores and flag', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(invitation.url);

    await expect.poll(() => heading(page).textContent()).toBe(palliative.survey.title && (palliative.survey.title as { da: string }).da);
    await expect.poll(() => page.locator('.sd-progress__text').last().textContent()).toBe('Spørgsmål 1 af 31');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'patient-answering');

    // The Back button is there from page 2, and going back keeps the answers.
    await answerCurrentPage(page, SPECIALIZED);
    await nextButton(page).tap();
    await expect.poll(() => page.locator('.sd-progress__text').last().textContent()).toBe('Spørgsmål 5 af 31');
    await backButton(page).tap();
    await expect.poll(() => choice(page, 'c1', SPECIALIZED.c1).locator('input').isChecked()).toBe(true);

    await answerAllPages(page, SPECIALIZED);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await sendButton(page).tap();

    await expect.poll(() => heading(page).textContent()).toBe('Dine svar er sendt');
    // Pain "Very much" is urgent: "call today". No phone is set yet: it names the contact person, not a number.
    await expect.poll(() => page.locator('.next-steps').textContent()).toBe(urgentCompletionText(null, 'da'));
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'patient-completion');

    const stored = await responsesOf(invitation.patientId);
    expect(stored).toHaveLength(1);
    const response = stored[0]!;
    expect(response.locale).toBe('da');
    expect(JSON.parse(response.answers)).toEqual(SPECIALIZED);
    const expected = assessResponse(catalog.get('palliative-needs')!, SPECIALIZED);
    const scores = await db().selectFrom('scale_scores').select(['scale', 'score']).where('response_id', '=', response.id).execute();
    expect(Object.fromEntries(scores.map((s) => [s.scale, s.score]))).toEqual(Object.fromEntries(expected.scores.map((s) => [s.scale, s.score])));
    const flag = await db().selectFrom('flags').select(['level', 'reasons']).where('response_id', '=', response.id).executeTakeFirstOrThrow();
    expect(flag.level).toBe('specialized');
    expect(fromStoredReasons(JSON.parse(flag.reasons), catalog.get('palliative-needs')!.definition.flagging.rules)).toEqual(expected.flag.reasons);

    // Everything came from our server: the font too.
    expect(requests.filter((url) => !url.startsWith(cases.fixture.server.url))).toEqual([]);
    expect(requests.some((url) => url.endsWith('.woff2'))).toBe(true);
    // The patient page never loads staff code.
    expect(requests.filter((url) => /\/assets\/staff-/.test(url))).toEqual([]);

    // Reopening the link on this tablet shows the same "what happens next" (the server says 410 Gone).
    cases.allow(page, failedLoad(410));
    await page.reload();
    await expect.poll(() => heading(page).textContent()).toBe('Dine svar er sendt');
  }, 90_000);

  it("tells a relative, in both languages, that the questions are about the patient by first name, and stores the answers as the relative's (proxy)", async () => {
    const invitation = await cases.fixture.newInvitation('palliative-needs', { patientName: 'Karen Marie Jensen', relationship: 'datter' });
    const page = await tablet();
    await page.goto(invitation.url);
    await expect.poll(() => page.locator('.relative-intro').textContent()).toBe(
      'Spørgsmålene handler om Karen. Når der står »du«, menes Karen. Svar ud fra, hvordan du tror, Karen har haft det i den seneste uge.',
    );
    expect(await page.locator('body').textContent()).not.toMatch(/Jensen|Marie/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).tap();
    await expect.poll(() => page.locator('.relative-intro').textContent()).toBe(
      "The questions are about Karen. Where a question says 'you', it means Karen. Answer the way you think Karen has been in the past week.",
    );

    await answerAllPages(page, BASIC);
    await sendButton(page).tap();
    await expect.poll(() => heading(page).textContent()).toBe('Your answers have been sent');
    const stored = await responsesOf(invitation.patientId);
    expect(stored.map((r) => [r.mode, r.respondent, r.relationship, r.recorded_by])).toEqual([['proxy', 'relative', 'datter', null]]);
  }, 90_000);

  it("shows the patient's own link no relative's intro", async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    await page.goto(invitation.url);
    await expect.poll(() => page.locator('.autosave-note').count()).toBe(1);
    expect(await page.locator('.relative-intro').count()).toBe(0);
  });

  it('keeps the answers through a reload, and another device resumes from the server draft', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    await page.goto(invitation.url);
    // The body's three pages, then the first of "how you feel".
    for (let n = 0; n < 3; n += 1) {
      await answerCurrentPage(page, BASIC);
      await nextPage(page);
    }
    await expect.poll(() => page.locator('.sd-progress__text').last().textContent()).toBe('Spørgsmål 15 af 31');
    await choice(page, 'c13', 2).tap();
    await serverDraftHas(invitation.patientId, ['c1', 'c12', 'c13']);

    await page.reload();
    await expect.poll(() => page.locator('.sd-progress__text').last().textContent()).toBe('Spørgsmål 15 af 31');
    expect(await choice(page, 'c13', 2).locator('input').isChecked()).toBe(true);
    await backButton(page).tap();
    expect(await choice(page, 'c12', BASIC.c12).locator('input').isChecked()).toBe(true);

    // A second tablet has no local copy: it opens where the patient was last (the page they went back to), with the answers so far.
    await expect
      .poll(async () => (await db().selectFrom('invitations').select('draft_page').where('patient_id', '=', invitation.patientId).executeTakeFirstOrThrow()).draft_page, { timeout: 10_000 })
      .toBe('more_symptoms');
    const other = await tablet();
    await other.goto(invitation.url);
    await expect.poll(() => other.locator('.sd-progress__text').last().textContent()).toBe('Spørgsmål 11 af 31');
    expect(await choice(other, 'c12', BASIC.c12).locator('input').isChecked()).toBe(true);
    await nextButton(other).tap();
    await expect.poll(() => choice(other, 'c13', 2).locator('input').isChecked()).toBe(true);
  }, 60_000);

  it('keeps a submission made offline, says it is not sent yet, and stores it exactly once when back online, in the chosen language', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    await page.goto(invitation.url);
    await page.getByRole('button', { name: 'English' }).tap();
    await expect.poll(() => heading(page).textContent()).toBe((palliative.survey.title as { default: string }).default);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await answerAllPages(page, SPECIALIZED);

    cases.allow(page, noAnswer);
    await page.context().setOffline(true);
    await sendButton(page).tap();
    await expect.poll(() => heading(page).textContent()).toBe('Not sent yet — we will keep trying');
    expect(await page.locator('[role="status"]').count()).toBeGreaterThan(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await responsesOf(invitation.patientId)).toHaveLength(0);

    await page.context().setOffline(false);
    await expect.poll(() => heading(page).textContent(), { timeout: 40_000 }).toBe('Your answers have been sent');
    expect(await page.locator('.next-steps').textContent()).toBe(urgentCompletionText(null, 'en'));
    const stored = await responsesOf(invitation.patientId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.locale).toBe('en');
  }, 90_000);

  it('stores a submission once when the acknowledgement is lost and the tablet sends it again', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    const ids: string[] = [];
    let dropped = false;
    cases.allow(page, noAnswer);
    await page.route('**/api/invitations/*/responses', async (route) => {
      ids.push(JSON.parse(route.request().postData() ?? '{}').id);
      if (dropped) return route.continue();
      // The server receives and stores it, but the answer never reaches the tablet.
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.goto(invitation.url);
    await answerAllPages(page, BASIC);
    await sendButton(page).tap();
    await expect.poll(() => heading(page).textContent(), { timeout: 30_000 }).toBe('Dine svar er sendt');
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids).size).toBe(1);
    expect(await responsesOf(invitation.patientId)).toHaveLength(1);
  }, 90_000);

  it('sends a submission kept on the tablet when the link is opened again after the page was closed offline', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    await page.goto(invitation.url);
    await answerAllPages(page, BASIC);
    cases.allow(page, noAnswer);
    await page.context().setOffline(true);
    await sendButton(page).tap();
    await expect.poll(() => heading(page).textContent()).toBe('Ikke sendt endnu — vi prøver igen');
    const context = page.context();
    await page.close();

    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(invitation.url);
    await expect.poll(() => heading(again).textContent(), { timeout: 30_000 }).toBe('Dine svar er sendt');
    expect(await responsesOf(invitation.patientId)).toHaveLength(1);
  }, 90_000);

  it('tells the patient when the server cannot be reached, and opens the questionnaire by itself once it can', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    cases.allow(page, noAnswer);
    await page.route('**/api/invitations/*', (route) => route.abort('connectionrefused'));
    await page.goto(invitation.url);
    await expect.poll(() => heading(page).textContent()).toBe('Vi kan ikke få forbindelse lige nu');
    await page.unroute('**/api/invitations/*');
    await page.getByRole('button', { name: 'Prøv igen nu' }).tap();
    await question(page, 'c1').waitFor();
  }, 60_000);

  it('takes the patient back to the questions the server refused, with the answers kept', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    cases.allow(page, failedLoad(422));
    await page.route('**/api/invitations/*/responses', (route) =>
      route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: { code: 'invalid_answers', message: 'x', details: [{ question: 'c13', message: 'bad' }] } }) }),
    );
    await page.goto(invitation.url);
    await answerAllPages(page, BASIC);
    await sendButton(page).tap();
    await expect.poll(() => page.getByRole('alert').locator('li').textContent()).toBe('Har du følt dig anspændt eller urolig?');
    await expect.poll(() => page.locator('.sd-progress__text').last().textContent()).toBe('Spørgsmål 15 af 31');
    expect(await choice(page, 'c13', BASIC.c13).locator('input').isChecked()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Sent again once the server accepts: a new id, stored once.
    await page.unroute('**/api/invitations/*/responses');
    await answerAllPages(page, {}); // every answer is still there: only Next to the last page
    await sendButton(page).tap();
    await expect.poll(() => heading(page).textContent()).toBe('Dine svar er sendt');
    expect(await responsesOf(invitation.patientId)).toHaveLength(1);
  }, 90_000);

  it('shows a friendly page for an expired, an already answered and an unknown link', async () => {
    const expired = await cases.fixture.newInvitation();
    const page = await tablet();
    // The server's answers the page explains: 410 for an expired or spent link, 404 for an unknown one.
    cases.allow(page, failedLoad(410));
    cases.allow(page, failedLoad(404));
    cases.fixture.setClockOffsetDays(15);
    try {
      await page.goto(expired.url);
      await expect.poll(() => heading(page).textContent()).toBe('Linket er udløbet');
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      cases.fixture.setClockOffsetDays(0);
    }

    // Answered on another device: this tablet has no "done" note, so it explains instead.
    const spent = await cases.fixture.newInvitation();
    const first = await tablet();
    await first.goto(spent.url);
    await answerAllPages(first, BASIC);
    await sendButton(first).tap();
    await expect.poll(() => heading(first).textContent()).toBe('Dine svar er sendt');
    await page.goto(spent.url);
    await expect.poll(() => heading(page).textContent()).toBe('Spørgeskemaet er allerede besvaret');

    await page.goto(`${cases.fixture.server.url}/answer/not-a-real-token`);
    await expect.poll(() => heading(page).textContent()).toBe('Vi kan ikke finde dette link');
    await page.getByRole('button', { name: 'English' }).tap();
    await expect.poll(() => heading(page).textContent()).toBe('We cannot find this link');
    expect(await seriousAxeViolations(page)).toEqual([]);
  }, 90_000);

  it('fits a 768 px wide tablet without sideways scrolling, with touch targets of 48 px and text of 18 px or more', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet({ width: 768, height: 1024 });
    await page.goto(invitation.url);
    await question(page, 'c1').waitFor();
    const layout = await page.evaluate(() => {
      const visible = (e: Element) => (e as HTMLElement).offsetParent !== null;
      const targets = [...document.querySelectorAll('button, label, input[type="button"], textarea')].filter(visible);
      const texts = [...document.querySelectorAll('p, label, h1, h2, h3, button, .sd-description, .sd-progress__text, textarea')].filter(visible);
      return {
        scrollWidth: document.documentElement.scrollWidth,
        smallTargets: targets.map((e) => ({ t: e.textContent?.trim().slice(0, 30), h: e.getBoundingClientRect().height })).filter((x) => x.h < 48),
        smallText: texts.map((e) => ({ t: e.textContent?.trim().slice(0, 30), px: parseFloat(getComputedStyle(e).fontSize) })).filter((x) => x.px < 18),
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(768);
    expect(layout.smallTargets).toEqual([]);
    expect(layout.smallText).toEqual([]);

    // Landscape too.
    await page.setViewportSize({ width: 1180, height: 820 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1180);
  }, 60_000);

  it('can be answered with the keyboard alone: choices by arrow keys, pages by Enter, focus on the new page title', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    await page.goto(invitation.url);
    await question(page, 'c1').waitFor();
    // Tab from the top: the language buttons, "who is filling in" (one stop), then the first item's choices.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Dansk');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toMatch(/^respondent/);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toMatch(/^c1/);
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await choice(page, 'c1', 2).locator('input').isChecked()).toBe(true);

    await answerCurrentPage(page, { ...BASIC, c1: 2 });
    await nextButton(page).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('sd-page__title'))).toBe(true);
  }, 60_000);
});

describe('how the patient page is served', () => {
  it('sends compressed assets with long-lived cache headers, the page with no-cache, and a second visit loads from the cache', async () => {
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    const first: { url: string; encoding?: string; cache?: string; type: string; bytes: Promise<number> }[] = [];
    page.on('response', (r) => {
      const h = r.headers();
      first.push({ url: r.url(), encoding: h['content-encoding'], cache: h['cache-control'], type: r.request().resourceType(), bytes: r.body().then((b) => b.length, () => 0) });
    });
    await page.goto(invitation.url);
    await question(page, 'c1').waitFor();

    const html = first.find((r) => r.type === 'document')!;
    expect(html.cache).toBe('no-cache');
    const code = first.filter((r) => r.type === 'script' || r.type === 'stylesheet');
    expect(code.length).toBeGreaterThanOrEqual(2);
    expect(code.some((r) => /\/assets\/surveyjs-/.test(r.url))).toBe(true);
    for (const r of code) {
      // Compressed, except files under 1 KB (client/build/precompress.ts leaves those as they are).
      if ((await r.bytes) >= 1024) expect(r.encoding, r.url).toMatch(/^(br|gzip)$/);
      expect(r.cache, r.url).toBe('public, max-age=31536000, immutable');
    }

    // A second visit: scripts, styles and font come from the browser's cache, no request to the server.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const cached = new Set<string>();
    const responses: { id: string; url: string; fromDiskCache: boolean }[] = [];
    cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => responses.push({ id: e.requestId, url: e.response.url, fromDiskCache: e.response.fromDiskCache === true }));
    await page.goto(invitation.url);
    await question(page, 'c1').waitFor();
    const assets = responses.filter((r) => /\/assets\//.test(r.url));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    expect(assets.filter((r) => !r.fromDiskCache && !cached.has(r.id)).map((r) => r.url)).toEqual([]);
  }, 60_000);
});

describe('the safety message and items left blank', () => {
  const SITE = { phone: '70 20 30 40', hours: { da: 'hverdage kl. 8-15', en: 'weekdays 8 am to 3 pm' }, afterHours: { da: '', en: '' } };
  const DA = 'Vi læser ikke dine svar med det samme. Har du brug for hjælp nu, så ring til 70 20 30 40 (hverdage kl. 8-15). Ring 112, hvis det er livstruende.';
  const EN = 'We do not read your answers straight away. If you need help now, call 70 20 30 40 (weekdays 8 am to 3 pm). If it is life-threatening, call 112.';

  it('shows the phone the admin set before the first question, in Danish and after switching in English, and beside the contact wish', async () => {
    await cases.fixture.setSiteSettings({ site: SITE });
    const invitation = await cases.fixture.newInvitation();
    const page = await tablet();
    await page.goto(invitation.url);
    await question(page, 'c1').waitFor();

    const first = page.locator('.sd-page .lindring-safety').first();
    expect(await first.textContent()).toBe(DA);
    // Before the first question, not below it.
    expect(await first.evaluate((el) => {
      const c1 = document.querySelector('.sd-question[data-name="c1"]')!;
      return Boolean(el.compareDocumentPosition(c1) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    expect(await first.locator('a').getAttribute('href')).toBe('tel:70203040');
    expect(parseFloat(await first.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(20);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'English' }).tap();
    await expect.poll(() => first.textContent()).toBe(EN);

    // Beside the free text on the third page and the contact wish on the last.
    for (let n = 0; n < 2; n += 1) {
      await answerCurrentPage(page, BASIC);
      await nextPage(page);
    }
    expect(await page.locator('[data-name="lindring_safety_other_symptoms"] .lindring-safety').textContent()).toBe(EN);
    await answerAllPages(page, BASIC);
    expect(await page.locator('[data-name="lindring_safety_contact_wish"] .lindring-safety').textContent()).toBe(EN);
    await saveScreenshot(page, 'patient-safety-message');
    await sendButton(page).tap();
    await expect.poll(() => heading(page).textContent()).toBe('Your answers have been sent');
    expect(await page.locator('.next-steps').textContent()).toContain('If you need help before then, call 70 20 30 40 (weekdays 8 am to 3 pm). If it is life-threatening, call 112.');
    expect(await page.locator('.next-steps').textContent()).not.toContain('letter');
  }, 90_000);

  it('says which scored items are blank when leaving a page, lets the patient go on, and sends; the half rule decides the scores', async () => {
    // The shipped files still require every answer in this branch: serve a copy without isRequired.
    const dir = mkdtempSync(path.join(tmpdir(), 'lindring-optional-'));
    const stripRequired = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(stripRequired)
        : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'isRequired').map(([k, v]) => [k, stripRequired(v)]))
        : value;
    const source = JSON.parse(readFileSync(path.join(DEFAULT_QUESTIONNAIRE_DIR, 'palliative-needs.json'), 'utf8'));
    writeFileSync(path.join(dir, 'palliative-needs.json'), JSON.stringify({ ...stripRequired(source) as object, version: `${source.version}-optional` }));
    const optional = await startPatientServer({ questionnaireDir: dir });
    try {
      const definition = (await loadQuestionnaires(dir)).get('palliative-needs')!;
      const answers = { ...BASIC };
      for (const blank of ['c2', 'c3', 'faith_concerns']) delete answers[blank];
      const invitation = await optional.newInvitation();
      const page = await tablet();
      await page.goto(invitation.url);

      const notices: string[][] = [];
      for (let guard = 0; guard < 20 && !(await sendButton(page).isVisible()); guard += 1) {
        await page.locator('.sd-page').waitFor();
        await answerCurrentPage(page, answers);
        const title = await page.locator('.sd-page__title').textContent();
        await nextButton(page).tap();
        const notice = page.locator('.blank-items');
        await page.waitForFunction((before) => document.querySelector('.blank-items') !== null || document.querySelector('.sd-page__title')?.textContent !== before, title);
        if (await notice.isVisible()) {
          expect(await page.locator('.sd-page__title').textContent()).toBe(title);
          expect(await notice.locator('h2').textContent()).toBe('Du har ikke svaret på:');
          expect(await notice.textContent()).toContain('Du må gerne lade dem stå tomme, eller gå tilbage og svare.');
          notices.push(await notice.locator('li').allTextContents());
          expect(await seriousAxeViolations(page)).toEqual([]);
          // The first time by the button, then by tapping "Next" again.
          if (notices.length === 1) await notice.getByRole('button', { name: 'Fortsæt uden at svare' }).tap();
          else await nextButton(page).tap();
          await page.waitForFunction((before) => document.querySelector('.sd-page__title')?.textContent !== before, title);
          expect(await notice.count()).toBe(0);
        }
      }
      await answerCurrentPage(page, answers);
      const titleOf = (name: string) => (definition.questions.get(name)!.title as { da: string }).da;
      expect(notices).toEqual([[titleOf('c2'), titleOf('c3')], [titleOf('faith_concerns')]]);

      await sendButton(page).tap();
      await expect.poll(() => heading(page).textContent()).toBe('Dine svar er sendt');
      const response = await optional.server.db.selectFrom('responses').selectAll().where('patient_id', '=', invitation.patientId).executeTakeFirstOrThrow();
      expect(JSON.parse(response.answers)).toEqual(answers);
      const scores = Object.fromEntries(
        (await optional.server.db.selectFrom('scale_scores').select(['scale', 'score']).where('response_id', '=', response.id).execute()).map((s) => [s.scale, s.score]),
      );
      expect(scores).toEqual(Object.fromEntries(assessResponse(definition, answers).scores.map((s) => [s.scale, s.score])));
      // Physical functioning lacks two of three items: missing. Existential lacks one of three: scored from the other two.
      expect(scores.pf).toBeNull();
      expect(scores.existential).not.toBeNull();
    } finally {
      await optional.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

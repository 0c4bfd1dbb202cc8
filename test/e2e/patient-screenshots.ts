/**
 * `npm run screenshots`: the pictures of the patient app (README.md, docs/patient-app.md) on a tablet (820 x 1180), made
 * against the real server with a temporary database:
 * client/screenshots/patient-answering.png, patient-phone.png (390 x 844) and patient-completion.png,
 * from the server started as production starts it (its Content-Security-Policy).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, PHONE, TABLET } from './browser.js';
import { buildClient } from './global-setup.js';
import { answerAllPages, answerCurrentPage, answerFixture, choice, nextButton, sendButton, startPatientServer, type PatientServer } from './patient-fixture.js';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'client', 'screenshots');

/** Polls the link until the server's draft holds an answer to `name` (the autosave is debounced). */
async function waitForServerDraft(server: PatientServer, token: string, name: string): Promise<void> {
  for (let tries = 0; tries < 50; tries += 1) {
    const body = (await (await fetch(`${server.server.url}/api/invitations/${token}`)).json()) as { draft: { answers: Record<string, unknown> } | null };
    if (body.draft?.answers[name] !== undefined) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server's draft never held ${name}`);
}

await buildClient();
const fixture = await startPatientServer();
const browser = await launchBrowser();
try {
  const answers = answerFixture('palliative-basic');
  const invitation = await fixture.newInvitation();
  const page = await browser.newPage({ viewport: TABLET, hasTouch: true, locale: 'da-DK' });
  await page.goto(invitation.url);
  // The second page: the progress bar under way, the Back and Next buttons in view, one answer chosen.
  await answerCurrentPage(page, answers);
  await nextButton(page).tap();
  await choice(page, 'c4', 2).tap();
  // No finger left on the screen: no pressed or focus look in the picture.
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.waitForTimeout(500); // let SurveyJS's 150 ms transitions finish
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'patient-answering.png') });

  // The same link on a phone (another device: it opens where the tablet left off, once the server has the draft).
  await waitForServerDraft(fixture, invitation.token, 'c4');
  const phone = await browser.newPage({ viewport: PHONE, hasTouch: true, locale: 'da-DK', deviceScaleFactor: 1 });
  await phone.goto(invitation.url);
  await phone.locator('.sd-page').waitFor();
  await phone.evaluate(() => document.fonts.ready.then(() => undefined));
  await phone.waitForTimeout(500);
  await phone.screenshot({ path: path.join(OUT, 'patient-phone.png') });
  await phone.close();

  await answerAllPages(page, answers);
  await sendButton(page).tap();
  await page.locator('.next-steps').waitFor();
  await page.screenshot({ path: path.join(OUT, 'patient-completion.png') });
  console.log(`saved ${path.relative(process.cwd(), OUT)}/patient-answering.png, patient-phone.png and patient-completion.png`);
} finally {
  await browser.close();
  await fixture.close();
}

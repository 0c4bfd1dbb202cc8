/**
 * `npm run screenshots:staff`: the pictures of the staff app (README.md, docs/staff-app.md) (client/screenshots/), taken
 * from the built client against a fresh database with the demo data, logged in as the demo nurse.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, TABLET } from './browser.js';
import { loggedInPage, staffContextOptions, startSeededServer } from './staff-fixture.js';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'client', 'screenshots');

const app = await startSeededServer();
const browser = await launchBrowser();
try {
  mkdirSync(OUT, { recursive: true });
  const page = await loggedInPage(await browser.newContext(staffContextOptions('en')), app.server.url, 'nurse', 'en');
  await page.locator('table.worklist tbody tr').first().waitFor();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.screenshot({ path: path.join(OUT, 'staff-worklist.png') });
  // The same worklist on a ward tablet in portrait: cards, no sideways scrolling (issue 15).
  await page.setViewportSize(TABLET);
  await page.screenshot({ path: path.join(OUT, 'staff-worklist-tablet.png') });
  await page.setViewportSize({ width: 1400, height: 1000 });

  await page.locator('table.worklist tbody tr').first().locator('.patient-link').click();
  await page.locator('.chart canvas').first().waitFor();
  await page.getByLabel('Refer to the specialized level').check();
  await page.setViewportSize({ width: 1400, height: 1500 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUT, 'staff-detail.png') });

  // Issue 13: the response as its filled-in form (read-only, beside the scores and reasons), and a patient's page.
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.getByRole('link', { name: 'Show the questionnaire' }).click();
  await page.locator('.sd-item--checked').first().waitFor();
  await page.screenshot({ path: path.join(OUT, 'staff-response-form.png') });
  await page.getByRole('link', { name: /Back to the response/ }).click();
  await page.getByRole('link', { name: 'Patients and invitations' }).click();
  await page.locator('#patient-query').fill('DEMO-1001');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: 'Karen Jensen' }).click();
  await page.locator('table.patient-responses').waitFor();
  await page.screenshot({ path: path.join(OUT, 'staff-patient.png') });

  // The blank form as it prints (A4 width, print styles).
  await page.goto(`${page.url()}/print/palliative-needs`);
  await page.locator('.sd-question').first().waitFor();
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: path.join(OUT, 'staff-printed-form.png') });
  console.log(`Wrote ${path.relative(process.cwd(), path.join(OUT, 'staff-worklist.png'))}, staff-worklist-tablet.png, staff-detail.png, staff-response-form.png, staff-patient.png and staff-printed-form.png`);
} finally {
  await browser.close();
  await app.close();
}

/**
 * `npm run screenshots:staff`: the README's pictures of the staff app (client/screenshots/), taken
 * from the built client against a fresh database with the demo data, logged in as the demo nurse.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, TABLET } from './browser.js';
import { loggedInPage, startSeededServer } from './staff-fixture.js';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'client', 'screenshots');

const app = await startSeededServer();
const browser = await launchBrowser();
try {
  mkdirSync(OUT, { recursive: true });
  const page = await loggedInPage(browser, app.server.url, 'nurse', 'en');
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
  console.log(`Wrote ${path.relative(process.cwd(), path.join(OUT, 'staff-worklist.png'))}, staff-worklist-tablet.png and staff-detail.png`);
} finally {
  await browser.close();
  await app.close();
}

/** A running Lindring with the demo data, and a browser page logged in as a demo user: shared by the staff browser test and the README screenshots. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemo, type DemoSeedResult } from '../../server/demo/seed.js';
import { contextOf } from '../../server/http/app.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { startServer, type RunningServer } from '../../server/start.js';

export interface SeededServer {
  server: RunningServer;
  seed: DemoSeedResult;
  close(): Promise<void>;
}

/** A fresh SQLite file, the server on a free port serving the built client, and the demo data. */
export async function startSeededServer(): Promise<SeededServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lindring-staff-'));
  const server = await startServer({ databaseUrl: path.join(dir, 'lindring.sqlite'), port: 0, host: '127.0.0.1', log: false });
  try {
    const ctx = contextOf({ db: server.db, questionnaires: await loadQuestionnaires() });
    const seed = await seedDemo(ctx, { baseUrl: server.url });
    return {
      server,
      seed,
      async close() {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

export const WIDE = { width: 1400, height: 1000 };

/** A new browser context (its own cookies) in the given UI language, logged in as `username` (demo password = username). */
export async function loggedInPage(browser: Browser, baseUrl: string, username: string, lang: 'da' | 'en' = 'en'): Promise<Page> {
  // bypassCSP: the server's Content-Security-Policy would block the inline axe-core script the accessibility check injects.
  const context = await browser.newContext({ viewport: WIDE, locale: lang === 'da' ? 'da-DK' : 'en-GB', bypassCSP: true });
  await context.addInitScript((l) => {
    if (!window.localStorage.getItem('lindring.staff.lang')) window.localStorage.setItem('lindring.staff.lang', l);
  }, lang);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(username);
  await page.locator('button[type="submit"]').click();
  await page.locator('header nav, nav').first().waitFor(); // the worklist's page navigation may already be there too
  return page;
}

/** A running Lindring with the demo data, and a browser page logged in as a demo user: shared by the staff browser test and the screenshots in README.md and docs/. */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { seedDemo, type DemoSeedResult } from '../../server/demo/seed.js';
import type { ServerConfig } from '../../server/config.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { createServiceContext } from '../../server/services/create-context.js';
import { startServer, type RunningServer } from '../../server/start.js';
import { TEST_PASSWORD_HASHING } from '../server/helpers.js';
import { startProductionServer } from './production-server.js';

export interface SeededServer {
  server: RunningServer;
  seed: DemoSeedResult;
  close(): Promise<void>;
}

const DATABASE = 'lindring.sqlite';

/** A SQLite file with the demo data, seeded once per process; passwords hashed at the tests' cost, as the servers below check them. */
let template: Promise<{ dir: string; seed: DemoSeedResult }> | undefined;
function demoDatabase(): Promise<{ dir: string; seed: DemoSeedResult }> {
  template ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lindring-demo-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const server = await startServer({ databaseUrl: path.join(dir, DATABASE), port: 0, host: '127.0.0.1', log: false }, { passwordHashing: TEST_PASSWORD_HASHING });
    try {
      const ctx = createServiceContext({ db: server.db, questionnaires: await loadQuestionnaires(), settings: { passwordHashing: TEST_PASSWORD_HASHING } });
      // English free texts: the tests read the demo's notes and own words as written in English (seed:demo writes Danish by default).
      return { dir, seed: await seedDemo(ctx, { baseUrl: server.url, lang: 'en' }) };
    } finally {
      await server.close();
    }
  })();
  return template;
}

/** The server as production starts it, on a free port serving the built client, on its own copy of the demo database: nothing carries over between callers. */
export async function startSeededServer(config: Partial<ServerConfig> = {}): Promise<SeededServer> {
  const demo = await demoDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), 'lindring-staff-'));
  for (const file of readdirSync(demo.dir)) if (file.startsWith(DATABASE)) copyFileSync(path.join(demo.dir, file), path.join(dir, file));
  const server = await startProductionServer({ ...config, databaseUrl: path.join(dir, DATABASE) }, { passwordHashing: TEST_PASSWORD_HASHING });
  return {
    server,
    seed: demo.seed,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const WIDE = { width: 1400, height: 1000 };

/** A new browser context's options (its own cookies) for the given UI language. */
export const staffContextOptions = (lang: 'da' | 'en') => ({ viewport: WIDE, locale: lang === 'da' ? 'da-DK' : 'en-GB' });

/** A page of a new context made with staffContextOptions, logged in as `username` (demo password = username). */
export async function loggedInPage(context: BrowserContext, baseUrl: string, username: string, lang: 'da' | 'en' = 'en'): Promise<Page> {
  await context.addInitScript((l) => {
    // Not on about:blank, where the page has no storage.
    if (location.protocol.startsWith('http') && !window.localStorage.getItem('lindring.staff.lang')) window.localStorage.setItem('lindring.staff.lang', l);
  }, lang);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(username);
  await page.locator('button[type="submit"]').click();
  // The first nav is the main menu (the worklist's page navigation may already be there too).
  await page.locator('nav').first().waitFor();
  return page;
}

/** Opens a worklist row's disclosure and waits for its reasons; returns the details row. */
export async function expandWorklistRow(page: Page, row: Locator): Promise<Locator> {
  const button = row.locator('button.expand');
  await button.click();
  expect(await button.getAttribute('aria-expanded')).toBe('true');
  const details = page.locator(`#${await button.getAttribute('aria-controls')}`);
  await details.locator('.reasons-short li').first().waitFor();
  return details;
}

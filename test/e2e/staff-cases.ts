/**
 * The frame of the staff browser tests: one Chromium for the file and, for every case, its own
 * server on a fresh copy of the demo data, so a case runs alone (`-t`) as it runs in the file.
 * Contexts and pages opened through it are closed after the case.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchBrowser } from './browser.js';
import { loggedInPage, startSeededServer, WIDE, type SeededServer } from './staff-fixture.js';

export interface StaffCases {
  readonly browser: Browser;
  readonly app: SeededServer;
  /** The case's server, e.g. http://127.0.0.1:4711. */
  readonly base: string;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page of its own (own cookies) in the given UI language and viewport, logged in as a demo user. */
  login(username: string, lang?: 'da' | 'en', viewport?: { width: number; height: number }): Promise<Page>;
  /** A page under the server's own Content-Security-Policy (login() bypasses it for axe), logged in, with what the policy blocked. */
  loginUnderCsp(username: string): Promise<{ page: Page; blocked: string[] }>;
}

/** Registers the hooks; call once at the top of a describe block. */
export function staffBrowserCases(): StaffCases {
  let browser: Browser | undefined;
  let app: SeededServer | undefined;
  let contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    app = await startSeededServer();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    contexts = [];
    await app?.close();
  });
  const running = () => {
    if (!browser || !app) throw new Error('staffBrowserCases: only inside a test case');
    return { browser, app };
  };
  return {
    get browser() { return running().browser; },
    get app() { return running().app; },
    get base() { return running().app.server.url; },
    async newContext(options) {
      const context = await running().browser.newContext(options);
      contexts.push(context);
      return context;
    },
    async login(username, lang = 'en', viewport = WIDE) {
      const page = await loggedInPage(running().browser, running().app.server.url, username, lang);
      contexts.push(page.context());
      if (viewport !== WIDE) await page.setViewportSize(viewport);
      return page;
    },
    async loginUnderCsp(username) {
      const page = await (await this.newContext({ viewport: WIDE, locale: 'en-GB' })).newPage();
      const blocked: string[] = [];
      page.on('console', (m) => {
        if (/Content[- ]Security[- ]Policy/i.test(m.text())) blocked.push(m.text());
      });
      await page.goto(`${this.base}/`);
      await page.locator('#username').fill(username);
      await page.locator('#password').fill(username);
      await page.locator('button[type="submit"]').click();
      await page.locator('nav').first().waitFor();
      return { page, blocked };
    },
  };
}

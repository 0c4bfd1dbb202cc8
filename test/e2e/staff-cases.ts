/**
 * The frame of the staff browser tests: one Chromium for the file and, for every case, its own
 * server on a fresh copy of the demo data, so a case runs alone (`-t`) as it runs in the file.
 * The server runs as production runs it (its Content-Security-Policy and headers); contexts and
 * pages opened through it are watched and closed after the case, which fails on a console error,
 * an uncaught exception or a CSP violation it did not allow.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { expect } from 'vitest';
import { launchBrowser, WatchedContexts } from './browser.js';
import type { ServerConfig } from '../../server/config.js';
import { loggedInPage, staffContextOptions, startSeededServer, WIDE, type SeededServer } from './staff-fixture.js';

export interface StaffCases {
  readonly browser: Browser;
  readonly app: SeededServer;
  /** The case's server, e.g. http://127.0.0.1:4711. */
  readonly base: string;
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page of its own (own cookies) in the given UI language and viewport, logged in as a demo user. */
  login(username: string, lang?: 'da' | 'en', viewport?: { width: number; height: number }): Promise<Page>;
  /** A console error this page is expected to print (e.g. the failed load of a 409 the screen explains). */
  allow(page: Page, pattern: RegExp): void;
}

/** Registers the hooks; call once at the top of a describe block. `config`: the server's settings beyond production's (e.g. SMTP), read as each case starts. */
export function staffBrowserCases(config: () => Partial<ServerConfig> = () => ({})): StaffCases {
  let browser: Browser | undefined;
  let app: SeededServer | undefined;
  const contexts = new WatchedContexts();
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    app = await startSeededServer(config());
  }, 120_000);
  afterEach(async () => {
    const unexpected = await contexts.settle();
    await app?.close();
    expect(unexpected, 'console errors or CSP violations').toEqual([]);
  });
  const running = () => {
    if (!browser || !app) throw new Error('staffBrowserCases: only inside a test case');
    return { browser, app };
  };
  const newContext = async (options?: BrowserContextOptions) => contexts.watch(await running().browser.newContext(options));
  return {
    get browser() { return running().browser; },
    get app() { return running().app; },
    get base() { return running().app.server.url; },
    newContext,
    async login(username, lang = 'en', viewport = WIDE) {
      const context = await newContext(staffContextOptions(lang));
      const page = await loggedInPage(context, running().app.server.url, username, lang);
      // Before signing in, the app's session check is answered 401 (and again after a sign-out).
      contexts.allow(page, /status of 401 .*\/api\/auth\/me\)$/);
      if (viewport !== WIDE) await page.setViewportSize(viewport);
      return page;
    },
    allow: (page, pattern) => contexts.allow(page, pattern),
  };
}

/**
 * The frame of the patient browser tests: one server (started as production starts it) and one
 * Chromium for the file; every context a case opens is watched, and the case fails on a console
 * error, an uncaught exception or a Content-Security-Policy violation it did not allow.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, PageProblems, TABLET } from './browser.js';
import { startPatientServer, type PatientServer } from './patient-fixture.js';

export interface PatientCases {
  readonly fixture: PatientServer;
  readonly browser: Browser;
  /** A fresh device: its own storage and cache, touch input, the given system language (Danish by default). */
  tablet(viewport?: { width: number; height: number }, locale?: string): Promise<Page>;
  /** A console error this page is expected to print (e.g. the failed load of a 410 for a spent link). */
  allow(page: Page, pattern: RegExp): void;
}

export function patientBrowserCases(): PatientCases {
  let fixture: PatientServer | undefined;
  let browser: Browser | undefined;
  let contexts: { context: BrowserContext; problems: PageProblems }[] = [];
  beforeAll(async () => {
    [fixture, browser] = await Promise.all([startPatientServer(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  }, 60_000);
  afterEach(async () => {
    const unexpected = contexts.flatMap((c) => c.problems.unexpected());
    await Promise.all(contexts.map((c) => c.context.close().catch(() => undefined)));
    contexts = [];
    expect(unexpected, 'console errors or CSP violations').toEqual([]);
  });
  const running = () => {
    if (!fixture || !browser) throw new Error('patientBrowserCases: only inside a test case');
    return { fixture, browser };
  };
  return {
    get fixture() { return running().fixture; },
    get browser() { return running().browser; },
    async tablet(viewport = TABLET, locale = 'da-DK') {
      const context = await running().browser.newContext({ viewport, hasTouch: true, locale });
      contexts.push({ context, problems: new PageProblems(context) });
      return context.newPage();
    },
    allow(page, pattern) {
      const watched = contexts.find((c) => c.context === page.context());
      if (!watched) throw new Error('allow: a page of this case only');
      watched.problems.allow(pattern);
    },
  };
}

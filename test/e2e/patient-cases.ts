/**
 * The frame of the patient browser tests: one server (started as production starts it) and one
 * Chromium for the file; every context a case opens is watched, and the case fails on a console
 * error, an uncaught exception or a Content-Security-Policy violation it did not allow.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, TABLET, WatchedContexts } from './browser.js';
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
  const contexts = new WatchedContexts();
  beforeAll(async () => {
    [fixture, browser] = await Promise.all([startPatientServer(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  }, 60_000);
  afterEach(async () => {
    expect(await contexts.settle(), 'console errors or CSP violations').toEqual([]);
  });
  const running = () => {
    if (!fixture || !browser) throw new Error('patientBrowserCases: only inside a test case');
    return { fixture, browser };
  };
  return {
    get fixture() { return running().fixture; },
    get browser() { return running().browser; },
    async tablet(viewport = TABLET, locale = 'da-DK') {
      const context = contexts.watch(await running().browser.newContext({ viewport, hasTouch: true, locale }));
      return context.newPage();
    },
    allow: (page, pattern) => contexts.allow(page, pattern),
  };
}

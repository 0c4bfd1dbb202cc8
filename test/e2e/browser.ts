/**
 * Shared set-up for browser tests: Debian's Chromium driven by playwright-core, and an axe check.
 * Never skips: a missing browser is installed (Debian, root) or the run stops with the command to install it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';

/** The Chromium to drive: CHROME_PATH, or Debian's, installed on the spot where we are root on Debian. */
function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const isDebian = existsSync('/etc/debian_version');
  const isRoot = process.getuid?.() === 0;
  if (isDebian && isRoot) {
    execFileSync('sh', ['-c', `${INSTALL} >/dev/null`], { stdio: 'inherit' });
    if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  }
  throw new Error(`Chromium is needed for the browser tests. Install it with: ${INSTALL} (or set CHROME_PATH)`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** The tablet the patient app is designed for, and a small phone. */
export const TABLET = { width: 820, height: 1180 };
export const PHONE = { width: 390, height: 844 };

/**
 * What a context's pages printed as errors: console errors (the browser reports every refusal of
 * the Content-Security-Policy there), uncaught exceptions and CSP violation events. A browser test
 * fails on any of them, except messages a case expects and allows by pattern (a 410 the server
 * answers for a spent link is logged as a failed load).
 */
export class PageProblems {
  private readonly seen: string[] = [];
  private readonly allowed: RegExp[] = [];

  constructor(context: BrowserContext) {
    // Violations also as events, with the element: the console line alone does not say which.
    void context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample} ${(e.target as Element | null)?.outerHTML?.slice(0, 200) ?? ''}`),
      );
    });
    const watch = (page: Page) => {
      page.on('console', (m) => {
        if (m.type() === 'error') this.seen.push(`${m.text()} (${m.location().url})`);
      });
      page.on('pageerror', (e) => this.seen.push(`uncaught: ${e.message}`));
    };
    context.pages().forEach(watch);
    context.on('page', watch);
  }

  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  /** What was not allowed; a case expects []. */
  unexpected(): string[] {
    return this.seen.filter((m) => !this.allowed.some((p) => p.test(m)));
  }
}

/** The contexts a test case opened, each watched for problems; settle() closes them after the case. */
export class WatchedContexts {
  private open: { context: BrowserContext; problems: PageProblems }[] = [];

  watch(context: BrowserContext): BrowserContext {
    this.open.push({ context, problems: new PageProblems(context) });
    return context;
  }

  /** A console error this page is expected to print (e.g. the failed load of a 410 for a spent link). */
  allow(page: Page, pattern: RegExp): void {
    const watched = this.open.find((c) => c.context === page.context());
    if (!watched) throw new Error('allow: a page of this case only');
    watched.problems.allow(pattern);
  }

  /** Closes every context and returns what they printed that no case allowed. */
  async settle(): Promise<string[]> {
    const unexpected = this.open.flatMap((c) => c.problems.unexpected());
    await Promise.all(this.open.map((c) => c.context.close().catch(() => undefined)));
    this.open = [];
    return unexpected;
  }
}

/** The console line Chromium writes for an answer with this HTTP status (the page handles it). */
export const failedLoad = (status: number): RegExp => new RegExp(`Failed to load resource: the server responded with a status of ${status}\\b`);
/** The console line Chromium writes for a request that got no answer at all (offline, refused, reset). */
export const noAnswer = /Failed to load resource: net::ERR_/;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script>: the server's Content-Security-Policy forbids inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export const ARTIFACT_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts');

/** Saves a screenshot under test-artifacts/ (kept by CI, ignored by git). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  const file = path.join(ARTIFACT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

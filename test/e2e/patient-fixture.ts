/**
 * The real server, started as production starts it, on a temporary SQLite file, serving the built client, with a nurse who makes
 * patients and invitations through the API; and helpers that answer the questionnaire the way a
 * patient does (by tapping). Shared by the patient browser tests, `npm run screenshots` and
 * `npm run bench:client`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createServiceContext } from '../../server/services/create-context.js';
import { createStaffUser } from '../../server/services/staff-auth.js';
import type { RunningServer } from '../../server/start.js';
import { TEST_PASSWORD_HASHING } from '../server/helpers.js';
import { startProductionServer } from './production-server.js';

const FIXTURE_DIR = path.resolve(import.meta.dirname, '..', 'fixtures');

export type Answers = Record<string, unknown>;

export function answerFixture(name: string): Answers {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, 'answers', `${name}.json`), 'utf8')) as Answers;
}

const NURSE = { username: 'e2e-nurse', password: 'a long enough e2e password', role: 'nurse' as const };
const ADMIN = { username: 'e2e-admin', password: 'a long enough e2e password', role: 'admin' as const };
const DAY_MS = 86_400_000;

export interface Invitation {
  token: string;
  url: string;
  patientId: string;
}

export interface PatientServer {
  server: RunningServer;
  /** Moves the server's clock (for expiry); 0 is the real time. */
  setClockOffsetDays(days: number): void;
  /** The patient's own link; `relative`: a relative's link for a patient of that name (issue 13). */
  newInvitation(questionnaireId?: string, relative?: { patientName: string; relationship: string }): Promise<Invitation>;
  /** PUT /api/settings as an admin, as the Settings page does. */
  setSiteSettings(patch: unknown): Promise<void>;
  close(): Promise<void>;
}

/** `questionnaireDir`: serve the questionnaires of this folder instead of the shipped ones. */
export async function startPatientServer({ questionnaireDir }: { questionnaireDir?: string } = {}): Promise<PatientServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lindring-patient-'));
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const server = await startProductionServer({ databaseUrl: path.join(dir, 'lindring.sqlite'), ...(questionnaireDir ? { questionnaireDir } : {}) }, { now, passwordHashing: TEST_PASSWORD_HASHING });
  const staffContext = createServiceContext({ db: server.db, questionnaires: new Map(), now, settings: { passwordHashing: TEST_PASSWORD_HASHING } });
  await createStaffUser(staffContext, null, NURSE);
  await createStaffUser(staffContext, null, ADMIN);
  let patients = 0;

  async function api<T = unknown>(method: string, url: string, body: unknown, cookie?: string): Promise<{ status: number; json: T; cookie: string | undefined }> {
    const response = await fetch(`${server.url}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null, cookie: response.headers.get('set-cookie')?.split(';')[0] };
  }

  return {
    server,
    setClockOffsetDays(days) {
      offsetMs = days * DAY_MS;
    },
    async newInvitation(questionnaireId = 'palliative-needs', relative) {
      const login = await api('POST', '/api/auth/login', { username: NURSE.username, password: NURSE.password });
      if (login.status !== 200 || !login.cookie) throw new Error(`nurse login failed: ${login.status} ${JSON.stringify(login.json)}`);
      patients += 1;
      const patient = await api<{ id: string }>('POST', '/api/patients', { externalId: `e2e-${patients}`, name: relative?.patientName ?? `Test Patient ${patients}` }, login.cookie);
      if (patient.status !== 201) throw new Error(`create patient failed: ${patient.status} ${JSON.stringify(patient.json)}`);
      const forWhom = relative ? { respondent: 'relative', relationship: relative.relationship } : {};
      const invitation = await api<{ token: string }>('POST', '/api/invitations', { patientId: patient.json.id, questionnaireId, trigger: 'status_conversation', ...forWhom }, login.cookie);
      if (invitation.status !== 201) throw new Error(`create invitation failed: ${invitation.status} ${JSON.stringify(invitation.json)}`);
      return { token: invitation.json.token, url: `${server.url}/answer/${invitation.json.token}`, patientId: patient.json.id };
    },
    async setSiteSettings(patch) {
      const login = await api('POST', '/api/auth/login', { username: ADMIN.username, password: ADMIN.password });
      if (login.status !== 200 || !login.cookie) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.json)}`);
      const saved = await api('PUT', '/api/settings', patch, login.cookie);
      if (saved.status !== 200) throw new Error(`PUT /api/settings failed: ${saved.status} ${JSON.stringify(saved.json)}`);
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The question on the current page, by its name in the questionnaire file. */
export const question = (page: Page, name: string): Locator => page.locator(`.sd-question[data-name="${name}"]`);

/** The choice's label (the big touch target) holding the input with this value. */
export const choice = (page: Page, name: string, value: unknown): Locator =>
  question(page, name).locator('label').filter({ has: page.locator(`input[value="${String(value)}"]`) });

/**
 * Gives the answers for the questions on the current page by tapping (text by typing); questions
 * not in `answers` are left alone. Returns the names answered.
 */
export async function answerCurrentPage(page: Page, answers: Answers): Promise<string[]> {
  // Tap only once the page stands still (the font has arrived), as a patient would see it.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const names = await page.locator('.sd-page .sd-question[data-name]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')!));
  const answered: string[] = [];
  for (const name of names) {
    if (!(name in answers)) continue;
    const value = answers[name];
    const q = question(page, name);
    if (!(await q.isVisible())) continue;
    if (typeof value === 'string' && (await q.locator('textarea, input[type="text"]').count()) > 0) {
      await q.locator('textarea, input[type="text"]').first().fill(value);
    } else {
      for (const v of Array.isArray(value) ? value : [value]) {
        const target = choice(page, name, v);
        await target.tap();
        if (!(await target.locator('input').isChecked())) throw new Error(`tapping ${name} = ${String(v)} did not select it`);
      }
    }
    answered.push(name);
  }
  return answered;
}

export const nextButton = (page: Page): Locator => page.locator('.sd-navigation__next-btn');
export const backButton = (page: Page): Locator => page.locator('.sd-navigation__prev-btn');
export const sendButton = (page: Page): Locator => page.locator('.sd-navigation__complete-btn');

/**
 * Taps "Next" and waits until the next page is shown: answering straight after the tap could
 * find the old page still there (its transition runs a few frames) and answer it twice.
 */
export async function nextPage(page: Page): Promise<void> {
  const title = await page.locator('.sd-page__title').textContent();
  await nextButton(page).tap();
  await page
    .waitForFunction((before) => document.querySelector('.sd-page__title')?.textContent !== before, title, { timeout: 10_000 })
    .catch(async () => {
      const errors = await page.locator('.sd-question--error').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
      throw new Error(`"Next" did not leave the page "${title}"; questions with errors: ${errors.join(', ')}`);
    });
}

/** Answers page after page and stops on the last page, before sending. */
export async function answerAllPages(page: Page, answers: Answers): Promise<void> {
  for (let guard = 0; guard < 50; guard += 1) {
    await page.locator('.sd-page').waitFor();
    await answerCurrentPage(page, answers);
    if (await sendButton(page).isVisible()) return;
    await nextPage(page);
  }
  throw new Error('never reached the last page');
}

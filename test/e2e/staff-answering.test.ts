/**
 * Inclusive answering in the staff app (issue 13), in a real browser against the real server and the
 * demo data: a nurse fills in the form with a patient (assisted) and finds it on the worklist with
 * its mode; a paper entry waits for a second user to verify it; the blank form and the read-only
 * response print with the questionnaire's title, version and every question. axe on every new screen.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { ARTIFACT_DIR, failedLoad, saveScreenshot, seriousAxeViolations } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';
import { expandWorklistRow } from './staff-fixture.js';

const { definition } = (await loadQuestionnaires()).get('palliative-needs')!;
type Element = { type?: string; name?: string; title?: string | Record<string, string>; visibleIf?: string; elements?: Element[] };
/** Every question of the questionnaire with its English title (SurveyJS keeps English under "default"), in order. */
const QUESTIONS = ((definition.survey.pages ?? []) as Element[]).flatMap(function flat(e: Element): Element[] {
  return [...(e.name && e.type && e.type !== 'panel' && e.type !== 'html' ? [e] : []), ...(e.elements ?? []).flatMap(flat)];
}).map((q) => ({ name: q.name!, conditional: q.visibleIf !== undefined, title: typeof q.title === 'string' ? q.title : q.title?.default ?? q.name! }));
const TITLE = definition.title.en;
const VERSION = definition.version;

describe('staff answering in a browser', { timeout: 180_000 }, () => {
  const cases = staffBrowserCases();
  const login = cases.login;
  beforeAll(() => {
    mkdirSync(ARTIFACT_DIR, { recursive: true });
  });

  async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousAxeViolations(page)).toEqual([]);
  }

  /** A new patient made in the Patients screen, then their page opened from the list. */
  async function newPatientPage(nurse: Page, name: string, externalId: string): Promise<void> {
    await nurse.getByRole('link', { name: 'Patients' }).click();
    await nurse.locator('#new-external-id').fill(externalId);
    await nurse.locator('#new-name').fill(name);
    await nurse.getByRole('button', { name: 'Create patient' }).click();
    await nurse.locator('#patient-query').fill(externalId);
    await nurse.getByRole('button', { name: 'Search' }).click();
    await nurse.getByRole('link', { name }).click();
    await nurse.getByRole('heading', { level: 1, name }).waitFor();
  }

  /** Ticks the first choice of each single-choice question on the current page. */
  async function answerPage(page: Page): Promise<void> {
    const questions = page.locator('.sd-question[data-name]:has(.sd-selectbase)');
    for (const question of await questions.all()) await question.locator('.sd-item label').first().click();
  }

  async function flagOf(page: Page, patientName: string): Promise<{ id: string; status: string; mode: string }> {
    const { items } = (await (await page.request.get(`${cases.base}/api/flags`)).json()) as { items: { id: string; status: string; mode: string; patient: { name: string } }[] };
    const flag = items.find((f) => f.patient.name === patientName);
    if (!flag) throw new Error(`${patientName} is not on the worklist`);
    return flag;
  }

  it('fills in the form with the patient, keeps a draft over a reload, and shows the response on the worklist as assisted', async () => {
    const nurse = await login('nurse');
    await newPatientPage(nurse, 'Sofie Holm', 'E2E-2001');
    await expectAccessible(nurse);
    await nurse.getByRole('link', { name: 'Fill in with the patient' }).click();
    await nurse.getByRole('heading', { name: 'Fill in with the patient: Sofie Holm' }).waitFor();
    await nurse.locator('.sd-question').first().waitFor();
    await expectAccessible(nurse);

    await answerPage(nurse);
    const firstChosen = await nurse.locator('.sd-item--checked').count();
    expect(firstChosen).toBeGreaterThan(0);
    // The draft is on this device: a reload comes back to the same answers.
    await nurse.reload();
    await nurse.locator('.sd-question').first().waitFor();
    await expect.poll(() => nurse.locator('.sd-item--checked').count()).toBe(firstChosen);

    // Through the pages to the end, as with a patient on the link; blank questions are allowed.
    const save = nurse.getByRole('button', { name: 'Save the answers' });
    for (let i = 0; i < 10 && !(await save.isVisible()); i++) await nurse.getByRole('button', { name: 'Next' }).click();
    await save.click();
    // Confirmed on the patient's page, visible and announced (role=status), focus on its h1.
    await expect.poll(() => nurse.locator('.announcer [role="status"]').textContent()).toBe('The answers were saved: filled in with the patient by staff.');
    // The patient's page may still be loading when the confirmation is announced: focus follows its h1.
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.textContent)).toBe('Sofie Holm');
    // Said once: the address no longer carries it, so a reload does not repeat it.
    expect(new URL(nurse.url()).search).toBe('');
    const row = nurse.locator('table.patient-responses tbody tr').first();
    expect(await row.textContent()).toContain('Filled in with the patient by nurse');
    // The draft is gone once saved.
    expect(await nurse.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lindring:staff-draft:')))).toEqual([]);

    await nurse.getByRole('link', { name: 'Worklist' }).click();
    const worklistRow = nurse.locator('table.worklist tr.patient-row', { hasText: 'Sofie Holm' });
    expect(await (await expandWorklistRow(nurse, worklistRow)).locator('.mode-tag').textContent()).toBe('Filled in with the patient by nurse');
    expect((await flagOf(nurse, 'Sofie Holm')).mode).toBe('assisted');
    await saveScreenshot(nurse, 'staff-worklist-assisted');
  });

  it('records a paper form that waits for a second user: the recorder is told why they cannot verify it', async () => {
    const nurse = await login('nurse');
    // The recorder's own verification is refused with 409, as the screen explains.
    cases.allow(nurse, failedLoad(409));
    await newPatientPage(nurse, 'Erik Berg', 'E2E-2002');
    // A relative can be invited from the same page: the open invitation says who answers.
    await nurse.getByLabel('A relative, about the patient').check();
    await nurse.locator('#invite-relationship').fill('daughter');
    await nurse.getByRole('button', { name: 'Create invitation' }).click();
    await nurse.locator('.patient-invitations li', { hasText: 'for a relative (daughter)' }).waitFor();
    await nurse.getByRole('link', { name: 'Enter a paper form' }).click();
    await nurse.locator('.sd-question').first().waitFor();
    await expectAccessible(nurse);
    await answerPage(nurse);
    const save = nurse.getByRole('button', { name: 'Save the answers' });
    for (let i = 0; i < 10 && !(await save.isVisible()); i++) await nurse.getByRole('button', { name: 'Next' }).click();
    // No date yet, and a relative without the relationship: asked for before anything is sent,
    // announced (role=alert), focus on the first field to fix.
    await nurse.getByLabel('A relative, for the patient').check();
    await save.click();
    await expect.poll(() => nurse.getByRole('alert').allTextContents()).toEqual([
      'Enter the date written on the paper form (or the day it was handed in).',
      'Write who the relative is to the patient, e.g. daughter.',
    ]);
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.id)).toBe('answered-on');
    await nurse.locator('#answered-on').fill('2020-01-15');
    await save.click();
    await expect.poll(() => nurse.evaluate(() => document.activeElement?.id)).toBe('answer-relationship');
    await nurse.getByLabel('The patient', { exact: true }).check();
    await save.click();
    await expect.poll(() => nurse.locator('.announcer [role="status"]').textContent()).toBe('The answers were saved: paper form.');

    await nurse.getByRole('link', { name: 'Worklist' }).click();
    const row = nurse.locator('table.worklist tr.patient-row', { hasText: 'Erik Berg' });
    expect(await row.locator('.tag-verify').textContent()).toBe('Awaiting verification');
    expect(await (await expandWorklistRow(nurse, row)).locator('.mode-tag').textContent()).toMatch(/^Paper form filled in 15 Jan 2020, entered by nurse; awaiting verification$/);

    const flag = await flagOf(nurse, 'Erik Berg');
    await nurse.goto(`${cases.base}/flags/${flag.id}/form`);
    await nurse.locator('.sd-question').first().waitFor();
    await expectAccessible(nurse);
    await nurse.getByRole('button', { name: 'Verify transcription' }).click();
    await expect.poll(() => nurse.getByRole('alert').allTextContents()).toEqual(['Another staff member must check the transcription against the paper form: you entered it.']);

    const admin = await login('admin');
    await admin.goto(`${cases.base}/flags/${flag.id}/form`);
    await admin.getByRole('button', { name: 'Verify transcription' }).click();
    await expect.poll(() => admin.locator('.announcer [role="status"]').textContent()).toBe('Transcription verified. The response is open for a decision.');
    await expect.poll(() => admin.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await expect.poll(async () => (await flagOf(admin, 'Erik Berg')).status).toBe('open');
    await expect.poll(() => admin.locator('.form-head .provenance').textContent()).toMatch(/; verified by admin$/);
    expect(await admin.getByRole('button', { name: 'Verify transcription' }).count()).toBe(0);

    // A draft left on a shared tablet goes with its user at logout.
    await nurse.goto(`${cases.base}/patients/${encodeURIComponent((await (await nurse.request.get(`${cases.base}/api/patients?query=E2E-2002`)).json())[0].id)}/assisted/palliative-needs`);
    await nurse.locator('.sd-question').first().waitFor();
    await answerPage(nurse);
    const drafts = () => nurse.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lindring:staff-draft:')).length);
    expect(await drafts()).toBe(1);
    await nurse.getByRole('button', { name: 'Log out' }).click();
    await nurse.locator('#username').waitFor();
    expect(await drafts()).toBe(0);
  });

  it('prints a blank form and a response read-only: title, version and every question on the printed page', async () => {
    const nurse = await login('nurse');
    const karen = (await (await nurse.request.get(`${cases.base}/api/patients?query=DEMO-1001`)).json())[0] as { id: string };

    await nurse.goto(`${cases.base}/patients/${karen.id}/print/palliative-needs`);
    await nurse.locator('.sd-question').first().waitFor();
    await expectAccessible(nurse);
    await nurse.emulateMedia({ media: 'print' });
    const blank = await nurse.evaluate(() => document.body.innerText);
    expect(blank).toContain(TITLE);
    expect(blank).toContain(`version ${VERSION}`);
    expect(blank).toContain('Patient: Karen Jensen (DEMO-1001)');
    // The paper is the patient's: the questionnaire's own title, no staff label and no professional shorthand (issue 23).
    expect(await nurse.locator('.form-head h1').innerText()).toBe(TITLE);
    expect(blank).not.toMatch(/Blank form|PRO-pal/);
    // On paper every question is there, also the ones the tablet shows only after an answer.
    for (const q of QUESTIONS) expect(blank, q.name).toContain(q.title);
    expect(await nurse.locator('.topbar').isVisible()).toBe(false);
    // The reference and version head every printed page.
    expect(await nurse.locator('.print-running-head').evaluate((e) => getComputedStyle(e).position)).toBe('fixed');
    expect(await nurse.locator('.print-running-head').textContent()).toBe(`${TITLE}, version ${VERSION}Patient: Karen Jensen (DEMO-1001)`);
    const pdf = await nurse.pdf({ format: 'A4' });
    writeFileSync(path.join(ARTIFACT_DIR, 'blank-form.pdf'), pdf);
    // Several A4 pages, and no more than 20: with SurveyJS's theme refused by the CSP it printed on 30.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThanOrEqual(20);
    await nurse.emulateMedia({ media: 'screen' });

    // The read-only view opens from the response page, with the answers as given.
    const flag = await flagOf(nurse, 'Karen Jensen');
    const detail = (await (await nurse.request.get(`${cases.base}/api/flags/${flag.id}`)).json()) as { answers: { question: string; value: unknown; text?: unknown }[] };
    await nurse.goto(`${cases.base}/flags/${flag.id}`);
    await nurse.getByRole('link', { name: 'Show the questionnaire' }).click();
    await nurse.getByRole('heading', { name: 'The questionnaire as answered: Karen Jensen' }).waitFor();
    await nurse.locator('.sd-question').first().waitFor();
    await expectAccessible(nurse);
    // Each choice question shows all its choices, the chosen one marked (checked, bold, ✓).
    const c1 = detail.answers.find((a) => a.question === 'c1')!;
    const c1Choices = nurse.locator('.sd-question[data-name="c1"] .sd-item');
    expect(await c1Choices.count()).toBe(4);
    expect(await nurse.locator('.sd-question[data-name="c1"] .sd-item--checked input').inputValue()).toBe(String(c1.value));
    await nurse.emulateMedia({ media: 'print' });
    const response = await nurse.evaluate(() => document.body.innerText);
    expect(response).toContain(TITLE);
    expect(response).toContain(`version ${VERSION}`);
    expect(response).toContain('Patient: Karen Jensen (DEMO-1001)');
    for (const q of QUESTIONS.filter((q) => !q.conditional)) expect(response, q.name).toContain(q.title);
    writeFileSync(path.join(ARTIFACT_DIR, 'response-form.pdf'), await nurse.pdf({ format: 'A4' }));
    await nurse.emulateMedia({ media: 'screen' });
    await saveScreenshot(nurse, 'staff-response-form');
  });

  it("renders the forms under the server's Content-Security-Policy, with the patient page's theme (the case frame fails on anything blocked)", async () => {
    const page = await cases.login('nurse');
    await page.locator('table.worklist tbody tr').first().waitFor();
    await page.goto(`${cases.base}/flags/${(await flagOf(page, 'Karen Jensen')).id}/form`);
    await page.locator('.sd-item--checked').first().waitFor();
    // The patient theme (CSS variables SurveyJS sets from script) reaches the form.
    expect(await page.locator('.sd-root-modern').first().evaluate((e) => getComputedStyle(e).getPropertyValue('--sjs2-color-project-brand-600').trim())).toBe('#0b5d52');
    await page.goto(`${cases.base}/questionnaires/palliative-needs/print`);
    await page.locator('.sd-question').first().waitFor();
    // The theme's base variables arrive from the static stylesheet (client/build/survey-theme.ts).
    expect(await page.locator('.sd-root-modern').first().evaluate((e) => getComputedStyle(e).getPropertyValue('--sjs2-base-unit-size').trim())).not.toBe('');
  });
});

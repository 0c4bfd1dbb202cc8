/**
 * Issue 19: a patient who answered part of the questionnaire on one device opens the same link on
 * another (no local copy) and is taken to the page they left, with their answers and a
 * "welcome back", in Danish.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations, TABLET } from './browser.js';
import { patientBrowserCases } from './patient-cases.js';
import { answerCurrentPage, answerFixture, backButton, choice, nextButton, question } from './patient-fixture.js';

const BASIC = answerFixture('palliative-basic');
const WELCOME_BACK = 'Velkommen tilbage – dine svar er gemt';

const cases = patientBrowserCases();

/** A device of its own: fresh storage and cache, touch, Danish system language. */
const device = (): Promise<Page> => cases.tablet(TABLET);

const progress = (page: Page) => page.locator('.sd-progress__text').last().textContent();
const pageTitle = (page: Page) => page.locator('.sd-page__title').textContent();

/** The draft as the server hands it to a device that opens the link (the public API, as the page reads it). */
async function serverDraft(token: string): Promise<{ answers: Record<string, unknown>; page?: string } | null> {
  const response = await fetch(`${cases.fixture.server.url}/api/invitations/${token}`, { headers: { accept: 'application/json' } });
  return ((await response.json()) as { draft: { answers: Record<string, unknown>; page?: string } | null }).draft;
}

describe('resuming on another device', () => {
  it('opens on the third page with the answers so far and a welcome back, after two pages were answered on the first device', async () => {
    const invitation = await cases.fixture.newInvitation();
    const first = await device();
    await first.goto(invitation.url);
    await expect.poll(() => progress(first)).toBe('Spørgsmål 1 af 31');
    // A first visit has nothing to welcome back to.
    expect(await first.getByText(WELCOME_BACK).count()).toBe(0);

    // One question left blank on the first page: without the saved page, another device would open
    // at the first page still awaiting an answer, not at the page the patient left.
    const { c2: _blank, ...answers } = BASIC;
    await answerCurrentPage(first, answers);
    await nextButton(first).tap();
    await first.getByRole('button', { name: 'Fortsæt uden at svare' }).tap();
    await expect.poll(() => progress(first)).toBe('Spørgsmål 5 af 31');
    await answerCurrentPage(first, answers);
    await nextButton(first).tap();
    await expect.poll(() => progress(first)).toBe('Spørgsmål 11 af 31');
    const third = await pageTitle(first);
    expect(third).toBe('Flere symptomer');
    // The autosave reaches the server (after its short pause) with the answers and the page.
    await expect
      .poll(async () => {
        const draft = await serverDraft(invitation.token);
        return draft && { page: draft.page, c9: draft.answers.c9 };
      }, { timeout: 15_000, interval: 500 })
      .toEqual({ page: 'more_symptoms', c9: BASIC.c9 });

    const other = await device();
    await other.goto(invitation.url);
    await expect.poll(() => progress(other)).toBe('Spørgsmål 11 af 31');
    expect(await pageTitle(other)).toBe(third);
    const welcome = other.getByRole('status').filter({ hasText: WELCOME_BACK });
    await expect.poll(() => welcome.count()).toBe(1);
    expect(await seriousAxeViolations(other)).toEqual([]);

    // The answers of the first two pages came along.
    await backButton(other).tap();
    await expect.poll(() => progress(other)).toBe('Spørgsmål 5 af 31');
    for (const name of ['c4', 'c5', 'c6', 'c7', 'c8', 'c9']) expect(await choice(other, name, BASIC[name]).locator('input').isChecked(), name).toBe(true);
    await backButton(other).tap();
    await expect.poll(() => progress(other)).toBe('Spørgsmål 1 af 31');
    expect(await choice(other, 'c1', BASIC.c1).locator('input').isChecked()).toBe(true);
    expect(await question(other, 'c2').locator('input:checked').count()).toBe(0);
  }, 90_000);
});

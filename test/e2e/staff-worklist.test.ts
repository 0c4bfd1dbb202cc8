/**
 * Issue 23, the worklist on the demo data: one line per patient at 1366 x 900 with no sideways
 * scrolling and at least six patients on the first screen; the reasons on a keyboard disclosure; a
 * patient with two open responses on one row; at 820 x 1180 no sideways scrolling and 44 px targets;
 * axe clean in Danish and English.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot, seriousAxeViolations, TABLET } from './browser.js';
import { staffBrowserCases } from './staff-cases.js';

const DESKTOP = { width: 1366, height: 900 };
/** A line of text plus the 44 px disclosure button and the cell padding. */
const ONE_LINE_PX = 56;

async function sideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: document.scrollingElement!.clientWidth }));
}

/** The worklist's buttons, links and selects under 44 px high (the visually hidden ones aside). */
async function lowTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('main button, main a[href], main select')].flatMap((el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return [];
    return r.height < 43.5 ? [`${el.tagName} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.height)} px`] : [];
  }));
}

/** The urgency markers and level badges that do not fit their cell (cut off by the one-line layout). */
async function cutOff(rows: Locator): Promise<(string | null)[]> {
  return rows.evaluateAll((trs) => trs.flatMap((tr) => {
    const cell = tr.querySelector('.cell-level')!.getBoundingClientRect();
    return [...tr.querySelectorAll('.cell-level .urgent-tag, .cell-level .badge')].filter((el) => el.getBoundingClientRect().right > cell.right).map((el) => el.textContent);
  }));
}

describe('the worklist, one line per patient', { timeout: 90_000 }, () => {
  const cases = staffBrowserCases();

  it('shows urgency and level in full in English too, where the words are longer', async () => {
    const nurse = await cases.login('nurse', 'en', DESKTOP);
    const rows = nurse.locator('table.worklist tr.patient-row');
    await rows.first().waitFor();
    expect(await rows.filter({ hasText: 'Karen Jensen' }).locator('.urgent-tag').textContent()).toContain('Urgent review: today');
    expect(await cutOff(rows)).toEqual([]);
    expect(await sideways(nurse)).toSatisfy(({ scrollWidth, clientWidth }: { scrollWidth: number; clientWidth: number }) => scrollWidth <= clientWidth);
  });

  it('fits the desktop: one line per patient, six or more on the first screen, no sideways scrolling, reasons on expand', async () => {
    const nurse = await cases.login('nurse', 'da', DESKTOP);
    const rows = nurse.locator('table.worklist tr.patient-row');
    await rows.first().waitFor();
    // The nurse takes Karen's response: her row says "Ejer: dig".
    const karenId = await rows.filter({ hasText: 'Karen Jensen' }).getAttribute('data-flag-id');
    expect((await nurse.request.post(`${cases.base}/api/flags/${karenId}/take`)).status()).toBe(200);
    await nurse.reload();
    await rows.first().waitFor();
    await nurse.screenshot({ path: 'test-artifacts/staff-worklist-first-screen.png' });
    expect(await nurse.locator('.page-head p').textContent()).toContain('Haster først, derefter overskredet frist, derefter niveau');
    expect(await sideways(nurse)).toSatisfy(({ scrollWidth, clientWidth }: { scrollWidth: number; clientWidth: number }) => scrollWidth <= clientWidth);
    const boxes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, height: r.height })));
    expect(boxes.every((b) => b.height <= ONE_LINE_PX), JSON.stringify(boxes.map((b) => Math.round(b.height)))).toBe(true);
    expect(boxes.filter((b) => b.bottom <= DESKTOP.height).length).toBeGreaterThanOrEqual(6);
    // Urgency and level are never cut off: both fit their cell on every line.
    expect(await cutOff(rows)).toEqual([]);
    // Tags in short words, the owner as "Ejer: …".
    const karen = rows.filter({ hasText: 'Karen Jensen' });
    const tags = await karen.locator('.tag').allTextContents();
    expect(tags).toContain('Egne ord');
    expect(tags.some((t) => /^Smerter \d+$/.test(t))).toBe(true);
    expect(await karen.locator('.cell-owner .owner').textContent()).toBe('Ejer: dig');
    expect(await rows.filter({ hasText: 'Lars Mikkelsen' }).locator('.cell-owner .owner').textContent()).toBe('Ingen ejer');
    expect(await karen.locator('.urgent-tag').textContent()).toContain('Haster: se i dag');
    // "Intet" is behind the filter, and said so.
    expect(await rows.filter({ hasText: 'Inge Larsen' }).count()).toBe(0);
    expect(await nurse.locator('.none-hidden').textContent()).toContain('Uden behov (Intet): 1');
    expect(await seriousAxeViolations(nurse)).toEqual([]);
    await saveScreenshot(nurse, 'staff-worklist-desktop');

    // The disclosure by keyboard: Enter opens it, the reasons come, Enter closes it.
    const button = karen.locator('button.expand');
    await button.focus();
    await nurse.keyboard.press('Enter');
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
    const details = nurse.locator(`#${await button.getAttribute('aria-controls')}`);
    await details.locator('.reasons-short li').first().waitFor();
    expect(await details.locator('.urgent-why').textContent()).toMatch(/^Haster: se i dag: ./);
    expect(await details.locator('.own-words-tag').count()).toBe(1);
    expect(await sideways(nurse)).toSatisfy(({ scrollWidth, clientWidth }: { scrollWidth: number; clientWidth: number }) => scrollWidth <= clientWidth);
    expect(await seriousAxeViolations(nurse)).toEqual([]);
    await saveScreenshot(nurse, 'staff-worklist-expanded');
    await nurse.keyboard.press('Enter');
    await expect.poll(() => details.isVisible()).toBe(false);
  });

  it('puts a patient with two open responses on one row, both reachable from it', async () => {
    const nurse = await cases.login('nurse', 'en', DESKTOP);
    const patients = (await (await nurse.request.get(`${cases.base}/api/patients?query=DEMO-1003`)).json()) as { id: string }[];
    const invitation = await nurse.request.post(`${cases.base}/api/invitations`, { data: { patientId: patients[0]!.id, questionnaireId: 'rehabilitation-needs', trigger: 'other' } });
    expect(invitation.status(), await invitation.text()).toBe(201);
    const { token } = (await invitation.json()) as { token: string };
    const answered = await nurse.request.post(`${cases.base}/api/invitations/${token}/responses`, { data: { id: crypto.randomUUID(), answers: { pain: 4, pain_daily: 4 } } });
    expect(answered.status(), await answered.text()).toBe(201);

    await nurse.reload();
    const birgit = nurse.locator('table.worklist tr.patient-row', { hasText: 'Birgit Nielsen' });
    await birgit.waitFor();
    expect(await birgit.count()).toBe(1);
    expect(await birgit.locator('.tag-count').textContent()).toBe('2 responses');
    await birgit.locator('button.expand').click();
    const details = nurse.locator(`#${await birgit.locator('button.expand').getAttribute('aria-controls')}`);
    await expect.poll(() => details.locator('.flag-reasons .reasons-short').count()).toBe(2);
    const links = details.getByRole('link', { name: /^Open the response of / });
    expect(await links.count()).toBe(2);
    await links.nth(1).click();
    await nurse.getByRole('heading', { level: 1, name: 'Response from Birgit Nielsen' }).waitFor();
  });

  it('fits the tablet: no sideways scrolling, targets at least 44 px high, axe clean', async () => {
    const nurse = await cases.login('nurse', 'da', TABLET);
    const rows = nurse.locator('table.worklist tr.patient-row');
    await rows.first().waitFor();
    expect(await sideways(nurse)).toSatisfy(({ scrollWidth, clientWidth }: { scrollWidth: number; clientWidth: number }) => scrollWidth <= clientWidth);
    expect(await lowTargets(nurse)).toEqual([]);
    await rows.first().locator('button.expand').click();
    await nurse.locator('.row-details .reasons-short li').first().waitFor();
    expect(await sideways(nurse)).toSatisfy(({ scrollWidth, clientWidth }: { scrollWidth: number; clientWidth: number }) => scrollWidth <= clientWidth);
    expect(await lowTargets(nurse)).toEqual([]);
    expect(await seriousAxeViolations(nurse)).toEqual([]);
    await saveScreenshot(nurse, 'staff-worklist-tablet');
  });
});

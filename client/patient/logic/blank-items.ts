/** Scored questions a patient left blank: said on leaving the page, never required (the EORTC half rule decides). */
import type { PageModel } from 'survey-core';

/** The names of the visible scored questions on the page that have no answer, in page order. */
export function blankScoredItems(page: PageModel, scored: ReadonlySet<string>): string[] {
  return page.questions.filter((q) => scored.has(q.name) && q.isVisible && q.isEmpty()).map((q) => q.name);
}

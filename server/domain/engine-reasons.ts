/**
 * Reasons the engine adds itself, beside the rules in the questionnaire file, so that no file can
 * leave them out (as with own words, see own-words.ts). Clinical rules, second edition, items 2-3.
 * Pure: no I/O.
 */
import type { Localized } from '../contract/codes.js';
import { OWN_WORDS_RULE } from './own-words.js';

/**
 * Urgent is never "none": when an urgency rule fired and nothing else proposes a level (a
 * table-scored scale missing one item has no score, so no scale rule can fire), the engine
 * proposes basic, or the flag would read "review today, nobody needs to act".
 */
export const URGENT_REVIEW_RULE = 'urgent-review';

export const URGENT_REVIEW_REASON: Localized = {
  da: "Et svar er på det værste: se 'Vurdér i dag'.",
  en: 'An answer is at its worst: see urgent review.',
};

/** An almost empty response is a reason to call: fewer than half of the questionnaire's scales could be scored. */
export const INCOMPLETE_RULE = 'incomplete';

export const INCOMPLETE_REASON: Localized = {
  da: 'Mange spørgsmål er ikke besvaret: spørg hvorfor.',
  en: 'Many questions are unanswered: ask why.',
};

/** The ids of the engine's reasons (own words included): reserved, no rule in a file may use them. */
export const ENGINE_RULES: readonly string[] = [OWN_WORDS_RULE, URGENT_REVIEW_RULE, INCOMPLETE_RULE];

const TEXTS: Record<string, Localized> = { [URGENT_REVIEW_RULE]: URGENT_REVIEW_REASON, [INCOMPLETE_RULE]: INCOMPLETE_REASON };

/** The text of an engine reason other than own words, for stored flags that keep only the id. */
export function engineReasonText(rule: string): Localized | undefined {
  return TEXTS[rule];
}

/** Fewer than half of the scales scored (the half rule, one level up: a scale is missing below half its items). */
export function isIncomplete(scoredScales: number, allScales: number): boolean {
  return allScales > 0 && scoredScales < allScales / 2;
}

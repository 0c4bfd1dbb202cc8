/**
 * The short tags of a worklist row (issue 23): "Smerter 100", "Egne ord", "Ønsker kontakt:
 * sygeplejerske". Pure: from a flag's reasons, as the engine stored them.
 */
import { byLevelHighestFirst } from '../contract/codes.js';
import type { FlagReason, WorklistTag } from '../contract/responses.js';

/** A row shows at most this many tags; the rest is on expand. */
export const WORKLIST_TAG_LIMIT = 3;
/** The contact wish question, by convention (questionnaires/README.md). */
export const CONTACT_WISH_ITEM = 'contact_wish';

/**
 * The scales that fired rules (highest level first, each once), own words, the contact wish: the
 * worst scale leads, then own words and the contact wish (what the patient chose to tell), then
 * more scales while there is room.
 */
export function worklistTags(reasons: readonly FlagReason[], ownWords: boolean): WorklistTag[] {
  /** Each scale once, with how bad it is: a symptom's score, a function's distance from 100. */
  const scales = new Map<string, { score: number; badness: number; symptom: boolean }>();
  let contact: string[] = [];
  for (const reason of [...reasons].sort((a, b) => byLevelHighestFirst(a.level, b.level))) {
    for (const e of reason.evidence) {
      if (e.kind === 'scale' && !scales.has(e.scale)) {
        const symptom = e.comparison === 'atOrAbove';
        scales.set(e.scale, { score: Math.round(e.value), badness: symptom ? e.value : 100 - e.value, symptom });
      }
      if (e.kind === 'item' && e.item === CONTACT_WISH_ITEM && contact.length === 0) {
        const ticked = Array.isArray(e.value) ? e.value : [e.value];
        contact = ticked.filter((v): v is string => typeof v === 'string' && v !== 'none');
      }
    }
  }
  // Worst first; at a tie a symptom ("Smerter 100") before a function, else the reasons' order (sort is stable).
  const worst = [...scales].sort(([, a], [, b]) => b.badness - a.badness || Number(b.symptom) - Number(a.symptom));
  const scaleTags: WorklistTag[] = worst.map(([scale, { score }]) => ({ kind: 'scale', scale, score }));
  const told: WorklistTag[] = [...(ownWords ? [{ kind: 'ownWords' } satisfies WorklistTag] : []), ...(contact.length > 0 ? [{ kind: 'contact', values: contact } satisfies WorklistTag] : [])];
  return [...scaleTags.slice(0, 1), ...told, ...scaleTags.slice(1)].slice(0, WORKLIST_TAG_LIMIT);
}

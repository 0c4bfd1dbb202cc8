/** The shipped rule sets on hand-worked answer sets (test/fixtures/answers): which rules fire, and which do not. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { FIXTURES } from './fixtures.js';

const catalog = await loadQuestionnaires();
const answers = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(FIXTURES, 'answers', `${name}.json`), 'utf8'));
const assess = (id: string, given: Record<string, unknown>) => assessResponse(catalog.get(id)!, given);

describe('default rules on hand-worked answers', () => {
  it.each([
    ['palliative-needs', 'palliative-none', 'none', []],
    ['palliative-needs', 'palliative-basic', 'basic', ['pa-need']],
    ['palliative-needs', 'palliative-specialized', 'specialized', ['severe-with-other-needs', 'ef-need', 'pa-need', 'contact-wish']],
    ['palliative-needs', 'palliative-cannot-cope', 'specialized', ['cannot-cope', 'contact-wish']],
    ['rehabilitation-needs', 'rehabilitation-none', 'none', []],
    ['rehabilitation-needs', 'rehabilitation-basic', 'basic', ['fa-need', 'wants-help']],
    ['rehabilitation-needs', 'rehabilitation-specialized', 'specialized', ['severe-with-other-needs', 'needs-in-many-areas', 'ef-need', 'rf-need', 'late-effects-items-need', 'wants-help']],
  ])('%s: %s proposes %s by exactly the rules %j', (id, fixture, level, rules) => {
    const { flag } = assess(id, answers(fixture));
    expect(flag.level).toBe(level);
    expect(flag.reasons.map((r) => r.rule)).toEqual(rules);
  });

  describe('palliative-needs', () => {
    const calm = answers('palliative-none');
    const fired = (change: Record<string, unknown>) => assess('palliative-needs', { ...calm, ...change }).flag.reasons.map((r) => r.rule);

    it('flags pain at the threshold (a little pain on one item: 16.7 is below 25, on both: 33.3)', () => {
      expect(fired({ c5: 2 })).not.toContain('pa-need');
      expect(fired({ c5: 2, c12: 2 })).toContain('pa-need');
    });

    it('flags dyspnoea from "A little" (33.3 >= 17)', () => {
      expect(fired({ c4: 2 })).toEqual(['dy-need']);
    });

    it('keeps one very severe symptom alone at the basic level', () => {
      expect(fired({ c5: 4, c12: 4 })).toEqual(['pa-need']);
    });

    it('goes specialized for a "Very much" symptom with a need in another area', () => {
      expect(fired({ c5: 4, c12: 4, relatives_worry: 3 })).toContain('severe-with-other-needs');
    });

    it('goes specialized for needs in three problem areas, none severe', () => {
      const result = fired({ c5: 3, c12: 3, c13: 3, lost_meaning: 3 });
      expect(result).toContain('needs-in-many-areas');
      expect(result).not.toContain('severe-with-other-needs');
      expect(fired({ c5: 3, c12: 3, c13: 3 })).not.toContain('needs-in-many-areas');
    });

    it('goes specialized when the patient or relatives cannot cope ("Quite a bit" or more)', () => {
      expect(fired({ cannot_cope: 2 })).not.toContain('cannot-cope');
      expect(fired({ cannot_cope: 3 })).toEqual(['cannot-cope']);
    });

    it('flags a wish for contact at the basic level, and not "no contact"', () => {
      expect(fired({ contact_wish: ['palliative_team'] })).toEqual(['contact-wish']);
      expect(fired({ contact_wish: ['none'] })).toEqual([]);
    });
  });
});

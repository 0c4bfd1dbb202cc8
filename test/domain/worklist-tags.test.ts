import { describe, expect, it } from 'vitest';
import type { FlagReason } from '../../server/contract/responses.js';
import { worklistTags } from '../../server/domain/worklist-tags.js';

const scale = (s: string, value: number, comparison: 'below' | 'atOrAbove' = 'atOrAbove') => ({ kind: 'scale' as const, scale: s, value, comparison, threshold: 50 });
const reason = (rule: string, level: FlagReason['level'], evidence: FlagReason['evidence']): FlagReason => ({ rule, level, text: { da: rule, en: rule }, evidence });

describe('worklist tags', () => {
  it('leads with the worst scale (a symptom before a function at a tie), then own words and the contact wish', () => {
    const reasons = [
      reason('function', 'specialized', [scale('pf', 0, 'below')]),
      reason('pain', 'basic', [scale('pa', 100), scale('dy', 66.67)]),
      reason('contact-wish', 'basic', [{ kind: 'item', item: 'contact_wish', value: ['nurse', 'gp'], comparison: 'includes', expected: 'nurse' }]),
    ];
    expect(worklistTags(reasons, true)).toEqual([{ kind: 'scale', scale: 'pa', score: 100 }, { kind: 'ownWords' }, { kind: 'contact', values: ['nurse', 'gp'] }]);
    expect(worklistTags(reasons, false)).toEqual([{ kind: 'scale', scale: 'pa', score: 100 }, { kind: 'contact', values: ['nurse', 'gp'] }, { kind: 'scale', scale: 'pf', score: 0 }]);
  });

  it('names each scale once and has no tags without reasons', () => {
    expect(worklistTags([reason('a', 'basic', [scale('pa', 66.67)]), reason('b', 'basic', [scale('pa', 66.67)])], false)).toEqual([{ kind: 'scale', scale: 'pa', score: 67 }]);
    expect(worklistTags([], false)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import { evaluateFlags } from '../../server/domain/flagging.js';
import { scoreQuestionnaire } from '../../server/domain/scoring.js';
import { parseQuestionnaire } from '../../server/domain/questionnaire-schema.js';
import { minimalJson, minimalQuestionnaire } from './fixtures.js';

const questionnaire = minimalQuestionnaire();
const flag = (answers: Record<string, unknown>) => assessResponse(questionnaire, answers).flag;
const fired = (answers: Record<string, unknown>) => flag(answers).reasons.map((r) => r.rule);
const calm = { pain: 1, worry: 1, walk: 1 };

describe('flagging rules', () => {
  it('proposes none when no rule fires', () => {
    expect(flag(calm)).toEqual({ level: 'none', reasons: [] });
  });

  it('fires a scaleNeed rule at the threshold with the scale as evidence', () => {
    const result = flag({ ...calm, pain: 2 }); // pain score 33.3 >= 25
    expect(result.level).toBe('basic');
    expect(result.reasons).toEqual([
      {
        rule: 'pain-need',
        level: 'basic',
        text: { da: 'Smerter.', en: 'Pain.' },
        evidence: [{ kind: 'scale', scale: 'pa', value: expect.closeTo(100 / 3, 10), comparison: 'atOrAbove', threshold: 25 }],
      },
    ]);
  });

  it('fires "includes" on a multiple-choice answer and not on another choice', () => {
    expect(fired({ ...calm, pain: 2, contact: ['gp'] })).toContain('wants-contact');
    expect(fired({ ...calm, pain: 2, contact: [] })).not.toContain('wants-contact');
  });

  it('fires "all" only when every part holds, with the evidence of each', () => {
    expect(fired({ ...calm, pain: 4, worry: 2 })).not.toContain('severe-pain-and-worry');
    const result = flag({ ...calm, pain: 4, worry: 3 });
    const reason = result.reasons.find((r) => r.rule === 'severe-pain-and-worry')!;
    expect(reason.evidence).toEqual([
      { kind: 'item', item: 'pain', value: 4, comparison: 'atLeast', expected: 4 },
      { kind: 'item', item: 'worry', value: 3, comparison: 'atLeast', expected: 3 },
    ]);
  });

  it('fires "count" when enough conditions hold', () => {
    expect(fired({ ...calm, pain: 2, worry: 2 })).not.toContain('two-areas');
    expect(fired({ ...calm, walk: 2, worry: 3 })).toContain('two-areas');
  });

  it('fires "below" on a functional scale strictly below the value', () => {
    expect(fired({ ...calm, walk: 3 })).toContain('functioning-low'); // 33.3 < 40
    expect(fired({ ...calm, walk: 2 })).not.toContain('functioning-low'); // 66.7
  });

  it('fires "atOrAbove" at the value', () => {
    expect(fired({ ...calm, pain: 4 })).toContain('pain-high'); // 100 >= 67
    // 66.67 displays as 67 but is below it: thresholds compare unrounded scores
    expect(flag({ ...calm, pain: 3 }).reasons.find((r) => r.rule === 'pain-high')).toBeUndefined();
  });

  it('fires "answered" for non-empty text only', () => {
    expect(fired({ ...calm, other: 'Itching' })).toContain('other-text');
    expect(fired({ ...calm, other: '' })).not.toContain('other-text');
  });

  it('lets the highest level win and keeps every reason, highest first', () => {
    const result = flag({ ...calm, pain: 4, worry: 4, walk: 4, contact: ['nurse'] });
    expect(result.level).toBe('specialized');
    expect(result.reasons.map((r) => r.rule)).toEqual([
      'severe-pain-and-worry', 'two-areas', 'pain-need', 'wants-contact', 'functioning-low', 'pain-high',
    ]);
  });

  it('tests a scaleNeed as isNeed does: a global scale is a need below its threshold', () => {
    const json = minimalJson();
    json.scales.push({ id: 'ql', title: { da: 'Livskvalitet', en: 'Quality of life' }, area: 'physical', kind: 'global', items: ['walk'], min: 1, max: 4, threshold: { value: 50, source: 'test' } });
    json.flagging.rules.push({ id: 'ql-need', level: 'basic', when: { scaleNeed: 'ql' }, reason: { da: 'Livskvalitet.', en: 'Quality of life.' } });
    const parsed = parseQuestionnaire(json);
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    const qlNeed = (walk: number) => assessResponse(parsed, { ...calm, walk }).flag.reasons.find((r) => r.rule === 'ql-need');
    expect(qlNeed(1)?.evidence).toEqual([{ kind: 'scale', scale: 'ql', value: 0, comparison: 'below', threshold: 50 }]);
    expect(qlNeed(3)).toBeUndefined(); // 66.7: not below 50
  });

  it('cites a test that several rules share with the same evidence in each', () => {
    const { reasons } = flag({ ...calm, pain: 4, worry: 3 });
    const painEvidence = { kind: 'scale', scale: 'pa', value: 100, comparison: 'atOrAbove', threshold: 25 };
    expect(reasons.find((r) => r.rule === 'pain-need')!.evidence).toEqual([painEvidence]);
    expect(reasons.find((r) => r.rule === 'two-areas')!.evidence).toEqual([painEvidence, { kind: 'item', item: 'worry', value: 3, comparison: 'atLeast', expected: 3 }]);
  });

  it('never fires on a missing score', () => {
    const scores = scoreQuestionnaire(questionnaire.definition, { pain: null, worry: null, walk: null });
    expect(evaluateFlags(questionnaire.definition, scores, {})).toEqual({ level: 'none', reasons: [] });
  });
});

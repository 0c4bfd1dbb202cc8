import { describe, expect, it } from 'vitest';
import { localizedTitle, symptomItems, withTrend, worseByTwoSteps } from '../../server/domain/trend.js';
import { ownLinkProvenance, withQuestionHidden } from '../../server/domain/respondent.js';
import { fromStoredReasons, fromStoredUrgentReasons, toStoredReasons } from '../../server/domain/stored-reasons.js';
import { OWN_WORDS_RELATIVE_REASON, OWN_WORDS_RULE, ownWordsBy } from '../../server/domain/own-words.js';
import type { FlagResult } from '../../server/domain/flagging.js';
import type { ScaleDefinition } from '../../server/domain/scoring.js';

const SCALES: ScaleDefinition[] = [
  { id: 'pa', kind: 'symptom', items: ['pain'], min: 1, max: 4 },
  { id: 'fa', kind: 'symptom', items: ['weak', 'tired'], min: 1, max: 4 },
  { id: 'pf', kind: 'functional', items: ['walk'], min: 1, max: 4 },
  { id: 'ql', kind: 'global', items: ['qol'], min: 1, max: 7 },
];
const title = (item: string) => ({ da: item.toUpperCase(), en: item });

describe('worseByTwoSteps', () => {
  it('takes the items of symptom scales only: a higher answer is worse there', () => {
    expect(symptomItems(SCALES)).toEqual(['pain', 'weak', 'tired']);
  });

  it.each([
    [{ pain: 1 }, { pain: 3 }, ['pain']],
    [{ pain: 2 }, { pain: 4 }, ['pain']],
    [{ pain: 2 }, { pain: 3 }, []],
    [{ pain: 4 }, { pain: 1 }, []],
    [{ walk: 1, qol: 1 }, { walk: 4, qol: 7 }, []],
    [{}, { pain: 4 }, []],
    [{ pain: 1 }, {}, []],
    [{ weak: 1, tired: 1 }, { weak: 4, tired: 3 }, ['weak', 'tired']],
  ])('from %j to %j fires for %j', (previous, current, items) => {
    expect(worseByTwoSteps(SCALES, title, previous, current).map((r) => r.evidence[0]!.kind === 'item' && r.evidence[0]!.item)).toEqual(items);
  });

  it('names the item in both languages, with the answer and the least answer that fires as evidence', () => {
    expect(worseByTwoSteps(SCALES, title, { pain: 1 }, { pain: 4 })).toEqual([{
      rule: 'worse-by-two-steps',
      text: { da: '»PAIN« er blevet meget værre siden sidst: vurdér i dag.', en: '“pain” is much worse than last time: review today.' },
      evidence: [{ kind: 'item', item: 'pain', value: 4, comparison: 'atLeast', expected: 3 }],
    }]);
  });

  it('adds urgency to a flag with reasons, never changing its level or reasons', () => {
    const reason = { rule: 'pain-need', level: 'basic' as const, text: { da: 'x', en: 'x' }, evidence: [] };
    const flag: FlagResult = { level: 'basic', reasons: [reason], urgent: false, urgentReasons: [], ownWords: false, ownWordsQuestions: [] };
    expect(withTrend(flag, [])).toBe(flag);
    const trend = worseByTwoSteps(SCALES, title, { pain: 1 }, { pain: 4 });
    expect(withTrend(flag, trend)).toEqual({ ...flag, urgent: true, urgentReasons: trend });
  });

  it('raises a flag with no reasons to basic with urgent-review: urgent is never none', () => {
    const flag: FlagResult = { level: 'none', reasons: [], urgent: false, urgentReasons: [], ownWords: false, ownWordsQuestions: [] };
    const trend = worseByTwoSteps(SCALES, title, { pain: 1 }, { pain: 3 });
    const raised = withTrend(flag, trend);
    expect(raised.level).toBe('basic');
    expect(raised.reasons.map((r) => [r.rule, r.level])).toEqual([['urgent-review', 'basic']]);
    expect(raised.urgent).toBe(true);
  });

  it('keeps the trend\'s text with the stored reasons (no questionnaire file holds it)', () => {
    const trend = worseByTwoSteps(SCALES, title, { pain: 1 }, { pain: 4 });
    const stored = JSON.parse(JSON.stringify(toStoredReasons([], trend)));
    expect(fromStoredUrgentReasons(stored, [])).toEqual(trend);
    expect(fromStoredReasons(stored, [])).toEqual([]);
  });

  it('reads a SurveyJS title in both languages', () => {
    expect(localizedTitle({ default: 'Pain?', da: 'Smerter?' }, 'c5')).toEqual({ da: 'Smerter?', en: 'Pain?' });
    expect(localizedTitle('Pain?', 'c5')).toEqual({ da: 'Pain?', en: 'Pain?' });
    expect(localizedTitle(undefined, 'c5')).toEqual({ da: 'c5', en: 'c5' });
  });
});

describe('the respondent question', () => {
  it.each([
    [{ respondent: 'assisted' }, { mode: 'assisted', respondent: 'patient' }],
    [{ respondent: 'relative' }, { mode: 'proxy', respondent: 'relative' }],
    [{ respondent: 'self' }, { mode: 'self', respondent: 'patient' }],
    [{}, { mode: 'self', respondent: 'patient' }],
  ])('%j is stored as %j', (answers, expected) => {
    expect(ownLinkProvenance(answers)).toEqual(expected);
  });

  it('hides the question by name in pages and panels, and leaves the input as it was', () => {
    const survey = {
      pages: [
        { name: 'respondent', elements: [{ type: 'panel', name: 'p', elements: [{ type: 'radiogroup', name: 'respondent' }, { type: 'comment', name: 'other' }] }] },
      ],
    };
    const before = JSON.stringify(survey);
    const hidden = withQuestionHidden(survey, 'respondent');
    expect(hidden).toEqual({
      pages: [{ name: 'respondent', elements: [{ type: 'panel', name: 'p', elements: [{ type: 'radiogroup', name: 'respondent', visible: false }, { type: 'comment', name: 'other' }] }] }],
    });
    expect(JSON.stringify(survey)).toBe(before);
  });
});

describe('own words by a relative', () => {
  it('says the relative wrote, and keeps that text with the stored reasons', () => {
    const flag: FlagResult = {
      level: 'basic', urgent: false, urgentReasons: [], ownWords: true, ownWordsQuestions: ['other'],
      reasons: [{ rule: OWN_WORDS_RULE, level: 'basic', text: { da: 'x', en: 'x' }, evidence: [{ kind: 'item', item: 'other', value: 'Hun sover dårligt.', comparison: 'answered' }] }],
    };
    expect(ownWordsBy(flag, 'patient')).toBe(flag);
    const relative = ownWordsBy(flag, 'relative');
    expect(relative.reasons[0]!.text).toEqual(OWN_WORDS_RELATIVE_REASON);
    expect(fromStoredReasons(JSON.parse(JSON.stringify(toStoredReasons(relative.reasons))), [])).toEqual(relative.reasons);
  });
});

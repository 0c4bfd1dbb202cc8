import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import { INCOMPLETE_REASON, INCOMPLETE_RULE, URGENT_REVIEW_REASON, URGENT_REVIEW_RULE } from '../../server/domain/engine-reasons.js';
import type { FlagReason } from '../../server/domain/flagging.js';
import { fromStoredReasons, fromStoredUrgentReasons, toStoredReasons } from '../../server/domain/stored-reasons.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { FIXTURES } from './fixtures.js';

const catalog = await loadQuestionnaires();
const palliative = catalog.get('palliative-needs')!;
const rules = palliative.definition.flagging.rules;
const urgencyRules = palliative.definition.flagging.urgency ?? [];

const painNeed = { kind: 'scale', scale: 'pa', value: 50, comparison: 'atOrAbove', threshold: 25 } as const;
const fatigueNeed = { kind: 'scale', scale: 'fa', value: 66.66666666666666, comparison: 'atOrAbove', threshold: 39 } as const;
const cannotCope = { kind: 'item', item: 'cannot_cope', value: 4, comparison: 'atLeast', expected: 3 } as const;

const reasons: FlagReason[] = [
  { rule: 'many', level: 'specialized', text: { da: 'Mange.', en: 'Many.' }, evidence: [painNeed, fatigueNeed, cannotCope] },
  { rule: 'pain', level: 'basic', text: { da: 'Smerter.', en: 'Pain.' }, evidence: [{ ...painNeed }] },
];
const textsOf = [
  { id: 'many', reason: { da: 'Mange.', en: 'Many.' } },
  { id: 'pain', reason: { da: 'Smerter.', en: 'Pain.' } },
];

describe('stored reasons', () => {
  it('lists evidence shared by several rules once, and leaves the rule texts to the definition', () => {
    expect(toStoredReasons(reasons)).toEqual({
      evidence: [painNeed, fatigueNeed, cannotCope],
      reasons: [
        { rule: 'many', level: 'specialized', evidence: [0, 1, 2] },
        { rule: 'pain', level: 'basic', evidence: [0] },
      ],
    });
  });

  it('restores the reasons, in order, with their texts from the rules', () => {
    expect(fromStoredReasons(JSON.parse(JSON.stringify(toStoredReasons(reasons))), textsOf)).toEqual(reasons);
  });

  it('shows the rule id when its text is not found, so no reason is ever hidden', () => {
    const [restored] = fromStoredReasons(toStoredReasons(reasons.slice(1)), []);
    expect(restored).toEqual({ ...reasons[1], text: { da: 'pain', en: 'pain' } });
  });

  it('stores urgent reasons beside the reasons, sharing their evidence, and restores them with their texts', () => {
    const urgent = [{ rule: 'cope', text: { da: 'Haster.', en: 'Urgent.' }, evidence: [cannotCope] }];
    const stored = JSON.parse(JSON.stringify(toStoredReasons(reasons, urgent)));
    expect(stored).toEqual({ evidence: [painNeed, fatigueNeed, cannotCope], reasons: expect.any(Array), urgent: [{ rule: 'cope', evidence: [2] }] });
    expect(fromStoredUrgentReasons(stored, [{ id: 'cope', reason: { da: 'Haster.', en: 'Urgent.' } }])).toEqual(urgent);
    expect(fromStoredReasons(stored, textsOf)).toEqual(reasons);
  });

  it('reads no urgent reasons from flags stored without them', () => {
    expect(fromStoredUrgentReasons(toStoredReasons(reasons), [])).toEqual([]);
    expect(fromStoredUrgentReasons(JSON.parse(JSON.stringify(reasons)), [])).toEqual([]);
  });

  it('restores the engine\'s own-words reason with its text, which is in no questionnaire file', () => {
    const { flag } = assessResponse(palliative, { talk_about_other: 'Jeg er bange.' });
    expect(fromStoredReasons(JSON.parse(JSON.stringify(toStoredReasons(flag.reasons))), rules)).toEqual(flag.reasons);
    expect(flag.reasons[0]!.text.da).toBe('Patienten har skrevet med egne ord: læs dem.');
  });

  it('restores the engine\'s urgent-review and incomplete reasons with their texts, which are in no questionnaire file', () => {
    const engine: FlagReason[] = [
      { rule: URGENT_REVIEW_RULE, level: 'basic', text: URGENT_REVIEW_REASON, evidence: [cannotCope] },
      { rule: INCOMPLETE_RULE, level: 'basic', text: INCOMPLETE_REASON, evidence: [] },
    ];
    expect(fromStoredReasons(JSON.parse(JSON.stringify(toStoredReasons(engine))), rules)).toEqual(engine);
  });

  it('reads flags stored before the compact form (a list of reasons with their texts) as they are', () => {
    expect(fromStoredReasons(JSON.parse(JSON.stringify(reasons)), [])).toEqual(reasons);
  });

  it('stores the flag of the specialized-level example answers in not much more than half the characters', () => {
    const answers = JSON.parse(readFileSync(path.join(FIXTURES, 'answers', 'palliative-specialized.json'), 'utf8'));
    const { reasons: fired } = assessResponse(palliative, answers).flag;
    expect(fired.length).toBeGreaterThanOrEqual(4);
    // Under half until version 2.0.0, whose "Very much + another area" rule cites items at "Quite a bit" (evidence no other rule shares) where 1.x cited scale needs.
    expect(JSON.stringify(toStoredReasons(fired)).length).toBeLessThan(JSON.stringify(fired).length * 0.55);
  });

  it('round-trips every flag of the shipped palliative questionnaire, never larger than the full form', () => {
    const choices = [...palliative.questions.values()].filter((q) => q.values?.length);
    const answers = fc.record(Object.fromEntries(choices.map((q) => [q.name, q.multiple ? fc.subarray(q.values!, { minLength: 1 }).map((a) => (a.includes('none') ? ['none'] : a)) : fc.constantFrom(...q.values!)])));
    fc.assert(
      fc.property(answers, (given) => {
        const { flag } = assessResponse(palliative, given);
        const stored = JSON.stringify(toStoredReasons(flag.reasons, flag.urgentReasons));
        expect(fromStoredReasons(JSON.parse(stored), rules)).toEqual(flag.reasons);
        expect(fromStoredUrgentReasons(JSON.parse(stored), urgencyRules)).toEqual(flag.urgentReasons);
        if (flag.reasons.length > 0) expect(stored.length).toBeLessThan(JSON.stringify([flag.reasons, flag.urgentReasons]).length);
      }),
    );
  });
});

/** Properties every shipped questionnaire must keep, whatever its wording or rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import { LEVEL_RANK } from '../../server/domain/flagging.js';
import type { QuestionInfo } from '../../server/domain/questionnaire-schema.js';
import { loadQuestionnaires, type LoadedQuestionnaire } from '../../server/questionnaire-loader.js';

const catalog = await loadQuestionnaires();

/** Numeric single-choice questions, and whether a higher answer is better (global scales such as overall quality of life). */
function scoredItems(q: LoadedQuestionnaire): { name: string; values: number[]; higherIsBetter: boolean }[] {
  const globalItems = new Set(q.definition.scales.filter((s) => s.kind === 'global').flatMap((s) => s.items));
  return [...q.questions.values()]
    .filter((info) => !info.multiple && info.values?.length && info.values.every((v) => typeof v === 'number'))
    .map((info) => ({ name: info.name, values: (info.values as number[]).toSorted((a, b) => a - b), higherIsBetter: globalItems.has(info.name) }));
}

function answerArbitrary(info: QuestionInfo): fc.Arbitrary<unknown> {
  // A "none" choice excludes the others.
  if (info.multiple) return fc.subarray(info.values ?? [], { minLength: info.required ? 1 : 0 }).map((a) => (info.hasNone && a.includes('none') ? ['none'] : a));
  if (info.values) return fc.constantFrom(...info.values);
  return fc.constantFrom('', 'Something else bothers me');
}

function answersArbitrary(q: LoadedQuestionnaire): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries([...q.questions.values()].map((info) => [info.name, answerArbitrary(info)])));
}

/** The answers of a patient with no problem at all. */
function bestAnswers(q: LoadedQuestionnaire): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const item of scoredItems(q)) answers[item.name] = item.higherIsBetter ? item.values.at(-1) : item.values[0];
  for (const info of q.questions.values()) {
    if (info.required && answers[info.name] === undefined) answers[info.name] = info.multiple ? [info.values?.includes('none') ? 'none' : info.values?.[0]] : info.values?.find((v) => v === 'no') ?? info.values?.at(-1);
  }
  return answers;
}

describe.each([...catalog.values()].map((q) => [q.definition.id, q] as const))('%s', (_, questionnaire) => {
  const items = scoredItems(questionnaire);
  const assess = (answers: Record<string, unknown>) => assessResponse(questionnaire, answers);

  it('proposes no level for a patient with no problem', () => {
    expect(assess(bestAnswers(questionnaire)).flag).toEqual({ level: 'none', reasons: [] });
  });

  it('keeps every scale score within 0..100 or null', () => {
    fc.assert(fc.property(answersArbitrary(questionnaire), (answers) =>
      assess(answers).scores.every(({ score }) => score === null || (score >= 0 && score <= 100))));
  });

  it('never lowers the proposed level when one answer gets worse', () => {
    fc.assert(fc.property(answersArbitrary(questionnaire), fc.nat(), (answers, pick) => {
      const item = items[pick % items.length]!;
      const current = answers[item.name] as number;
      const index = item.values.indexOf(current);
      const worseIndex = item.higherIsBetter ? index - 1 : index + 1;
      fc.pre(worseIndex >= 0 && worseIndex < item.values.length);
      const before = assess(answers).flag.level;
      const after = assess({ ...answers, [item.name]: item.values[worseIndex] }).flag.level;
      return LEVEL_RANK[after] >= LEVEL_RANK[before];
    }), { numRuns: 500 });
  });

  it.each(questionnaire.definition.flagging.rules.map((rule) => [rule.id, rule.level] as const))('can fire rule %s (%s)', (ruleId) => {
    const result = fc.check(fc.property(answersArbitrary(questionnaire), (answers) => !assess(answers).flag.reasons.some((r) => r.rule === ruleId)), { numRuns: 3000 });
    expect(result.failed, `no generated answers fired ${ruleId}`).toBe(true);
  });
});

/** Properties every shipped questionnaire must keep, whatever its wording or rules. */
import fc from 'fast-check';
import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import { LEVEL_RANK } from '../../server/domain/flagging.js';
import type { QuestionInfo } from '../../server/domain/survey-index.js';
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

/** Any answers, with questions left blank now and then: no shipped question is required. */
function answersArbitrary(q: LoadedQuestionnaire, blanks = true): fc.Arbitrary<Record<string, unknown>> {
  const answer = (info: QuestionInfo) => (blanks ? fc.option(answerArbitrary(info), { nil: null, freq: 8 }) : answerArbitrary(info));
  return fc.record(Object.fromEntries([...q.questions.values()].map((info) => [info.name, answer(info)])));
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

  it('proposes no level, no urgency and no own words for a patient with no problem', () => {
    expect(assess(bestAnswers(questionnaire)).flag).toEqual({ level: 'none', reasons: [], urgent: false, urgentReasons: [], ownWords: false, ownWordsQuestions: [] });
  });

  it('requires no question, so a patient may leave any of them blank', () => {
    expect([...questionnaire.questions.values()].filter((q) => q.required).map((q) => q.name)).toEqual([]);
    expect(() => assess({})).not.toThrow();
  });

  it('reports every scale, a missing one with score null, and flags no need from blanks: an empty response is only "incomplete"', () => {
    const { scores, flag } = assess({});
    expect(scores.map((s) => [s.scale, s.score])).toEqual(questionnaire.definition.scales.map((s) => [s.id, null]));
    expect(flag).toMatchObject({ level: 'basic', urgent: false, ownWords: false });
    expect(flag.reasons.map((r) => r.rule)).toEqual(['incomplete']);
  });

  it('asks at most six questions on a page, so a page fits a phone (an html element is no question)', () => {
    const model = new Model(questionnaire.definition.survey);
    const perPage = model.pages.map((page) => [page.name, page.questions.filter((q) => q.hasInput).length] as const);
    expect(perPage.filter(([, count]) => count > 6)).toEqual([]);
    expect(perPage.every(([, count]) => count > 0)).toBe(true);
  });

  it('proposes at least basic when any scored item is at its worst answer and everything else is at its best (any-item-at-worst)', () => {
    const calm = bestAnswers(questionnaire);
    const scaled = questionnaire.definition.scales.flatMap((scale) => scale.items.map((item) => ({ item, worst: scale.kind === 'global' ? scale.min : scale.max, global: scale.kind === 'global' })));
    expect(scaled.length).toBeGreaterThan(10);
    for (const { item, worst, global } of scaled) {
      const { flag } = assess({ ...calm, [item]: worst });
      expect(flag.level, item).not.toBe('none');
      // A problem at "Very much" fires the rule; overall quality of life at 1 of 7 has a rule of its own.
      if (!global) expect(flag.reasons.map((r) => r.rule), item).toContain('any-item-at-worst');
    }
  });

  it('asks first, optionally, who is filling in, and never scores the answer nor reads it as own words', () => {
    const model = new Model(questionnaire.definition.survey);
    const first = model.getAllQuestions()[0]!;
    expect([first.name, first.getType(), first.isRequired]).toEqual(['respondent', 'radiogroup', false]);
    expect(questionnaire.questions.get('respondent')!.values).toEqual(['self', 'assisted', 'relative']);
    expect(questionnaire.definition.scales.flatMap((s) => s.items)).not.toContain('respondent');
    expect(JSON.stringify(questionnaire.definition.flagging)).not.toContain('"respondent"');
    for (const respondent of ['self', 'assisted', 'relative']) {
      expect(assess({ ...bestAnswers(questionnaire), respondent }).flag).toMatchObject({ level: 'none', ownWords: false });
    }
  });

  it('states a rationale and a source for every rule and urgency rule', () => {
    for (const rule of [...questionnaire.definition.flagging.rules, ...(questionnaire.definition.flagging.urgency ?? [])]) {
      expect(rule.rationale.length, rule.id).toBeGreaterThan(20);
      expect(rule.source.length, rule.id).toBeGreaterThan(5);
    }
    expect(questionnaire.definition.minimalImportantDifference).toEqual({ value: 10, source: expect.stringContaining('Osoba') });
  });

  it('keeps every scale score within 0..100 or null', () => {
    fc.assert(fc.property(answersArbitrary(questionnaire), (answers) =>
      assess(answers).scores.every(({ score }) => score === null || (score >= 0 && score <= 100))));
  });

  it('never lowers the proposed level and never removes urgency when one answer gets worse', () => {
    fc.assert(fc.property(answersArbitrary(questionnaire), fc.nat(), (answers, pick) => {
      const item = items[pick % items.length]!;
      const index = item.values.indexOf(answers[item.name] as number);
      const worseIndex = item.higherIsBetter ? index - 1 : index + 1;
      fc.pre(index >= 0 && worseIndex >= 0 && worseIndex < item.values.length);
      const before = assess(answers).flag;
      const after = assess({ ...answers, [item.name]: item.values[worseIndex] }).flag;
      expect(LEVEL_RANK[after.level]).toBeGreaterThanOrEqual(LEVEL_RANK[before.level]);
      // Every urgency rule that fired still fires: urgency is never removed, not even swapped for another.
      expect(after.urgentReasons.map((r) => r.rule)).toEqual(expect.arrayContaining(before.urgentReasons.map((r) => r.rule)));
      // Urgent is never "none" (clinical rules, second edition, item 2).
      for (const flag of [before, after]) if (flag.urgent) expect(flag.level).not.toBe('none');
    }), { numRuns: 500 });
  });

  it('never proposes "none" for an urgent response, whatever is answered or left blank', () => {
    fc.assert(fc.property(answersArbitrary(questionnaire), (answers) => {
      const { flag } = assess(answers);
      return !flag.urgent || flag.level !== 'none';
    }), { numRuns: 500 });
  });

  it.each(questionnaire.definition.flagging.rules.map((rule) => [rule.id, rule.level] as const))('can fire rule %s (%s)', (ruleId) => {
    const result = fc.check(fc.property(answersArbitrary(questionnaire, false), (answers) => !assess(answers).flag.reasons.some((r) => r.rule === ruleId)), { numRuns: 3000 });
    expect(result.failed, `no generated answers fired ${ruleId}`).toBe(true);
  });

  it.each((questionnaire.definition.flagging.urgency ?? []).map((rule) => [rule.id] as const))('can fire urgency rule %s', (ruleId) => {
    const result = fc.check(fc.property(answersArbitrary(questionnaire, false), (answers) => !assess(answers).flag.urgentReasons.some((r) => r.rule === ruleId)), { numRuns: 3000 });
    expect(result.failed, `no generated answers fired ${ruleId}`).toBe(true);
  });
});

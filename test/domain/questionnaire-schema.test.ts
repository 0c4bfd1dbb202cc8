import { describe, expect, it } from 'vitest';
import type { DefinitionProblem } from '../../server/domain/definition-problem.js';
import { parseQuestionnaire } from '../../server/domain/questionnaire-schema.js';
import { minimalJson } from './fixtures.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document the tests reach into and break freely
type Json = Record<string, any>;

function problemsAfter(change: (json: Json) => void): DefinitionProblem[] {
  const json = minimalJson();
  change(json);
  const result = parseQuestionnaire(json);
  return 'problems' in result ? result.problems : [];
}

const firstElement = (json: Json) => json.survey.pages[0].elements[0];
const urgency = (when: unknown, extra: Json = {}) => (j: Json) =>
  (j.flagging.urgency = [{ id: 'urgent', when, reason: { da: 'Haster.', en: 'Urgent.' }, rationale: 'For tests.', source: 'Test.', ...extra }]);
const countRule = (when: unknown) => (j: Json) =>
  j.flagging.rules.push({ id: 'spread', level: 'specialized', when, reason: { da: 'Spredt.', en: 'Spread.' }, rationale: 'For tests.', source: 'Test.' });

describe('questionnaire definition checks', () => {
  it('accepts the minimal definition', () => {
    expect(problemsAfter(() => {})).toEqual([]);
  });

  it.each<[string, (json: Json) => void, DefinitionProblem]>([
    ['an unknown item in a scale', (j) => (j.scales[0].items = ['pian']), { path: '$.scales[0].items[0]', message: 'unknown item "pian"' }],
    ['an unknown item in a rule', (j) => (j.flagging.rules[1].when.any[1].item = 'kontakt'), { path: '$.flagging.rules[1].when.any[1].item', message: 'unknown item "kontakt"' }],
    ['an unknown item in a named condition', (j) => (j.flagging.conditions['psychological-need'].item = 'wory'), { path: '$.flagging.conditions["psychological-need"].item', message: 'unknown item "wory"' }],
    ['a rule naming an unknown scale', (j) => (j.flagging.rules[4].when.scale = 'pff'), { path: '$.flagging.rules[4].when.scale', message: 'unknown scale "pff"' }],
    ['a scaleNeed naming an unknown scale', (j) => (j.flagging.rules[0].when.scaleNeed = 'pain'), { path: '$.flagging.rules[0].when.scaleNeed', message: 'unknown scale "pain"' }],
    ['a scaleNeed on a scale without threshold', (j) => (j.flagging.rules[0].when.scaleNeed = 'wo'), { path: '$.flagging.rules[0].when.scaleNeed', message: 'scale "wo" has no threshold' }],
    ['an unknown named condition', (j) => (j.flagging.rules[2].when.all[1].ref = 'psych'), { path: '$.flagging.rules[2].when.all[1].ref', message: 'unknown condition "psych"' }],
    ['named conditions in a cycle', (j) => (j.flagging.conditions['physical-need'] = { ref: 'psychological-need' }, j.flagging.conditions['psychological-need'] = { ref: 'physical-need' }),
      { path: '$.flagging.conditions["physical-need"]', message: 'condition "physical-need" refers back to itself through other conditions' }],
    ['a duplicate question name', (j) => (j.survey.pages[0].elements[1].name = 'pain'), { path: '$.survey.pages[0].elements[1].name', message: 'duplicate question name "pain" (first at $.survey.pages[0].elements[0])' }],
    ['a duplicate scale id', (j) => (j.scales[1].id = 'pa'), { path: '$.scales[1].id', message: 'duplicate id "pa"' }],
    ['a duplicate rule id', (j) => (j.flagging.rules[1].id = 'pain-need'), { path: '$.flagging.rules[1].id', message: 'duplicate id "pain-need"' }],
    ['choices that do not cover the range', (j) => (j.scales[0].max = 5), { path: '$.scales[0].items[0]', message: 'item "pain" must be a single-choice question with choice values exactly 1..5, has [1,2,3,4]' }],
    ['choice values outside the range', (j) => (firstElement(j).choices[3].value = 5), { path: '$.scales[0].items[0]', message: 'item "pain" must be a single-choice question with choice values exactly 1..4, has [1,2,3,5]' }],
    ['text choice values on a scored item', (j) => (firstElement(j).choices[0].value = '1'), { path: '$.scales[0].items[0]', message: 'item "pain" must be a single-choice question with choice values exactly 1..4, has ["1",2,3,4]' }],
    ['a free-text item in a scale', (j) => (j.scales[1].items = ['other']), { path: '$.scales[1].items[0]', message: 'item "other" must be a single-choice question with choice values exactly 1..4, has []' }],
    ['a missing Danish survey text', (j) => delete firstElement(j).title.da, { path: '$.survey.pages[0].elements[0].title', message: 'missing Danish text ("da")' }],
    ['a missing English survey text', (j) => delete firstElement(j).choices[2].text.default, { path: '$.survey.pages[0].elements[0].choices[2].text', message: 'missing English text ("default")' }],
    ['a single-language survey text', (j) => (j.survey.pages[0].title = 'Your body'), { path: '$.survey.pages[0].title', message: 'text must be {"default": English, "da": Danish}, found a single-language string' }],
    ['a missing Danish title', (j) => delete j.title.da, { path: '$.title.da', message: expect.stringContaining('') as unknown as string }],
    ['a missing English reason', (j) => (j.flagging.rules[0].reason = { da: 'Smerter.' }), { path: '$.flagging.rules[0].reason.en', message: expect.any(String) as unknown as string }],
    ['a scale threshold above 100', (j) => (j.scales[0].threshold.value = 250), { path: '$.scales[0].threshold.value', message: 'threshold must be within 0..100' }],
    ['a rule threshold below 0', (j) => (j.flagging.rules[4].when.below = -5), { path: '$.flagging.rules[4].when.below', message: 'threshold must be within 0..100' }],
    ['an unknown area', (j) => (j.scales[0].area = 'spiritual'), { path: '$.scales[0].area', message: 'unknown area "spiritual"' }],
    ['a table method with the wrong number of items', (j) => (j.scales[2].method = 'c15pal-pf3'), { path: '$.scales[2].items', message: 'method c15pal-pf3 needs exactly 3 items' }],
    ['an equals value that is not a choice', (j) => (j.flagging.rules[1].when = { item: 'pain', equals: 7 }), { path: '$.flagging.rules[1].when.equals', message: '7 is not one of the answers of "pain": [1,2,3,4]' }],
    ['includes on a single-choice item', (j) => (j.flagging.rules[1].when = { item: 'pain', includes: 4 }), { path: '$.flagging.rules[1].when.item', message: '"includes" needs a multiple-choice item; "pain" is radiogroup' }],
    ['an includes value that is not a choice', (j) => (j.flagging.rules[1].when.any[0].includes = 'doctor'), { path: '$.flagging.rules[1].when.any[0].includes', message: '"doctor" is not one of the answers of "contact": ["nurse","gp"]' }],
    ['a count that can never hold', (j) => (j.flagging.rules[3].when.atLeast = 3), { path: '$.flagging.rules[3].when.atLeast', message: 'atLeast 3 can never hold for 2 conditions' }],
    ['a condition of an unknown kind', (j) => (j.flagging.rules[0].when = { scale: 'pa', above: 30 }), { path: '$.flagging.rules[0].when', message: expect.stringContaining('not a valid condition') as unknown as string }],
    ['an unknown item in an urgency rule', urgency({ any: [{ item: 'pain', atLeast: 4 }, { item: 'pian', atLeast: 4 }] }), { path: '$.flagging.urgency[0].when.any[1].item', message: 'unknown item "pian"' }],
    ['an unknown scale in an urgency rule', urgency({ scale: 'eff', below: 17 }), { path: '$.flagging.urgency[0].when.scale', message: 'unknown scale "eff"' }],
    ['an urgency rule without a source', urgency({ item: 'pain', atLeast: 4 }, { source: undefined }), { path: '$.flagging.urgency[0].source', message: expect.any(String) as unknown as string }],
    ['an urgency rule with a level', urgency({ item: 'pain', atLeast: 4 }, { level: 'basic' }), { path: '$.flagging.urgency[0]', message: expect.stringContaining('level') as unknown as string }],
    ['a duplicate urgency rule id', (j) => (urgency({ item: 'pain', atLeast: 4 })(j), j.flagging.urgency.push({ ...j.flagging.urgency[0] })), { path: '$.flagging.urgency[1].id', message: 'duplicate id "urgent"' }],
    ['a rule without a rationale', (j) => delete j.flagging.rules[0].rationale, { path: '$.flagging.rules[0].rationale', message: expect.any(String) as unknown as string }],
    ['a rule with an empty source', (j) => (j.flagging.rules[0].source = ' '), { path: '$.flagging.rules[0].source', message: 'must not be empty' }],
    ['a rule using the engine\'s own-words id', (j) => (j.flagging.rules[0].id = 'own-words'), { path: '$.flagging.rules[0].id', message: '"own-words" is reserved for the engine\'s own-words reason' }],
    ['a counted condition without an area', countRule({ count: [{ item: 'pain', atLeast: 3 }, { item: 'other', answered: true }], atLeast: 2, areasAtLeast: 2 }),
      { path: '$.flagging.rules[7].when.count[1]', message: expect.stringContaining('cannot tell the problem area') as unknown as string }],
    ['areasAtLeast beyond the areas counted', countRule({ count: [{ item: 'pain', atLeast: 3 }, { item: 'walk', atLeast: 3 }], atLeast: 2, areasAtLeast: 2 }),
      { path: '$.flagging.rules[7].when.areasAtLeast', message: 'areasAtLeast 2 can never hold: the conditions lie in 1 areas' }],
    ['an unknown area on a condition', countRule({ count: [{ item: 'pain', atLeast: 3 }, { area: 'spiritual', when: { item: 'other', answered: true } }], atLeast: 2 }),
      { path: '$.flagging.rules[7].when.count[1].area', message: 'unknown area "spiritual"' }],
    ['a minimal important difference of 0', (j) => (j.minimalImportantDifference = { value: 0, source: 'x' }), { path: '$.minimalImportantDifference.value', message: 'must be more than 0' }],
    ['a scale minimal important difference without a source', (j) => (j.scales[0].minimalImportantDifference = { value: 8 }), { path: '$.scales[0].minimalImportantDifference.source', message: expect.any(String) as unknown as string }],
    ['an unknown top-level field', (j) => (j.scoring = {}), { path: '$', message: expect.stringContaining('scoring') as unknown as string }],
  ])('reports %s with its JSON path', (_, change, expected) => {
    expect(problemsAfter(change)).toContainEqual(expected);
  });

  it('accepts urgency rules, an explicit area in a count across areas, and minimal important differences', () => {
    expect(problemsAfter((j) => {
      urgency({ scale: 'pf', below: 17 })(j);
      countRule({ count: [{ item: 'pain', atLeast: 3 }, { area: 'psychological', when: { item: 'other', answered: true } }], atLeast: 2, areasAtLeast: 2 })(j);
      j.minimalImportantDifference = { value: 10, source: 'Osoba 1998' };
      j.scales[0].minimalImportantDifference = { value: 8, source: 'Test.' };
    })).toEqual([]);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsAfter((j) => {
      j.scales[0].items = ['nope'];
      j.flagging.rules[0].when.scaleNeed = 'nada';
    });
    expect(problems.map((p) => p.path)).toEqual(['$.scales[0].items[0]', '$.flagging.rules[0].when.scaleNeed']);
  });
});

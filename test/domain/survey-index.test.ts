import { describe, expect, it } from 'vitest';
import { indexSurvey, isUnanswered, walkSurvey, withValueAt, type QuestionInfo } from '../../server/domain/survey-index.js';

const da = (en: string, danish: string) => ({ default: en, da: danish });

/** One question on a page of its own, indexed. */
function indexOne(question: Record<string, unknown>): QuestionInfo {
  const { questions, problems } = indexSurvey({ pages: [{ name: 'p', elements: [question] }] });
  expect(problems).toEqual([]);
  return questions.get(String(question.name))!;
}

describe('the survey index', () => {
  it.each<[string, Record<string, unknown>, Partial<QuestionInfo>]>([
    ['a radiogroup with texts, "none" and "other"', { type: 'radiogroup', name: 'q', title: da('Pain?', 'Smerter?'), choices: [{ value: 1, text: da('No', 'Nej') }, 2], showNoneItem: true, showOtherItem: true },
      { type: 'radiogroup', title: da('Pain?', 'Smerter?'), multiple: false, hasNone: true, hasOther: true, hasComment: true, values: [1, 2, 'none', 'other'],
        options: [{ value: 1, text: da('No', 'Nej') }, { value: 2 }, { value: 'none', text: da('None', 'Ingen') }, { value: 'other', text: da('Other', 'Andet') }] }],
    ['a checkbox with its own "none" text', { type: 'checkbox', name: 'q', choices: ['a', 'b'], showNoneItem: true, noneText: da('Nothing', 'Intet') },
      { multiple: true, hasNone: true, hasOther: false, values: ['a', 'b', 'none'], options: [{ value: 'a' }, { value: 'b' }, { value: 'none', text: da('Nothing', 'Intet') }] }],
    ['a tagbox', { type: 'tagbox', name: 'q', choices: ['x'] }, { multiple: true, values: ['x'], options: [{ value: 'x' }] }],
    ['a dropdown', { type: 'dropdown', name: 'q', choices: [{ value: 'y', text: da('Yes', 'Ja') }] }, { multiple: false, values: ['y'], options: [{ value: 'y', text: da('Yes', 'Ja') }] }],
    ['a rating by rateMin..rateMax: values, no listed options', { type: 'rating', name: 'q', rateMin: 0, rateMax: 10, rateStep: 5 }, { values: [0, 5, 10], options: [] }],
    ['a rating by rateValues', { type: 'rating', name: 'q', rateValues: [{ value: 1, text: da('Not at all', 'Slet ikke') }, 2] },
      { values: [1, 2], options: [{ value: 1, text: da('Not at all', 'Slet ikke') }, { value: 2 }] }],
    ['a boolean with SurveyJS\'s own labels', { type: 'boolean', name: 'q' }, { values: [true, false], options: [{ value: true, text: da('Yes', 'Ja') }, { value: false, text: da('No', 'Nej') }] }],
    ['a boolean with its own values and labels', { type: 'boolean', name: 'q', valueTrue: 'yes', valueFalse: 'no', labelTrue: da('Sure', 'Ja da'), labelFalse: da('Never', 'Aldrig') },
      { values: ['yes', 'no'], options: [{ value: 'yes', text: da('Sure', 'Ja da') }, { value: 'no', text: da('Never', 'Aldrig') }] }],
    ['a comment: free text, no options', { type: 'comment', name: 'q' }, { freeText: true, values: undefined, options: [] }],
    ['a text question: free text', { type: 'text', name: 'q' }, { freeText: true, values: undefined, options: [] }],
    ['a text question for a date: not the patient\'s own words', { type: 'text', name: 'q', inputType: 'date' }, { freeText: false }],
  ])('indexes %s', (_, question, expected) => {
    expect(indexOne(question)).toMatchObject({ name: 'q', ...expected });
  });

  it('keeps the conditions of page, panel and question, outermost first, and finds questions inside panels', () => {
    const { questions } = indexSurvey({
      pages: [{ name: 'p', visibleIf: '{a} = 1', elements: [{ type: 'panel', name: 'box', enableIf: '{b} = 2', elements: [{ type: 'radiogroup', name: 'q', visibleIf: '{c} = 3', choices: [1] }] }] }],
    });
    expect(questions.get('q')!.conditions).toEqual([
      { visible: true, visibleIf: '{a} = 1', readOnly: false },
      { visible: true, readOnly: false, enableIf: '{b} = 2' },
      { visible: true, visibleIf: '{c} = 3', readOnly: false },
    ]);
    expect(questions.get('q')!.visibleIf).toBe('{c} = 3');
    expect(questions.has('box')).toBe(false);
  });

  it('leaves out html and image elements and reports duplicate names', () => {
    const { questions, problems } = indexSurvey({
      pages: [{ elements: [{ type: 'html', name: 'note', html: da('x', 'x') }, { type: 'comment', name: 'q' }, { type: 'text', name: 'q' }] }],
    });
    expect([...questions.keys()]).toEqual(['q']);
    expect(problems).toEqual([{ path: '$.survey.pages[0].elements[2].name', message: 'duplicate question name "q" (first at $.survey.pages[0].elements[1])' }]);
  });
});

describe('the pages and panels in the index', () => {
  const survey = {
    pages: [
      { name: 'first', title: da('First', 'Første'), elements: [{ type: 'html', name: 'intro', html: da('x', 'x') }, { type: 'panel', elements: [{ type: 'comment', name: 'a' }] }, { type: 'text', name: 'b' }] },
      { elements: [{ type: 'panel', name: 'box', title: da('Box', 'Boks'), elements: [{ type: 'panel', elements: [{ type: 'boolean', name: 'c' }] }] }] },
    ],
  };

  it('holds each page with its panels and question names in order, html left out, each place 1-based', () => {
    expect(indexSurvey(survey).pages).toEqual([
      { kind: 'page', name: 'first', title: da('First', 'Første'), position: [1], children: [{ kind: 'panel', position: [1, 2], children: [{ kind: 'question', name: 'a' }] }, { kind: 'question', name: 'b' }] },
      { kind: 'page', position: [2], children: [{ kind: 'panel', name: 'box', title: da('Box', 'Boks'), position: [2, 1], children: [{ kind: 'panel', position: [2, 1, 1], children: [{ kind: 'question', name: 'c' }] }] }] },
    ]);
  });

  it('is walked once, in the file\'s order, a panel before what it holds, each element with its path and parents', () => {
    const met: string[] = [];
    walkSurvey(survey, ({ kind, node, at, parents }) => met.push(`${kind} ${String(node.name ?? node.type ?? '')} ${at.join('.')} in ${parents.length}`));
    expect(met).toEqual([
      'page first pages.0 in 0', 'element intro pages.0.elements.0 in 1', 'element panel pages.0.elements.1 in 1', 'element a pages.0.elements.1.elements.0 in 2', 'element b pages.0.elements.2 in 1',
      'page  pages.1 in 0', 'element box pages.1.elements.0 in 1', 'element panel pages.1.elements.0.elements.0 in 2', 'element c pages.1.elements.0.elements.0.elements.0 in 3',
    ]);
  });

  it('changes one value by its path in a copy, leaving the input as it was', () => {
    const before = JSON.stringify(survey);
    const changed = withValueAt(survey, ['pages', 1, 'elements', 0, 'visible'], false);
    expect(JSON.stringify(survey)).toBe(before);
    expect(changed.pages).toEqual([survey.pages[0], { elements: [{ ...survey.pages[1]!.elements[0], visible: false }] }]);
    expect(withValueAt(survey, ['pages', 5, 'visible'], false)).toEqual(survey);
  });
});

describe('isUnanswered (survey-core\'s rule for "required")', () => {
  it.each<[unknown, boolean]>([
    [undefined, true], [null, true], ['', true], [[], true], [{}, true], [{ a: '', b: null }, true],
    [0, false], [false, false], [' ', false], ['text', false], [[1], false], [{ a: 1 }, false],
  ])('%j is unanswered: %s', (value, expected) => {
    expect(isUnanswered(value)).toBe(expected);
  });
});

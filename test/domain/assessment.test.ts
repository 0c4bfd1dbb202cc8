import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { AnswerValidationError, assessResponse, findAnswerProblems, MAX_TEXT_LENGTH } from '../../server/domain/assessment.js';
import { parseQuestionnaire } from '../../server/domain/questionnaire-schema.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { FIXTURES, minimalJson, minimalQuestionnaire } from './fixtures.js';

const questionnaire = minimalQuestionnaire();
const problems = (answers: unknown) => findAnswerProblems(questionnaire, answers);

/** The minimal questionnaire with its survey changed: `elements` are the questions of its one page, by name. */
function variant(change: (survey: Record<string, any>, elements: Record<string, Record<string, any>>) => void) {
  const json = minimalJson();
  const elements = Object.fromEntries(json.survey.pages[0].elements.map((e: Record<string, any>) => [e.name, e]));
  change(json.survey, elements);
  const result = parseQuestionnaire(json);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result;
}

/** Moves the named questions of the minimal survey onto a second page, or into a panel on the first. */
function onPage(survey: Record<string, any>, names: string[], page: Record<string, unknown>) {
  survey.pages[0].elements = survey.pages[0].elements.filter((e: { name: string }) => !names.includes(e.name));
  const moved = minimalJson().survey.pages[0].elements.filter((e: { name: string }) => names.includes(e.name));
  survey.pages.push({ name: 'second', ...page, elements: moved });
}
function inPanel(survey: Record<string, any>, names: string[], panel: Record<string, unknown>) {
  const moved = survey.pages[0].elements.filter((e: { name: string }) => names.includes(e.name));
  survey.pages[0].elements = survey.pages[0].elements.filter((e: { name: string }) => !names.includes(e.name));
  survey.pages[0].elements.push({ type: 'panel', name: 'box', ...panel, elements: moved });
}

describe('answer validation', () => {
  it('accepts complete valid answers', () => {
    expect(problems({ pain: 2, worry: 1, walk: 4, other: 'Itching', contact: ['nurse', 'gp'] })).toEqual([]);
  });

  it('rejects answers that are not an object', () => {
    expect(problems([1, 2])).toEqual([{ question: '$', code: 'not_an_object', message: expect.any(String) }]);
  });

  it.each([
    ['an unknown question', { pain: 1, pian: 2 }, { question: 'pian', code: 'unknown_question' }],
    ['a value outside the choices', { pain: 5 }, { question: 'pain', code: 'not_a_choice' }],
    ['a number as text', { pain: '2' }, { question: 'pain', code: 'not_a_choice' }],
    ['a single value for a multiple choice', { pain: 2, contact: 'nurse' }, { question: 'contact', code: 'wrong_type' }],
    ['an unknown choice in a list', { pain: 2, contact: ['nurse', 'priest'] }, { question: 'contact', code: 'not_a_choice' }],
    ['a number for free text', { pain: 1, other: 12 }, { question: 'other', code: 'wrong_type' }],
    ['over-long free text', { pain: 1, other: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, { question: 'other', code: 'too_long' }],
    ['a required question missing', { worry: 2 }, { question: 'pain', code: 'required' }],
  ])('reports %s', (_, answers, expected) => {
    expect(problems(answers)).toContainEqual(expect.objectContaining(expected));
  });

  it('reports one problem per question, all at once', () => {
    expect(problems({ pian: 1, worry: 9 }).map((p) => p.question)).toEqual(['pian', 'worry', 'pain']);
  });

  it('treats null as no answer', () => {
    expect(problems({ pain: 1, worry: null })).toEqual([]);
  });

  it('accepts the "other" text SurveyJS keeps under <name>-Comment', () => {
    const q = variant((_, { contact }) => { contact!.showOtherItem = true; });
    expect(findAnswerProblems(q, { pain: 2, contact: ['other'], 'contact-Comment': 'My daughter' })).toEqual([]);
  });

  it('reports text under <name>-Comment for a question with no "other" choice or comment area', () => {
    expect(problems({ pain: 2, contact: ['nurse'], 'contact-Comment': 'My daughter' })).toEqual([
      expect.objectContaining({ question: 'contact-Comment', code: 'no_comment_field' }),
    ]);
    const q = variant((_, { pain }) => { pain!.showCommentArea = true; });
    expect(findAnswerProblems(q, { pain: 1, 'pain-Comment': 'Mostly at night' })).toEqual([]);
  });

  it('requires the text of a chosen "other", as SurveyJS does', () => {
    const q = variant((_, { contact }) => { contact!.showOtherItem = true; });
    expect(findAnswerProblems(q, { pain: 2, contact: ['other'] })).toEqual([expect.objectContaining({ question: 'contact', code: 'other_text_missing' })]);
  });

  it('reports a choice given twice', () => {
    expect(problems({ pain: 2, contact: ['nurse', 'nurse'] })).toEqual([expect.objectContaining({ question: 'contact', code: 'duplicate_choice' })]);
  });

  it('reports "none" chosen with another choice', () => {
    const q = variant((_, { contact }) => { contact!.showNoneItem = true; });
    expect(findAnswerProblems(q, { pain: 2, contact: ['none'] })).toEqual([]);
    expect(findAnswerProblems(q, { pain: 2, contact: ['none', 'gp'] })).toEqual([expect.objectContaining({ question: 'contact', code: 'none_with_other_choices' })]);
  });

  it('does not require a question hidden by its visibleIf', () => {
    const q = minimalQuestionnaire();
    q.questions.get('contact')!.required = true;
    expect(findAnswerProblems(q, { pain: 1 })).toEqual([]);
    expect(findAnswerProblems(q, { pain: 2 })).toContainEqual(expect.objectContaining({ question: 'contact', code: 'required' }));
  });

  it('does not require a question on a page hidden by its visibleIf', () => {
    const q = variant((survey) => onPage(survey, ['walk'], { visibleIf: '{worry} >= 3' }));
    q.questions.get('walk')!.required = true;
    expect(findAnswerProblems(q, { pain: 1, worry: 1 })).toEqual([]);
    expect(findAnswerProblems(q, { pain: 1, worry: 3 })).toEqual([expect.objectContaining({ question: 'walk', code: 'required' })]);
  });

  it('does not require a question in a panel hidden by its visibleIf, or by "visible": false', () => {
    const q = variant((survey, { walk }) => { walk!.isRequired = true; inPanel(survey, ['walk'], { visibleIf: '{worry} >= 3' }); });
    expect(findAnswerProblems(q, { pain: 1, worry: 2 })).toEqual([]);
    expect(findAnswerProblems(q, { pain: 1, worry: 4 })).toEqual([expect.objectContaining({ question: 'walk', code: 'required' })]);
    const never = variant((survey, { walk }) => { walk!.isRequired = true; inPanel(survey, ['walk'], { visible: false }); });
    expect(findAnswerProblems(never, { pain: 1, worry: 4 })).toEqual([]);
  });

  it('requires a question when its requiredIf holds, whatever isRequired says', () => {
    const q = variant((_, { worry, pain }) => { worry!.requiredIf = '{walk} = 4'; pain!.requiredIf = '{walk} = 4'; });
    expect(findAnswerProblems(q, { walk: 1 })).toEqual([]);
    expect(findAnswerProblems(q, { walk: 4 }).map((p) => [p.question, p.code])).toEqual([['pain', 'required'], ['worry', 'required']]);
  });

  it('does not require a question disabled by its enableIf, as SurveyJS skips read-only questions', () => {
    const q = variant((_, { worry }) => { worry!.isRequired = true; worry!.enableIf = '{pain} > 1'; });
    expect(findAnswerProblems(q, { pain: 1 })).toEqual([]);
    expect(findAnswerProblems(q, { pain: 2 })).toEqual([expect.objectContaining({ question: 'worry', code: 'required' })]);
  });

  it('drops answers to hidden questions before scoring and from the answers to store, as SurveyJS does on completion', () => {
    const answers = { pain: 1, worry: 1, walk: 1, contact: ['nurse'] }; // contact is shown only for pain >= 2
    const { answers: kept, flag } = assessResponse(questionnaire, answers);
    expect(kept).toEqual({ pain: 1, worry: 1, walk: 1 });
    expect(flag).toMatchObject({ level: 'none', reasons: [], urgent: false, urgentReasons: [] });
    expect(assessResponse(questionnaire, { ...answers, pain: 2 }).flag.reasons.map((r) => r.rule)).toContain('wants-contact');
  });

  it('drops the answers on a hidden page', () => {
    const q = variant((survey) => onPage(survey, ['walk', 'contact'], { visibleIf: '{worry} = 4' }));
    // walk and contact are on a page shown for worry = 4.
    expect(assessResponse(q, { pain: 2, worry: 1, walk: 4, contact: ['gp'] }).answers).toEqual({ pain: 2, worry: 1 });
  });

  it.each([
    ['a later question hides an earlier one', { worry: '{contact} notempty' }, { pain: 1, worry: 4, contact: ['gp'] }],
    ['an earlier question hides a later one', { walk: '{worry} = 4' }, { pain: 1, worry: 3, walk: 4 }],
    ['a dropped answer hides a later question', { worry: '{pain} = 2', walk: '{worry} = 4' }, { pain: 1, worry: 4, walk: 4 }],
  ])('keeps exactly what survey-core keeps on completion when %s', (_, visibleIfs: Record<string, string>, answers) => {
    const q = variant((_, elements) => { for (const [name, expression] of Object.entries(visibleIfs)) elements[name]!.visibleIf = expression; });
    const model = new Model(q.definition.survey);
    model.data = answers;
    model.doComplete();
    expect(assessResponse(q, answers).answers).toEqual(model.data);
  });

  it('does not let other_symptoms_bother raise the palliative level when no other symptom is named', async () => {
    const palliative = (await loadQuestionnaires()).get('palliative-needs')!;
    const calm = JSON.parse(readFileSync(path.join(FIXTURES, 'answers', 'palliative-none.json'), 'utf8'));
    expect(assessResponse(palliative, { ...calm, other_symptoms_bother: 4 }).flag).toMatchObject({ level: 'none', reasons: [], urgent: false, urgentReasons: [] });
    expect(assessResponse(palliative, { ...calm, other_symptoms_bother: 4 }).answers).not.toHaveProperty('other_symptoms_bother');
    expect(assessResponse(palliative, { ...calm, other_symptoms: 'Itching', other_symptoms_bother: 4 }).flag.level).toBe('basic');
  });

  it('throws AnswerValidationError from assessResponse with every problem', () => {
    expect(() => assessResponse(questionnaire, { pain: 7, x: 1 })).toThrow(AnswerValidationError);
    try {
      assessResponse(questionnaire, { pain: 7, x: 1 });
    } catch (error) {
      expect((error as AnswerValidationError).problems.map((p) => p.code)).toEqual(['not_a_choice', 'unknown_question']);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { AnswerValidationError, assessResponse, findAnswerProblems, MAX_TEXT_LENGTH } from '../../server/domain/assessment.js';
import { minimalQuestionnaire } from './fixtures.js';

const questionnaire = minimalQuestionnaire();
const problems = (answers: unknown) => findAnswerProblems(questionnaire, answers);

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
    expect(problems({ pain: 1, 'contact-Comment': 'My daughter' })).toEqual([]);
  });

  it('does not require a question hidden by its visibleIf', () => {
    const q = minimalQuestionnaire();
    q.questions.get('contact')!.required = true;
    expect(findAnswerProblems(q, { pain: 1 })).toEqual([]);
    expect(findAnswerProblems(q, { pain: 2 })).toContainEqual(expect.objectContaining({ question: 'contact', code: 'required' }));
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

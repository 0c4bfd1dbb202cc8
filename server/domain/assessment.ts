/**
 * From a patient's answers to a proposed level: validate against the questionnaire, score, flag.
 * Pure: no I/O.
 */
import { ConditionRunner } from 'survey-core';
import { evaluateFlags, type FlagResult } from './flagging.js';
import { findOwnWords } from './own-words.js';
import type { QuestionInfo, QuestionnaireDefinition } from './questionnaire-schema.js';
import { scoreQuestionnaire, type Answers, type ScaleScore } from './scoring.js';

export type AnswerProblemCode = 'not_an_object' | 'unknown_question' | 'wrong_type' | 'not_a_choice' | 'required' | 'too_long';

export interface AnswerProblem {
  question: string;
  code: AnswerProblemCode;
  message: string;
}

/** Answers that do not fit the questionnaire; one problem per question. */
export class AnswerValidationError extends Error {
  override readonly name = 'AnswerValidationError';
  constructor(readonly problems: AnswerProblem[]) {
    super(`Invalid answers: ${problems.map((p) => `${p.question}: ${p.message}`).join('; ')}`);
  }
}

export interface QuestionnaireForAnswers {
  definition: QuestionnaireDefinition;
  questions: Map<string, QuestionInfo>;
}

/** Longest free-text answer accepted: generous for a patient, bounded for the server. */
export const MAX_TEXT_LENGTH = 5000;
/** SurveyJS keeps the text of an "Other" choice under `<name>-Comment`. */
const COMMENT_SUFFIX = '-Comment';

const describe = (value: unknown): string => (Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value);

function checkValue(q: QuestionInfo, value: unknown): Omit<AnswerProblem, 'question'> | null {
  if (q.multiple) {
    if (!Array.isArray(value)) return { code: 'wrong_type', message: `must be a list of choices, got ${describe(value)}` };
    const wrong = value.filter((v) => !q.values?.includes(v));
    return wrong.length > 0 ? { code: 'not_a_choice', message: `${JSON.stringify(wrong)} not among the choices ${JSON.stringify(q.values)}` } : null;
  }
  if (q.values) {
    return q.values.includes(value as string | number | boolean)
      ? null
      : { code: 'not_a_choice', message: `${JSON.stringify(value)} is not one of the choices ${JSON.stringify(q.values)}` };
  }
  if (typeof value === 'number' && Number.isFinite(value) && q.type !== 'comment') return null;
  if (typeof value !== 'string') return { code: 'wrong_type', message: `must be text, got ${describe(value)}` };
  return value.length > MAX_TEXT_LENGTH ? { code: 'too_long', message: `must be at most ${MAX_TEXT_LENGTH} characters` } : null;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Every problem with a set of answers: unknown questions, wrong types, values outside the choices, required questions missing. */
export function findAnswerProblems({ questions }: QuestionnaireForAnswers, answers: unknown): AnswerProblem[] {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return [{ question: '$', code: 'not_an_object', message: 'answers must be an object mapping question names to answers' }];
  }
  const given = answers as Record<string, unknown>;
  const problems: AnswerProblem[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (value === null || value === undefined) continue; // an explicit "no answer"
    const base = name.endsWith(COMMENT_SUFFIX) ? questions.get(name.slice(0, -COMMENT_SUFFIX.length)) : undefined;
    const q = questions.get(name);
    if (!q && !base) {
      problems.push({ question: name, code: 'unknown_question', message: 'not a question in this questionnaire' });
      continue;
    }
    const problem = q ? checkValue(q, value) : checkValue({ ...base!, type: 'comment', values: undefined, multiple: false }, value);
    if (problem) problems.push({ question: name, ...problem });
  }
  for (const q of questions.values()) {
    if (q.required && isEmpty(given[q.name]) && isVisible(q, given)) {
      problems.push({ question: q.name, code: 'required', message: 'this question must be answered' });
    }
  }
  return problems;
}

// Parsing an expression costs more than running it; questionnaires hold few distinct ones.
const conditionRunners = new Map<string, ConditionRunner>();

function isVisible(q: QuestionInfo, answers: Record<string, unknown>): boolean {
  if (q.visibleIf === undefined) return true;
  let runner = conditionRunners.get(q.visibleIf);
  if (!runner) conditionRunners.set(q.visibleIf, (runner = new ConditionRunner(q.visibleIf)));
  return runner.runValues(answers) === true;
}

export interface Assessment {
  scores: ScaleScore[];
  flag: FlagResult;
}

/** Validates, scores and flags one response; throws AnswerValidationError when the answers do not fit. */
export function assessResponse(questionnaire: QuestionnaireForAnswers, answers: unknown): Assessment {
  const problems = findAnswerProblems(questionnaire, answers);
  if (problems.length > 0) throw new AnswerValidationError(problems);
  const given = answers as Record<string, unknown>;
  // Validation guarantees every scored item is absent or one of its integer choice codes.
  const scores = scoreQuestionnaire(questionnaire.definition, given as Answers);
  // Own words are found from the questions, not the rules: no questionnaire file can leave them out.
  return { scores, flag: evaluateFlags(questionnaire.definition, scores, given, findOwnWords(questionnaire.questions, given)) };
}

/**
 * From a patient's answers to a proposed level: validate against the questionnaire, score, flag.
 * Pure: no I/O.
 */
import { ExpressionRunner } from 'survey-core';
import { evaluateFlags, type FlagResult } from './flagging.js';
import type { QuestionnaireDefinition } from './questionnaire-schema.js';
import { isUnanswered, type ElementConditions, type QuestionInfo, type SurveyGroup } from './survey-index.js';
import { findOwnWords } from './own-words.js';
import { scoreQuestionnaire, type Answers, type ScaleScore } from './scoring.js';

export type AnswerProblemCode =
  | 'not_an_object' | 'unknown_question' | 'wrong_type' | 'not_a_choice' | 'duplicate_choice' | 'none_with_other_choices'
  | 'no_comment_field' | 'required' | 'other_text_missing' | 'too_long';

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
  /** The pages and panels the questions stand in (survey-index.ts). */
  pages: SurveyGroup[];
}

/** Longest free-text answer accepted: generous for a patient, bounded for the server. */
export const MAX_TEXT_LENGTH = 5000;
/** SurveyJS keeps the text of an "Other" choice or a comment area under `<name>-Comment`. */
const COMMENT_SUFFIX = '-Comment';
/** SurveyJS's value of the "none" item (showNoneItem), which excludes the other choices. */
const NONE_VALUE = 'none';
const OTHER_VALUE = 'other';

type Problem = Omit<AnswerProblem, 'question'>;

const describe = (value: unknown): string => (Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value);
/** A number or boolean as itself (short by nature); anything else by its type only. */
const shown = (value: unknown): string => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : `the ${describe(value)} given`);

function checkChoices(q: QuestionInfo, value: unknown[]): Problem | null {
  const wrong = value.filter((v) => !q.values?.includes(v as string | number | boolean));
  // Messages name the questionnaire's choices, never the client's values (which may be anything, of any size).
  if (wrong.length > 0) return { code: 'not_a_choice', message: `${wrong.length === 1 ? 'a value is' : `${wrong.length} values are`} not among the choices ${JSON.stringify(q.values)}` };
  const repeated = value.filter((v, i) => value.indexOf(v) !== i);
  if (repeated.length > 0) return { code: 'duplicate_choice', message: 'a choice is chosen more than once' };
  if (q.hasNone && value.length > 1 && value.includes(NONE_VALUE)) return { code: 'none_with_other_choices', message: `"${NONE_VALUE}" cannot be chosen with other choices` };
  return null;
}

function checkText(value: unknown): Problem | null {
  if (typeof value !== 'string') return { code: 'wrong_type', message: `must be text, got ${describe(value)}` };
  return value.length > MAX_TEXT_LENGTH ? { code: 'too_long', message: `must be at most ${MAX_TEXT_LENGTH} characters` } : null;
}

function checkValue(q: QuestionInfo, value: unknown): Problem | null {
  if (q.multiple) return Array.isArray(value) ? checkChoices(q, value) : { code: 'wrong_type', message: `must be a list of choices, got ${describe(value)}` };
  if (q.values) {
    return q.values.includes(value as string | number | boolean)
      ? null
      : { code: 'not_a_choice', message: `${shown(value)} is not one of the choices ${JSON.stringify(q.values)}` };
  }
  if (typeof value === 'number' && Number.isFinite(value) && q.type !== 'comment') return null;
  return checkText(value);
}

// Parsing an expression costs more than running it; questionnaires hold few distinct ones.
const runners = new Map<string, ExpressionRunner>();

/** Runs a SurveyJS expression on the answers with survey-core's own runner. */
function run(expression: string, answers: Record<string, unknown>): unknown {
  let runner = runners.get(expression);
  if (!runner) runners.set(expression, (runner = new ExpressionRunner(expression)));
  return runner.runValues(answers);
}

// As survey-core's SurveyElement: `visibleIf` sets visible to (result === true), `enableIf` sets readOnly to (result === false).
const isShown = (c: ElementConditions, answers: Record<string, unknown>) => (c.visibleIf !== undefined ? run(c.visibleIf, answers) === true : c.visible);
const isReadOnly = (c: ElementConditions, answers: Record<string, unknown>) => (c.enableIf !== undefined ? run(c.enableIf, answers) === false : c.readOnly);

/** Shown to the patient: the question, its panels and its page all visible (survey-core's isVisibleInSurvey). */
function isVisibleInSurvey(q: QuestionInfo, answers: Record<string, unknown>): boolean {
  return q.conditions.every((c) => isShown(c, answers));
}

/** What SurveyJS's validation on completion reports for a shown question: required, or an "other" choice without its text. */
function completionProblem(q: QuestionInfo, answers: Record<string, unknown>): Problem | null {
  if (q.conditions.some((c) => isReadOnly(c, answers))) return null; // survey-core does not validate read-only questions
  const required = q.requiredIf !== undefined ? run(q.requiredIf, answers) === true : q.required;
  const value = answers[q.name];
  if (required && isUnanswered(value)) return { code: 'required', message: 'this question must be answered' };
  const otherChosen = Array.isArray(value) ? value.includes(OTHER_VALUE) : value === OTHER_VALUE;
  if (q.hasOther && otherChosen && !answers[q.name + COMMENT_SUFFIX]) return { code: 'other_text_missing', message: 'the "other" choice needs its text' };
  return null;
}

/**
 * Every problem with a set of answers: unknown questions, wrong types, values outside the choices,
 * repeated choices, "none" with other choices, text for a question without a comment field, and
 * what SurveyJS checks on completion (required, requiredIf, "other" text) for the questions shown.
 */
export function findAnswerProblems({ questions }: QuestionnaireForAnswers, answers: unknown): AnswerProblem[] {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return [{ question: '$', code: 'not_an_object', message: 'answers must be an object mapping question names to answers' }];
  }
  const given = answers as Record<string, unknown>;
  const problems: AnswerProblem[] = [];
  for (const [name, value] of Object.entries(given)) {
    if (value === null || value === undefined) continue; // an explicit "no answer"
    const q = questions.get(name);
    const base = !q && name.endsWith(COMMENT_SUFFIX) ? questions.get(name.slice(0, -COMMENT_SUFFIX.length)) : undefined;
    let problem: Problem | null;
    if (q) problem = checkValue(q, value);
    else if (!base) problem = { code: 'unknown_question', message: 'not a question in this questionnaire' };
    else if (!base.hasComment) problem = { code: 'no_comment_field', message: `question "${base.name}" has no "other" choice or comment area for text` };
    else problem = checkText(value);
    if (problem) problems.push({ question: name, ...problem });
  }
  const reported = new Set(problems.map((p) => p.question));
  for (const q of questions.values()) {
    const problem = !reported.has(q.name) && isVisibleInSurvey(q, given) ? completionProblem(q, given) : null;
    if (problem) problems.push({ question: q.name, ...problem });
  }
  return problems;
}

/**
 * The answers SurveyJS keeps on completion (clearInvisibleValues "onComplete"): each question not
 * shown to the patient loses its answer and its text. As in survey-core, visibility is decided on
 * the answers as submitted: a dropped answer does not hide further questions.
 */
function keptAnswers({ questions }: QuestionnaireForAnswers, answers: Record<string, unknown>): Record<string, unknown> {
  const kept = { ...answers };
  for (const q of questions.values()) {
    if (!(q.name in kept) && !(q.name + COMMENT_SUFFIX in kept)) continue;
    if (isVisibleInSurvey(q, answers)) continue;
    delete kept[q.name];
    delete kept[q.name + COMMENT_SUFFIX];
  }
  return kept;
}

/**
 * A draft's answers, keeping only the questionnaire's own keys (an item's name, or `<name>-Comment`
 * for an item with a text field): a draft is stored before it is checked, so nothing else may ride
 * along in it (issue 21).
 */
export function draftAnswers({ questions }: Pick<QuestionnaireForAnswers, 'questions'>, answers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(answers).filter(([name]) => {
      if (questions.has(name)) return true;
      return name.endsWith(COMMENT_SUFFIX) && questions.get(name.slice(0, -COMMENT_SUFFIX.length))?.hasComment === true;
    }),
  );
}

/** The largest draft stored (its answers as JSON, in UTF-8 bytes): a whole questionnaire with every text field full fits. */
export const MAX_DRAFT_BYTES = 64 * 1024;

export interface Assessment {
  /** The answers to store: those SurveyJS keeps on completion. */
  answers: Record<string, unknown>;
  scores: ScaleScore[];
  flag: FlagResult;
}

/** Validates, drops the answers to hidden questions, scores and flags one response; throws AnswerValidationError when the answers do not fit. */
export function assessResponse(questionnaire: QuestionnaireForAnswers, answers: unknown): Assessment {
  const problems = findAnswerProblems(questionnaire, answers);
  if (problems.length > 0) throw new AnswerValidationError(problems);
  const kept = keptAnswers(questionnaire, answers as Record<string, unknown>);
  // Validation guarantees every scored item is absent or one of its integer choice codes.
  const scores = scoreQuestionnaire(questionnaire.definition, kept as Answers);
  // Own words are found from the questions, not the rules: no questionnaire file can leave them out.
  return { answers: kept, scores, flag: evaluateFlags(questionnaire.definition, scores, kept, findOwnWords(questionnaire.questions, kept)) };
}

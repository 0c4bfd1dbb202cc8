/**
 * The survey JSON read once, at load: every question with what validation, scoring, flagging, FHIR
 * and the staff app's texts need (name, type, title, options with their texts, conditions), and the
 * one rule for an unanswered question. Pure: the caller reads the file.
 */
import { jsonPath, type DefinitionProblem } from './definition-problem.js';

export type SurveyJson = Record<string, unknown>;

/** A stored answer value a choice can have. */
export type AnswerValue = string | number | boolean;

export interface AnswerOption {
  value: AnswerValue;
  /** The text the patient reads (a SurveyJS localizable string, checked at load); absent when SurveyJS shows the value itself. */
  text?: unknown;
}

/** What the rest of the system needs to know about one survey question. */
export interface QuestionInfo {
  name: string;
  type: string;
  /** JSON path of the question in the file. */
  path: string;
  /** Allowed answer values for choice questions (radiogroup, dropdown, rating, checkbox...); undefined for free input. */
  values?: AnswerValue[];
  /**
   * The options the file lists with their texts, in the order the patient sees them: choices (or a
   * rating's rateValues), then "none" and "other"; a boolean's two. Empty for free input and for a
   * rating scale given by rateMin..rateMax (its values are in `values`, each shown as the number).
   */
  options: AnswerOption[];
  /** Answer is an array of values (checkbox, tagbox). */
  multiple: boolean;
  required: boolean;
  /** The answer is the patient's own words (a `comment`, or a `text` question without a special inputType). */
  freeText: boolean;
  /** The question's own visibleIf (its page's and panels' are in `conditions`). */
  visibleIf?: string;
  /** Page, panels and the question itself, outermost first: SurveyJS shows and enables the question only if each of them is. */
  conditions: ElementConditions[];
  /** When present, decides `required` instead of `isRequired`, as in SurveyJS. */
  requiredIf?: string;
  /** Text may come under `<name>-Comment`: an "other" choice or a comment area. */
  hasComment: boolean;
  /** Has an "other" choice, whose text SurveyJS requires when it is chosen. */
  hasOther: boolean;
  /** Has a "none" choice (showNoneItem), which excludes the other choices. */
  hasNone: boolean;
  /** The title as a localizable string, when it has one. */
  title?: unknown;
}

/** The properties by which SurveyJS hides or disables a page, panel or question. */
export interface ElementConditions {
  visible: boolean;
  visibleIf?: string;
  readOnly: boolean;
  enableIf?: string;
}

/** Survey properties that a patient reads, and so must exist in both languages. */
const LOCALIZABLE_KEYS = new Set([
  'title', 'description', 'html', 'placeholder', 'text', 'otherText', 'noneText', 'minRateDescription',
  'maxRateDescription', 'labelTrue', 'labelFalse', 'completedHtml', 'requiredErrorText', 'commentText',
]);
const CHOICE_TYPES = new Set(['radiogroup', 'dropdown', 'checkbox', 'tagbox', 'rating', 'imagepicker', 'boolean']);
const MULTIPLE_TYPES = new Set(['checkbox', 'tagbox']);

/** A rating scale given by rateMin..rateMax (SurveyJS's defaults 1..5, step 1). */
function ratingValues(q: Record<string, unknown>): number[] {
  const min = typeof q.rateMin === 'number' ? q.rateMin : 1;
  const max = typeof q.rateMax === 'number' ? q.rateMax : 5;
  const step = typeof q.rateStep === 'number' ? q.rateStep : 1;
  const values: number[] = [];
  for (let v = min; v <= max; v += step) values.push(v);
  return values;
}

/** The default texts SurveyJS shows for its special choices when the file sets none. */
const DEFAULT_TEXTS = {
  none: { default: 'None', da: 'Ingen' },
  other: { default: 'Other', da: 'Andet' },
  true: { default: 'Yes', da: 'Ja' },
  false: { default: 'No', da: 'Nej' },
};

/** The options the file lists, in the order the patient sees them ("none" and "other" last, as SurveyJS shows them). */
function listedOptions(q: Record<string, unknown>): AnswerOption[] {
  const type = String(q.type);
  if (type === 'boolean') return [{ value: (q.valueTrue ?? true) as AnswerValue, text: q.labelTrue ?? DEFAULT_TEXTS.true }, { value: (q.valueFalse ?? false) as AnswerValue, text: q.labelFalse ?? DEFAULT_TEXTS.false }];
  if (type === 'rating') return Array.isArray(q.rateValues) ? q.rateValues.map(optionOf) : [];
  if (!CHOICE_TYPES.has(type)) return [];
  const options = Array.isArray(q.choices) ? q.choices.map(optionOf) : [];
  if (q.showNoneItem === true || q.hasNone === true) options.push({ value: 'none', text: q.noneText ?? DEFAULT_TEXTS.none });
  if (q.showOtherItem === true || q.hasOther === true) options.push({ value: 'other', text: q.otherText ?? DEFAULT_TEXTS.other });
  return options;
}

/** A SurveyJS choice (`{value, text}` or a bare value) as an option; a bare value has no text of its own. */
function optionOf(choice: unknown): AnswerOption {
  if (typeof choice !== 'object' || choice === null || !('value' in choice)) return { value: choice as AnswerValue };
  const { value, text } = choice as { value: unknown; text?: unknown };
  return { value: value as AnswerValue, ...(text !== undefined ? { text } : {}) };
}

function questionValues(q: Record<string, unknown>, options: AnswerOption[]): QuestionInfo['values'] {
  if (q.type === 'rating' && !Array.isArray(q.rateValues)) return ratingValues(q);
  return CHOICE_TYPES.has(String(q.type)) ? options.map((o) => o.value) : undefined;
}

/** Every question of a survey, in order, with the problems found while walking it (duplicate names, single-language texts). */
export function indexSurvey(survey: SurveyJson): { questions: Map<string, QuestionInfo>; problems: DefinitionProblem[] } {
  const questions = new Map<string, QuestionInfo>();
  const problems: DefinitionProblem[] = [];

  const checkTexts = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => checkTexts(child, [...path, i]));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (LOCALIZABLE_KEYS.has(key) && (typeof value === 'string' || (typeof value === 'object' && value !== null && !Array.isArray(value)))) {
        const where = jsonPath(['survey', ...path, key]);
        if (typeof value === 'string') problems.push({ path: where, message: 'text must be {"default": English, "da": Danish}, found a single-language string' });
        else {
          const texts = value as Record<string, unknown>;
          if (!isText(texts.default)) problems.push({ path: where, message: 'missing English text ("default")' });
          if (!isText(texts.da)) problems.push({ path: where, message: 'missing Danish text ("da")' });
        }
        continue;
      }
      checkTexts(value, [...path, key]);
    }
  };

  const walk = (elements: unknown, path: (string | number)[], outer: ElementConditions[]): void => {
    if (!Array.isArray(elements)) return;
    elements.forEach((element, i) => {
      if (typeof element !== 'object' || element === null) return;
      const q = element as Record<string, unknown>;
      const here = [...path, i];
      if (q.type === 'panel') return walk(q.elements, [...here, 'elements'], [...outer, conditionsOf(q)]);
      if (q.type === 'html' || q.type === 'image') return;
      const name = typeof q.name === 'string' ? q.name : '';
      const where = jsonPath(['survey', ...here, 'name']);
      if (!name) return void problems.push({ path: where, message: 'question has no name' });
      if (questions.has(name)) return void problems.push({ path: where, message: `duplicate question name "${name}" (first at ${questions.get(name)!.path})` });
      const options = listedOptions(q);
      questions.set(name, {
        name,
        type: String(q.type),
        path: jsonPath(['survey', ...here]),
        values: questionValues(q, options),
        options,
        multiple: MULTIPLE_TYPES.has(String(q.type)),
        required: q.isRequired === true,
        freeText: q.type === 'comment' || (q.type === 'text' && (q.inputType === undefined || q.inputType === 'text')),
        ...(typeof q.visibleIf === 'string' ? { visibleIf: q.visibleIf } : {}),
        conditions: [...outer, conditionsOf(q)],
        ...(typeof q.requiredIf === 'string' && q.requiredIf ? { requiredIf: q.requiredIf } : {}),
        hasComment: [q.showOtherItem, q.hasOther, q.showCommentArea, q.hasComment].includes(true),
        hasOther: q.showOtherItem === true || q.hasOther === true,
        hasNone: q.showNoneItem === true || q.hasNone === true,
        ...(q.title !== undefined ? { title: q.title } : {}),
      });
    });
  };

  const pages = Array.isArray(survey.pages) ? survey.pages : [];
  pages.forEach((page, p) => {
    const node = (typeof page === 'object' && page !== null ? page : {}) as Record<string, unknown>;
    walk(node.elements, ['pages', p, 'elements'], [conditionsOf(node)]);
  });
  checkTexts(survey, []);
  return { questions, problems };
}

function conditionsOf(element: Record<string, unknown>): ElementConditions {
  return {
    visible: element.visible !== false,
    ...(typeof element.visibleIf === 'string' && element.visibleIf ? { visibleIf: element.visibleIf } : {}),
    readOnly: element.readOnly === true,
    ...(typeof element.enableIf === 'string' && element.enableIf ? { enableIf: element.enableIf } : {}),
  };
}

function isText(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * No answer, as survey-core's Helpers.isValueEmpty decides it (and so SurveyJS's "required"):
 * missing, null, '', an empty list, or an object of such; 0 and false are answers.
 */
export function isUnanswered(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && value !== null && value.constructor === Object) return Object.values(value).every(isUnanswered);
  return !value && value !== 0 && value !== false;
}

/**
 * The survey JSON read once, at load: every question with what validation, scoring, flagging, FHIR
 * and the staff app's texts need (name, type, title, options with their texts, conditions), the
 * pages and panels they stand in, and the one rule for an unanswered question. Also the one walk of
 * the survey's pages and elements (walkSurvey) and of its properties (walkProperties), for the load
 * checks that read the JSON itself. Pure: the caller reads the file.
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
  /** A text question's inputType (`number`, `date`...), when the file sets one. */
  inputType?: string;
}

/**
 * A page or panel with what it holds, in the file's order: panels, and the names of the questions
 * (html and image elements hold nothing to answer and are left out). FHIR's item groups.
 */
export interface SurveyGroup {
  kind: 'page' | 'panel';
  /** Its name in the file, when it has one. */
  name?: string;
  /** Its title as a localizable string, when it has one. */
  title?: unknown;
  /** Its place, 1-based: the page's, then the element's in each panel (`[2, 3]`: the 3rd element of the 2nd page). */
  position: number[];
  children: (SurveyGroup | { kind: 'question'; name: string })[];
}

/** A page, or an element of a page or panel, as walkSurvey meets it. */
export interface SurveyVisit {
  kind: 'page' | 'element';
  node: Record<string, unknown>;
  /** Its JSON path from the survey: `['pages', 0]`, `['pages', 0, 'elements', 2]`... */
  at: (string | number)[];
  /** The page and the panels it stands in, outermost first; empty for a page. */
  parents: Record<string, unknown>[];
}

/**
 * The one walk of a survey's pages, panels and elements: each page, then its elements in the file's
 * order, a panel before the elements it holds. Pages and elements that are not objects (or lists) are
 * passed over; a list is met as an element without a type, which the load checks refuse.
 */
export function walkSurvey(survey: SurveyJson, visit: (element: SurveyVisit) => void): void {
  const walk = (elements: unknown, at: (string | number)[], parents: Record<string, unknown>[]): void => {
    if (!Array.isArray(elements)) return;
    elements.forEach((element, i) => {
      if (!isNode(element)) return;
      visit({ kind: 'element', node: element, at: [...at, i], parents });
      if (element.type === 'panel') walk(element.elements, [...at, i, 'elements'], [...parents, element]);
    });
  };
  (Array.isArray(survey.pages) ? survey.pages : []).forEach((page, p) => {
    if (!isNode(page)) return;
    visit({ kind: 'page', node: page, at: ['pages', p], parents: [] });
    walk(page.elements, ['pages', p, 'elements'], [page]);
  });
}

/**
 * Every property of the survey JSON at any depth (in objects and lists), each with its JSON path
 * from the survey; `visit` returning false leaves that property's value unwalked.
 */
export function walkProperties(survey: SurveyJson, visit: (key: string, value: unknown, at: (string | number)[]) => boolean | void): void {
  const walk = (node: unknown, at: (string | number)[]): void => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, [...at, i]));
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) if (visit(key, value, [...at, key]) !== false) walk(value, [...at, key]);
  };
  walk(survey, []);
}

/**
 * A copy of the survey with `value` at the JSON path `at` (the objects and lists on the way copied,
 * the rest shared); the input is not changed. A path that is not there changes nothing.
 */
export function withValueAt(survey: SurveyJson, at: readonly (string | number)[], value: unknown): SurveyJson {
  const set = (node: unknown, [key, ...rest]: readonly (string | number)[]): unknown => {
    if (key === undefined) return value;
    if (Array.isArray(node) && typeof key === 'number' && key < node.length) return node.map((child, i) => (i === key ? set(child, rest) : child));
    if (isObject(node) && typeof key === 'string' && (rest.length === 0 || key in node)) return { ...node, [key]: set(node[key], rest) };
    return node;
  };
  const [key, ...rest] = at;
  return typeof key === 'string' && (rest.length === 0 || key in survey) ? { ...survey, [key]: set(survey[key], rest) } : survey;
}

/** An object or a list, as JSON.parse gives them. */
function isNode(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

/**
 * Every question of a survey, in order, the pages and panels that hold them, and the problems found
 * while walking it (duplicate names, single-language texts).
 */
export function indexSurvey(survey: SurveyJson): { questions: Map<string, QuestionInfo>; pages: SurveyGroup[]; problems: DefinitionProblem[] } {
  const questions = new Map<string, QuestionInfo>();
  const pages: SurveyGroup[] = [];
  const groups = new Map<Record<string, unknown>, SurveyGroup>();
  const problems: DefinitionProblem[] = [];

  walkSurvey(survey, ({ kind, node: q, at, parents }) => {
    const parent = parents.length > 0 ? groups.get(parents[parents.length - 1]!) : undefined;
    if (kind === 'page' || q.type === 'panel') {
      const position = parent ? [...parent.position, Number(at[at.length - 1]) + 1] : [Number(at[1]) + 1];
      const group: SurveyGroup = { kind: parent ? 'panel' : 'page', ...(typeof q.name === 'string' && q.name ? { name: q.name } : {}), ...(q.title !== undefined ? { title: q.title } : {}), position, children: [] };
      groups.set(q, group);
      if (parent) parent.children.push(group);
      else pages.push(group);
      return;
    }
    if (q.type === 'html' || q.type === 'image') return;
    const name = typeof q.name === 'string' ? q.name : '';
    const where = jsonPath(['survey', ...at, 'name']);
    if (!name) return void problems.push({ path: where, message: 'question has no name' });
    if (questions.has(name)) return void problems.push({ path: where, message: `duplicate question name "${name}" (first at ${questions.get(name)!.path})` });
    const options = listedOptions(q);
    questions.set(name, {
      name,
      type: String(q.type),
      path: jsonPath(['survey', ...at]),
      values: questionValues(q, options),
      options,
      multiple: MULTIPLE_TYPES.has(String(q.type)),
      required: q.isRequired === true,
      freeText: q.type === 'comment' || (q.type === 'text' && (q.inputType === undefined || q.inputType === 'text')),
      ...(typeof q.visibleIf === 'string' ? { visibleIf: q.visibleIf } : {}),
      conditions: [...parents.map(conditionsOf), conditionsOf(q)],
      ...(typeof q.requiredIf === 'string' && q.requiredIf ? { requiredIf: q.requiredIf } : {}),
      hasComment: [q.showOtherItem, q.hasOther, q.showCommentArea, q.hasComment].includes(true),
      hasOther: q.showOtherItem === true || q.hasOther === true,
      hasNone: q.showNoneItem === true || q.hasNone === true,
      ...(q.title !== undefined ? { title: q.title } : {}),
      ...(typeof q.inputType === 'string' ? { inputType: q.inputType } : {}),
    });
    parent?.children.push({ kind: 'question', name });
  });

  walkProperties(survey, (key, value, at) => {
    if (!LOCALIZABLE_KEYS.has(key) || !(typeof value === 'string' || isObject(value))) return;
    const where = jsonPath(['survey', ...at]);
    if (typeof value === 'string') problems.push({ path: where, message: 'text must be {"default": English, "da": Danish}, found a single-language string' });
    else {
      if (!isText(value.default)) problems.push({ path: where, message: 'missing English text ("default")' });
      if (!isText(value.da)) problems.push({ path: where, message: 'missing Danish text ("da")' });
    }
    return false;
  });
  return { questions, pages, problems };
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

/**
 * The questionnaire definition format (see questionnaires/README.md): a zod schema for its shape,
 * then the cross-reference checks a schema cannot express. Pure: the caller reads the file.
 */
import { z } from 'zod';
import { conditionArea, itemAreas, type Condition, type FlaggingDefinition, type Localized, type ThresholdedScale } from './flagging.js';
import { ENGINE_RULES } from './engine-reasons.js';
import { OWN_WORDS_RULE } from './own-words.js';
import { WORSE_BY_TWO_STEPS_RULE } from './trend.js';
import { TABLE_METHOD_ITEM_COUNT, type MinimalImportantDifference } from './scoring.js';

export interface DefinitionProblem {
  /** JSON path inside the file, e.g. `$.scales[2].items[0]`. */
  path: string;
  message: string;
}

export interface QuestionnaireScale extends ThresholdedScale {
  title: Localized;
  area: string;
  /** Overrides the questionnaire's minimal important difference for this scale. */
  minimalImportantDifference?: MinimalImportantDifference;
}

export interface QuestionnaireDefinition {
  id: string;
  version: string;
  title: Localized;
  notes: string;
  completion: Localized;
  survey: SurveyJson;
  areas: { id: string; title: Localized }[];
  scales: QuestionnaireScale[];
  /** For "worse than last time"; 10 points (Osoba et al. 1998) when the file does not say. */
  minimalImportantDifference?: MinimalImportantDifference;
  flagging: FlaggingDefinition;
}

export type SurveyJson = Record<string, unknown>;

/** What the rest of the system needs to know about one survey question. */
export interface QuestionInfo {
  name: string;
  type: string;
  /** JSON path of the question in the file. */
  path: string;
  /** Allowed answer values for choice questions (radiogroup, dropdown, rating, checkbox...); undefined for free input. */
  values?: (string | number | boolean)[];
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

const text = z.string().trim().min(1, 'must not be empty');
const localized = z.object({ da: text, en: text }, { error: 'must be an object with Danish ("da") and English ("en") text' }).strict();
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_"');
const threshold0to100 = z.number().min(0, 'threshold must be within 0..100').max(100, 'threshold must be within 0..100');

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union(
    [
      z.object({ scaleNeed: id }).strict(),
      z.object({ scale: id, atOrAbove: threshold0to100 }).strict(),
      z.object({ scale: id, below: threshold0to100 }).strict(),
      z.object({ item: z.string(), atLeast: z.number() }).strict(),
      z.object({ item: z.string(), atMost: z.number() }).strict(),
      z.object({ item: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) }).strict(),
      z.object({ item: z.string(), includes: z.union([z.string(), z.number()]) }).strict(),
      z.object({ item: z.string(), answered: z.literal(true) }).strict(),
      z.object({ all: z.array(condition).min(1) }).strict(),
      z.object({ any: z.array(condition).min(1) }).strict(),
      z.object({ count: z.array(condition).min(1), atLeast: z.number().int().min(1), areasAtLeast: z.number().int().min(1).optional() }).strict(),
      z.object({ area: id, when: condition }).strict(),
      z.object({ ref: z.string() }).strict(),
    ],
    { error: 'not a valid condition (see questionnaires/README.md for the kinds of condition)' },
  ),
);

const scale = z
  .object({
    id,
    title: localized,
    area: id,
    kind: z.enum(['functional', 'symptom', 'global']),
    items: z.array(z.string()).min(1),
    min: z.number().int(),
    max: z.number().int(),
    method: z.enum(['eortc-linear', 'c15pal-pf3', 'c15pal-ef2', 'c15pal-fa2', 'c15pal-nv1']).optional(),
    threshold: z.object({ value: threshold0to100, source: text }).strict().optional(),
    minimalImportantDifference: z.lazy(() => minimalImportantDifference).optional(),
  })
  .strict()
  .refine((s) => s.max > s.min, { error: 'max must be greater than min', path: ['max'] });

const minimalImportantDifference = z
  .object({ value: z.number().gt(0, 'must be more than 0').max(100, 'must be within 0..100'), source: text })
  .strict();

/** Every rule says why it exists and where that comes from, so a reviewer can judge it. */
const documented = { rationale: text, source: text };

const questionnaireSchema = z
  .object({
    id,
    version: text,
    title: localized,
    notes: text,
    completion: localized,
    survey: z.record(z.string(), z.unknown()).refine((s) => Array.isArray(s.pages), { error: 'must have "pages"' }),
    areas: z.array(z.object({ id, title: localized }).strict()).min(1),
    scales: z.array(scale),
    minimalImportantDifference: minimalImportantDifference.optional(),
    flagging: z
      .object({
        conditions: z.record(z.string(), condition).optional(),
        rules: z.array(z.object({ id, level: z.enum(['basic', 'specialized']), when: condition, reason: localized, ...documented }).strict()),
        urgency: z.array(z.object({ id, when: condition, reason: localized, ...documented }).strict()).optional(),
      })
      .strict(),
  })
  .strict();

/** Survey properties that a patient reads, and so must exist in both languages. */
const LOCALIZABLE_KEYS = new Set([
  'title', 'description', 'html', 'placeholder', 'text', 'otherText', 'noneText', 'minRateDescription',
  'maxRateDescription', 'labelTrue', 'labelFalse', 'completedHtml', 'requiredErrorText', 'commentText',
]);
const CHOICE_TYPES = new Set(['radiogroup', 'dropdown', 'checkbox', 'tagbox', 'rating', 'imagepicker', 'boolean']);
const MULTIPLE_TYPES = new Set(['checkbox', 'tagbox']);

export function jsonPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((p, part) => (typeof part === 'number' ? `${p}[${part}]` : /^[A-Za-z_$][\w$]*$/.test(String(part)) ? `${p}.${String(part)}` : `${p}[${JSON.stringify(String(part))}]`), '$');
}

function choiceValue(choice: unknown): unknown {
  return typeof choice === 'object' && choice !== null && 'value' in choice ? (choice as { value: unknown }).value : choice;
}

function ratingValues(q: Record<string, unknown>): (string | number)[] {
  if (Array.isArray(q.rateValues)) return q.rateValues.map((c) => choiceValue(c) as string | number);
  const min = typeof q.rateMin === 'number' ? q.rateMin : 1;
  const max = typeof q.rateMax === 'number' ? q.rateMax : 5;
  const step = typeof q.rateStep === 'number' ? q.rateStep : 1;
  const values: number[] = [];
  for (let v = min; v <= max; v += step) values.push(v);
  return values;
}

function questionValues(q: Record<string, unknown>): QuestionInfo['values'] {
  const type = String(q.type);
  if (type === 'rating') return ratingValues(q);
  if (type === 'boolean') return [q.valueTrue ?? true, q.valueFalse ?? false] as (string | number | boolean)[];
  if (!CHOICE_TYPES.has(type)) return undefined;
  const values = Array.isArray(q.choices) ? q.choices.map((c) => choiceValue(c) as string | number) : [];
  if (q.showNoneItem === true || q.hasNone === true) values.push('none');
  if (q.showOtherItem === true || q.hasOther === true) values.push('other');
  return values;
}

/** Every question of a survey, in order, with the problems found while walking it (duplicate names, single-language texts). */
function indexSurvey(survey: SurveyJson): { questions: Map<string, QuestionInfo>; problems: DefinitionProblem[] } {
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
      questions.set(name, {
        name,
        type: String(q.type),
        path: jsonPath(['survey', ...here]),
        values: questionValues(q),
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

function duplicates<T extends { id: string }>(list: readonly T[], where: string): DefinitionProblem[] {
  const seen = new Set<string>();
  return list.flatMap((entry, i) => {
    if (!seen.has(entry.id)) return (seen.add(entry.id), []);
    return [{ path: `$.${where}[${i}].id`, message: `duplicate id "${entry.id}"` }];
  });
}

/** Cross-reference checks: every id a scale or rule names must exist and fit. */
function checkReferences(def: QuestionnaireDefinition, questions: Map<string, QuestionInfo>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [
    ...duplicates(def.areas, 'areas'),
    ...duplicates(def.scales, 'scales'),
    ...duplicates(def.flagging.rules, 'flagging.rules'),
    ...duplicates(def.flagging.urgency ?? [], 'flagging.urgency'),
  ];
  // The engine's reasons (own words, urgent review, incomplete) are stored under their ids: a rule of the same id would be confused with one.
  for (const [list, where] of [[def.flagging.rules, 'flagging.rules'], [def.flagging.urgency ?? [], 'flagging.urgency']] as const) {
    list.forEach((rule, i) => {
      if (rule.id === OWN_WORDS_RULE) problems.push({ path: `$.${where}[${i}].id`, message: `"${OWN_WORDS_RULE}" is reserved for the engine's own-words reason` });
      if (rule.id === WORSE_BY_TWO_STEPS_RULE) problems.push({ path: `$.${where}[${i}].id`, message: `"${WORSE_BY_TWO_STEPS_RULE}" is reserved for the engine's trend rule` });
      else if (ENGINE_RULES.includes(rule.id)) problems.push({ path: `$.${where}[${i}].id`, message: `"${rule.id}" is reserved for the engine's reason of that name` });
    });
  }
  const areaIds = new Set(def.areas.map((a) => a.id));
  const scales = new Map(def.scales.map((s) => [s.id, s]));
  const named = def.flagging.conditions ?? {};

  def.scales.forEach((s, i) => {
    if (!areaIds.has(s.area)) problems.push({ path: `$.scales[${i}].area`, message: `unknown area "${s.area}"` });
    const method = s.method ?? 'eortc-linear';
    if (method !== 'eortc-linear') {
      if (s.items.length !== TABLE_METHOD_ITEM_COUNT[method]) problems.push({ path: `$.scales[${i}].items`, message: `method ${method} needs exactly ${TABLE_METHOD_ITEM_COUNT[method]} items` });
      if (s.min !== 1 || s.max !== 4) problems.push({ path: `$.scales[${i}].min`, message: `method ${method} needs items answered 1..4` });
    }
    s.items.forEach((item, j) => {
      const path = `$.scales[${i}].items[${j}]`;
      const q = questions.get(item);
      if (!q) return void problems.push({ path, message: `unknown item "${item}"` });
      const expected = Array.from({ length: s.max - s.min + 1 }, (_, k) => s.min + k);
      const values = q.values ?? [];
      const numeric = values.filter((v): v is number => typeof v === 'number' && Number.isInteger(v));
      const covers = !q.multiple && numeric.length === values.length && expected.every((v) => numeric.includes(v)) && numeric.every((v) => expected.includes(v));
      if (!covers) problems.push({ path, message: `item "${item}" must be a single-choice question with choice values exactly ${s.min}..${s.max}, has ${JSON.stringify(values)}` });
    });
  });

  const areasOfItems = itemAreas(def.scales);
  // Counting across areas needs the area of every counted condition; one without an area would never count.
  const checkAreas = (c: Extract<Condition, { count: Condition[] }>, path: string): void => {
    const areas = new Set<string>();
    c.count.forEach((sub, i) => {
      const area = conditionArea(sub, scales, named, areasOfItems);
      if (area === undefined) problems.push({ path: `${path}.count[${i}]`, message: 'cannot tell the problem area of this condition (its items are in no scale, or in scales of different areas): wrap it as { "area": "...", "when": ... }' });
      else areas.add(area);
    });
    if (c.areasAtLeast! > areas.size) problems.push({ path: `${path}.areasAtLeast`, message: `areasAtLeast ${c.areasAtLeast} can never hold: the conditions lie in ${areas.size} areas` });
  };

  const checkCondition = (c: Condition, path: string): void => {
    // A named condition is checked once, at its own path; here only that it exists.
    if ('ref' in c) {
      if (!(c.ref in named)) problems.push({ path: `${path}.ref`, message: `unknown condition "${c.ref}"` });
      return;
    }
    if ('all' in c) return c.all.forEach((sub, i) => checkCondition(sub, `${path}.all[${i}]`));
    if ('any' in c) return c.any.forEach((sub, i) => checkCondition(sub, `${path}.any[${i}]`));
    if ('count' in c) {
      if (c.atLeast > c.count.length) problems.push({ path: `${path}.atLeast`, message: `atLeast ${c.atLeast} can never hold for ${c.count.length} conditions` });
      if (c.areasAtLeast !== undefined) checkAreas(c, path);
      return c.count.forEach((sub, i) => checkCondition(sub, `${path}.count[${i}]`));
    }
    if ('when' in c) {
      if (!areaIds.has(c.area)) problems.push({ path: `${path}.area`, message: `unknown area "${c.area}"` });
      return checkCondition(c.when, `${path}.when`);
    }
    if ('scaleNeed' in c) {
      const s = scales.get(c.scaleNeed);
      if (!s) problems.push({ path: `${path}.scaleNeed`, message: `unknown scale "${c.scaleNeed}"` });
      else if (!s.threshold) problems.push({ path: `${path}.scaleNeed`, message: `scale "${c.scaleNeed}" has no threshold` });
      return;
    }
    if ('scale' in c) {
      if (!scales.has(c.scale)) problems.push({ path: `${path}.scale`, message: `unknown scale "${c.scale}"` });
      return;
    }
    const q = questions.get(c.item);
    if (!q) return void problems.push({ path: `${path}.item`, message: `unknown item "${c.item}"` });
    if ('atLeast' in c || 'atMost' in c) {
      if (q.multiple || !(q.values ?? []).some((v) => typeof v === 'number')) problems.push({ path: `${path}.item`, message: `item "${c.item}" has no numeric answers to compare` });
    } else if ('equals' in c && q.values && !q.values.includes(c.equals)) {
      problems.push({ path: `${path}.equals`, message: `${JSON.stringify(c.equals)} is not one of the answers of "${c.item}": ${JSON.stringify(q.values)}` });
    } else if ('includes' in c) {
      if (!q.multiple) problems.push({ path: `${path}.item`, message: `"includes" needs a multiple-choice item; "${c.item}" is ${q.type}` });
      else if (q.values && !q.values.includes(c.includes)) problems.push({ path: `${path}.includes`, message: `${JSON.stringify(c.includes)} is not one of the answers of "${c.item}": ${JSON.stringify(q.values)}` });
    }
  };

  for (const [name, c] of Object.entries(named)) checkCondition(c, jsonPath(['flagging', 'conditions', name]));
  // Named conditions may refer to each other; refuse cycles, which would never finish evaluating.
  const visiting = new Set<string>();
  const done = new Set<string>();
  const refsOf = (c: Condition): string[] =>
    'ref' in c ? [c.ref] : 'all' in c ? c.all.flatMap(refsOf) : 'any' in c ? c.any.flatMap(refsOf) : 'count' in c ? c.count.flatMap(refsOf) : 'when' in c ? refsOf(c.when) : [];
  const visit = (name: string): boolean => {
    if (done.has(name) || !(name in named)) return true;
    if (visiting.has(name)) return false;
    visiting.add(name);
    const ok = refsOf(named[name]!).every(visit);
    visiting.delete(name);
    done.add(name);
    return ok;
  };
  for (const name of Object.keys(named)) {
    if (!visit(name)) problems.push({ path: jsonPath(['flagging', 'conditions', name]), message: `condition "${name}" refers back to itself through other conditions` });
  }
  def.flagging.rules.forEach((rule, i) => checkCondition(rule.when, `$.flagging.rules[${i}].when`));
  (def.flagging.urgency ?? []).forEach((rule, i) => checkCondition(rule.when, `$.flagging.urgency[${i}].when`));
  return problems;
}

/** Validates a parsed file's content; returns the typed definition or every problem found. */
export function parseQuestionnaire(json: unknown): { definition: QuestionnaireDefinition; questions: Map<string, QuestionInfo> } | { problems: DefinitionProblem[] } {
  const parsed = questionnaireSchema.safeParse(json);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })) };
  }
  const definition = parsed.data as QuestionnaireDefinition;
  const { questions, problems } = indexSurvey(definition.survey);
  problems.push(...checkReferences(definition, questions));
  return problems.length > 0 ? { problems } : { definition, questions };
}

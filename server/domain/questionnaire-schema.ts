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
import { jsonPath, type DefinitionProblem } from './definition-problem.js';
import { indexSurvey, type QuestionInfo, type SurveyGroup, type SurveyJson } from './survey-index.js';

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
export function parseQuestionnaire(json: unknown): { definition: QuestionnaireDefinition; questions: Map<string, QuestionInfo>; pages: SurveyGroup[] } | { problems: DefinitionProblem[] } {
  const parsed = questionnaireSchema.safeParse(json);
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })) };
  }
  const definition = parsed.data as QuestionnaireDefinition;
  const { questions, pages, problems } = indexSurvey(definition.survey);
  problems.push(...checkReferences(definition, questions));
  return problems.length > 0 ? { problems } : { definition, questions, pages };
}

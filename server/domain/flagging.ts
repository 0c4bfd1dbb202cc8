/**
 * Proposes a level of care from scale scores and answers, by rules that are data in the
 * questionnaire file. Pure: no I/O. Decision support: a nurse decides.
 */
import { LEVEL_RANK, type Level, type Localized, type RuleLevel } from '../contract/codes.js';
import type { Evidence, FlagReason, UrgentReason } from '../contract/responses.js';
import { INCOMPLETE_REASON, INCOMPLETE_RULE, isIncomplete, URGENT_REVIEW_REASON, URGENT_REVIEW_RULE } from './engine-reasons.js';
import { OWN_WORDS_REASON, OWN_WORDS_RULE, type OwnWordsAnswer } from './own-words.js';
import type { ScaleDefinition, ScaleScore } from './scoring.js';
import { isUnanswered } from './survey-index.js';

// Declared in the shared contract; re-exported for the domain modules that import them from here.
export { LEVEL_RANK, type Evidence, type FlagReason, type Level, type Localized, type RuleLevel, type UrgentReason };

export type Condition =
  | { scaleNeed: string }
  | { scale: string; atOrAbove: number }
  | { scale: string; below: number }
  | { item: string; atLeast: number }
  | { item: string; atMost: number }
  | { item: string; equals: string | number | boolean }
  | { item: string; includes: string | number }
  | { item: string; answered: true }
  | { all: Condition[] }
  | { any: Condition[] }
  /** At least `atLeast` hold, and (when given) those that hold lie in at least `areasAtLeast` problem areas. */
  | { count: Condition[]; atLeast: number; areasAtLeast?: number }
  /** The condition, placed in a problem area explicitly (for `areasAtLeast`, when its items belong to no scale). */
  | { area: string; when: Condition }
  | { ref: string };

/** Why a rule exists and where it comes from: kept in the file, versioned with it, for reviewers. */
interface Documented {
  rationale: string;
  source: string;
}

export interface FlagRule extends Documented {
  id: string;
  level: RuleLevel;
  when: Condition;
  reason: Localized;
}

/** A rule for urgent review: it says *when* to act (today), beside the level, which says *who*. */
export interface UrgencyRule extends Documented {
  id: string;
  when: Condition;
  reason: Localized;
}

export interface FlaggingDefinition {
  conditions?: Record<string, Condition>;
  rules: FlagRule[];
  urgency?: UrgencyRule[];
}

export interface ThresholdedScale extends ScaleDefinition {
  threshold?: { value: number; source: string };
  /** The problem area the scale belongs to; an item's area is that of its scale. */
  area?: string;
}

export interface FlagResult {
  level: Level;
  /**
   * Every rule that fired, highest level first, then in the file's order; within basic the engine's
   * reasons come first (own words, urgent review, incomplete: see engine-reasons.ts).
   */
  reasons: FlagReason[];
  /** Urgent review: separate from the level (the basic level can treat a single severe symptom, but today). */
  urgent: boolean;
  /** Every urgency rule that fired, in the file's order. */
  urgentReasons: UrgentReason[];
  /** The patient wrote something in their own words: the response must be opened and read. */
  ownWords: boolean;
  /** The answers (question names or `<name>-Comment`) holding own words, in survey order. */
  ownWordsQuestions: string[];
}

interface Outcome {
  holds: boolean;
  evidence: Evidence[];
}
const FALSE: Outcome = { holds: false, evidence: [] };

interface Context {
  scales: Map<string, ThresholdedScale>;
  itemAreas: Map<string, string | null>;
  scores: Map<string, number | null>;
  answers: Record<string, unknown>;
  named: Record<string, Condition>;
  /** Outcomes of named conditions already evaluated for these answers: rules share them. */
  namedOutcomes: Map<string, Outcome>;
  /**
   * Outcomes of the tests of one subject (scale or item) by evidence key: a test that several
   * rules repeat is run once, and its evidence is one object wherever it is cited.
   */
  tests: Map<string, Outcome>;
}

type Combination = Extract<Condition, { ref: string } | { all: Condition[] } | { any: Condition[] } | { count: Condition[] } | { when: Condition }>;
type Test = Exclude<Condition, Combination>;

/** What a test compares, as its evidence states it (all but the value): its evidence key identifies it. */
type TestShape = Omit<Extract<Evidence, { kind: 'scale' }>, 'value'> | Omit<Extract<Evidence, { kind: 'item' }>, 'value'>;

function shapeOf(test: Test, scales: Map<string, ThresholdedScale>): TestShape {
  if ('scaleNeed' in test) {
    const scale = scales.get(test.scaleNeed)!;
    // isNeed's direction: at or above the threshold for symptom scales, below it otherwise.
    return { kind: 'scale', scale: scale.id, comparison: scale.kind === 'symptom' ? 'atOrAbove' : 'below', threshold: scale.threshold!.value };
  }
  if ('scale' in test) {
    return 'below' in test
      ? { kind: 'scale', scale: test.scale, comparison: 'below', threshold: test.below }
      : { kind: 'scale', scale: test.scale, comparison: 'atOrAbove', threshold: test.atOrAbove };
  }
  if ('answered' in test) return { kind: 'item', item: test.item, comparison: 'answered' };
  if ('atLeast' in test) return { kind: 'item', item: test.item, comparison: 'atLeast', expected: test.atLeast };
  if ('atMost' in test) return { kind: 'item', item: test.item, comparison: 'atMost', expected: test.atMost };
  if ('equals' in test) return { kind: 'item', item: test.item, comparison: 'equals', expected: test.equals };
  return { kind: 'item', item: test.item, comparison: 'includes', expected: test.includes };
}

/** A missing score or answer never holds (a missing score is never a need). */
function holds(shape: TestShape, value: unknown): boolean {
  switch (shape.comparison) {
    case 'below': return typeof value === 'number' && value < shape.threshold;
    case 'atOrAbove': return typeof value === 'number' && value >= shape.threshold;
    case 'answered': return !isUnanswered(value);
    case 'atLeast': return typeof value === 'number' && value >= (shape.expected as number);
    case 'atMost': return typeof value === 'number' && value <= (shape.expected as number);
    case 'equals': return value === shape.expected;
    case 'includes': return Array.isArray(value) && value.includes(shape.expected);
  }
}

function runTest(shape: TestShape, ctx: Context): Outcome {
  const value = shape.kind === 'scale' ? ctx.scores.get(shape.scale) : ctx.answers[shape.item];
  if (!holds(shape, value)) return FALSE;
  const evidence: Evidence = shape.kind === 'scale'
    ? { kind: 'scale', scale: shape.scale, value: value as number, comparison: shape.comparison, threshold: shape.threshold }
    : { kind: 'item', item: shape.item, value, comparison: shape.comparison, ...('expected' in shape ? { expected: shape.expected } : {}) };
  return { holds: true, evidence: [evidence] };
}

/** Each test condition of a definition with its shape and evidence key, worked out once. */
const compiledTests = new WeakMap<Test, { shape: TestShape; key: string }>();

function compiledTest(test: Test, ctx: Context): { shape: TestShape; key: string } {
  let compiled = compiledTests.get(test);
  if (!compiled) {
    const shape = shapeOf(test, ctx.scales);
    compiledTests.set(test, (compiled = { shape, key: evidenceKey(shape) }));
  }
  return compiled;
}

function evaluate(condition: Condition, ctx: Context): Outcome {
  if ('ref' in condition) {
    let outcome = ctx.namedOutcomes.get(condition.ref);
    if (!outcome) ctx.namedOutcomes.set(condition.ref, (outcome = evaluate(ctx.named[condition.ref]!, ctx)));
    return outcome;
  }
  if ('all' in condition) {
    const evidence: Evidence[] = [];
    for (const part of condition.all) {
      const outcome = evaluate(part, ctx);
      if (!outcome.holds) return FALSE;
      for (const e of outcome.evidence) evidence.push(e);
    }
    return { holds: true, evidence };
  }
  if ('any' in condition) return holdsAtLeast(condition.any, 1, ctx);
  if ('count' in condition) return holdsAtLeast(condition.count, condition.atLeast, ctx, condition.areasAtLeast);
  if ('when' in condition) return evaluate(condition.when, ctx);
  const { shape, key } = compiledTest(condition, ctx);
  let outcome = ctx.tests.get(key);
  if (!outcome) ctx.tests.set(key, (outcome = runTest(shape, ctx)));
  return outcome;
}

/**
 * True when at least `atLeast` conditions hold, in at least `areasAtLeast` problem areas when given;
 * the evidence is that of every condition that held.
 */
function holdsAtLeast(conditions: readonly Condition[], atLeast: number, ctx: Context, areasAtLeast = 0): Outcome {
  let held = 0;
  const areas = new Set<string | undefined>();
  const evidence: Evidence[] = [];
  for (const condition of conditions) {
    const outcome = evaluate(condition, ctx);
    if (!outcome.holds) continue;
    held++;
    if (areasAtLeast > 0) areas.add(countedArea(condition, ctx));
    for (const e of outcome.evidence) evidence.push(e);
  }
  areas.delete(undefined); // the load check refuses counted conditions without an area; never count one as an area
  return held >= atLeast && areas.size >= areasAtLeast ? { holds: true, evidence } : FALSE;
}

/** A counted condition's area depends on the definition only: worked out once per condition. */
const countedAreas = new WeakMap<Condition, string | undefined>();
function countedArea(condition: Condition, ctx: Context): string | undefined {
  if (!countedAreas.has(condition)) countedAreas.set(condition, conditionArea(condition, ctx.scales, ctx.named, ctx.itemAreas));
  return countedAreas.get(condition);
}

/** Each item's problem area, from the scales that hold it; null when scales in different areas share it. */
export function itemAreas(scales: readonly ThresholdedScale[]): Map<string, string | null> {
  let index = itemAreaIndexes.get(scales);
  if (index) return index;
  index = new Map();
  for (const scale of scales) {
    if (scale.area === undefined) continue;
    for (const item of scale.items) {
      const known = index.get(item);
      index.set(item, known === undefined || known === scale.area ? scale.area : null);
    }
  }
  itemAreaIndexes.set(scales, index);
  return index;
}
const itemAreaIndexes = new WeakMap<readonly ThresholdedScale[], Map<string, string | null>>();

/**
 * The problem area a condition is about: explicit (`{ area, when }`), its scale's, its item's scale's,
 * or the one area all its parts share; undefined when it has none or several.
 */
export function conditionArea(
  condition: Condition,
  scales: ReadonlyMap<string, ThresholdedScale>,
  named: Record<string, Condition>,
  areasOfItems: ReadonlyMap<string, string | null>,
): string | undefined {
  if ('when' in condition) return condition.area;
  if ('ref' in condition) return named[condition.ref] ? conditionArea(named[condition.ref]!, scales, named, areasOfItems) : undefined;
  if ('all' in condition || 'any' in condition || 'count' in condition) {
    const parts = 'all' in condition ? condition.all : 'any' in condition ? condition.any : condition.count;
    const areas = new Set(parts.map((part) => conditionArea(part, scales, named, areasOfItems)));
    return areas.size === 1 ? [...areas][0] : undefined;
  }
  if ('scaleNeed' in condition) return scales.get(condition.scaleNeed)?.area;
  if ('scale' in condition) return scales.get(condition.scale)?.area;
  return areasOfItems.get(condition.item) ?? undefined;
}

/** Within one evaluation, the subject, comparison and bound determine the value: they identify a piece of evidence. */
export function evidenceKey(e: TestShape): string {
  return e.kind === 'scale' ? `s|${e.scale}|${e.comparison}|${e.threshold}` : `i|${e.item}|${e.comparison}|${String(e.expected)}`;
}

/** Evidence cited twice within a rule is one object (tests are shared), so identity finds the repeats. */
function dedupe(evidence: Evidence[]): Evidence[] {
  return evidence.length < 2 ? evidence : [...new Set(evidence)];
}

const scaleIndexes = new WeakMap<readonly ThresholdedScale[], Map<string, ThresholdedScale>>();

function scalesById(scales: readonly ThresholdedScale[]): Map<string, ThresholdedScale> {
  let index = scaleIndexes.get(scales);
  if (!index) scaleIndexes.set(scales, (index = new Map(scales.map((s) => [s.id, s]))));
  return index;
}

/**
 * Evaluates every rule; the highest level of the rules that fired wins, and every fired rule is kept
 * as a reason. Urgency rules are evaluated on the same answers, beside the level. `ownWords` are the
 * free-text answers found by findOwnWords (assessResponse passes them).
 */
export function evaluateFlags(
  definition: { scales: readonly ThresholdedScale[]; flagging: FlaggingDefinition },
  scores: readonly ScaleScore[],
  answers: Record<string, unknown>,
  ownWords: readonly OwnWordsAnswer[] = [],
): FlagResult {
  const ctx: Context = {
    scales: scalesById(definition.scales),
    itemAreas: itemAreas(definition.scales),
    scores: new Map(scores.map((s) => [s.scale, s.score])),
    answers,
    named: definition.flagging.conditions ?? {},
    namedOutcomes: new Map(),
    tests: new Map(),
  };
  const reasons: FlagReason[] = [];
  // Own words raise the level to at least basic. The level says who should act: reading what the
  // patient wrote and answering it is work for the basic level (the nurse, the GP), and "none" would
  // read as "nothing to do" and sort the response to the bottom of the worklist, unread. The nurse
  // may still decide on "none" after reading. The `ownWords` marker says the same beside the level.
  if (ownWords.length > 0) {
    reasons.push({
      rule: OWN_WORDS_RULE,
      level: 'basic',
      text: OWN_WORDS_REASON,
      evidence: ownWords.map(({ question, text }) => ({ kind: 'item', item: question, value: text, comparison: 'answered' })),
    });
  }
  // Fewer than half of the scales scored: the response says little, and that is itself a reason to call.
  const scored = definition.scales.filter((s) => typeof ctx.scores.get(s.id) === 'number').length;
  if (isIncomplete(scored, definition.scales.length)) reasons.push({ rule: INCOMPLETE_RULE, level: 'basic', text: INCOMPLETE_REASON, evidence: [] });
  for (const rule of definition.flagging.rules) {
    const outcome = evaluate(rule.when, ctx);
    if (outcome.holds) reasons.push({ rule: rule.id, level: rule.level, text: rule.reason, evidence: dedupe(outcome.evidence) });
  }
  const urgentReasons: UrgentReason[] = [];
  for (const rule of definition.flagging.urgency ?? []) {
    const outcome = evaluate(rule.when, ctx);
    if (outcome.holds) urgentReasons.push({ rule: rule.id, text: rule.reason, evidence: dedupe(outcome.evidence) });
  }
  // Urgent is never "none": "review today" with "nobody needs to act" would be read as the latter.
  if (urgentReasons.length > 0 && reasons.length === 0) {
    reasons.push({ rule: URGENT_REVIEW_RULE, level: 'basic', text: URGENT_REVIEW_REASON, evidence: dedupe(urgentReasons.flatMap((r) => r.evidence)) });
  }
  reasons.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]); // stable: file order within a level
  return {
    level: reasons[0]?.level ?? 'none',
    reasons,
    urgent: urgentReasons.length > 0,
    urgentReasons,
    ownWords: ownWords.length > 0,
    ownWordsQuestions: ownWords.map((o) => o.question),
  };
}

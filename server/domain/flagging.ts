/**
 * Proposes a level of care from scale scores and answers, by rules that are data in the
 * questionnaire file. Pure: no I/O. Decision support: a nurse decides.
 */
import { LEVEL_RANK, type Level, type Localized, type RuleLevel } from '../contract/codes.js';
import type { Evidence, FlagReason } from '../contract/responses.js';
import type { ScaleDefinition, ScaleScore } from './scoring.js';

// Declared in the shared contract; re-exported for the domain modules that import them from here.
export { LEVEL_RANK, type Evidence, type FlagReason, type Level, type Localized, type RuleLevel };

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
  | { count: Condition[]; atLeast: number }
  | { ref: string };

export interface FlagRule {
  id: string;
  level: RuleLevel;
  when: Condition;
  reason: Localized;
}

export interface FlaggingDefinition {
  conditions?: Record<string, Condition>;
  rules: FlagRule[];
}

export interface ThresholdedScale extends ScaleDefinition {
  threshold?: { value: number; source: string };
}

export interface FlagResult {
  level: Level;
  /** Every rule that fired, highest level first, then in the file's order. */
  reasons: FlagReason[];
}

interface Outcome {
  holds: boolean;
  evidence: Evidence[];
}
const FALSE: Outcome = { holds: false, evidence: [] };

interface Context {
  scales: Map<string, ThresholdedScale>;
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

type Test = Exclude<Condition, { ref: string } | { all: Condition[] } | { any: Condition[] } | { count: Condition[]; atLeast: number }>;

/** What a test compares, as its evidence states it (all but the value): its evidence key identifies it. */
type TestShape = Omit<Extract<Evidence, { kind: 'scale' }>, 'value'> | Omit<Extract<Evidence, { kind: 'item' }>, 'value'>;

function isEmptyAnswer(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

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
    case 'answered': return !isEmptyAnswer(value);
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
  if ('count' in condition) return holdsAtLeast(condition.count, condition.atLeast, ctx);
  const { shape, key } = compiledTest(condition, ctx);
  let outcome = ctx.tests.get(key);
  if (!outcome) ctx.tests.set(key, (outcome = runTest(shape, ctx)));
  return outcome;
}

/** True when at least `atLeast` conditions hold; the evidence is that of every condition that held. */
function holdsAtLeast(conditions: readonly Condition[], atLeast: number, ctx: Context): Outcome {
  let held = 0;
  const evidence: Evidence[] = [];
  for (const condition of conditions) {
    const outcome = evaluate(condition, ctx);
    if (!outcome.holds) continue;
    held++;
    for (const e of outcome.evidence) evidence.push(e);
  }
  return held >= atLeast ? { holds: true, evidence } : FALSE;
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

/** Evaluates every rule; the highest level of the rules that fired wins, and every fired rule is kept as a reason. */
export function evaluateFlags(
  definition: { scales: readonly ThresholdedScale[]; flagging: FlaggingDefinition },
  scores: readonly ScaleScore[],
  answers: Record<string, unknown>,
): FlagResult {
  const ctx: Context = {
    scales: scalesById(definition.scales),
    scores: new Map(scores.map((s) => [s.scale, s.score])),
    answers,
    named: definition.flagging.conditions ?? {},
    namedOutcomes: new Map(),
    tests: new Map(),
  };
  const reasons: FlagReason[] = [];
  for (const rule of definition.flagging.rules) {
    const outcome = evaluate(rule.when, ctx);
    if (outcome.holds) reasons.push({ rule: rule.id, level: rule.level, text: rule.reason, evidence: dedupe(outcome.evidence) });
  }
  reasons.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]); // stable: file order within a level
  const level = reasons[0]?.level ?? 'none';
  return { level, reasons };
}

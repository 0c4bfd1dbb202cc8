/**
 * Proposes a level of care from scale scores and answers, by rules that are data in the
 * questionnaire file. Pure: no I/O. Decision support: a nurse decides.
 */
import { isNeed, type ScaleDefinition, type ScaleScore } from './scoring.js';

export type Level = 'none' | 'basic' | 'specialized';
export type RuleLevel = Exclude<Level, 'none'>;
export interface Localized {
  da: string;
  en: string;
}

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

export type Evidence =
  | { kind: 'scale'; scale: string; value: number; comparison: 'below' | 'atOrAbove'; threshold: number }
  | { kind: 'item'; item: string; value: unknown; comparison: 'atLeast' | 'atMost' | 'equals' | 'includes' | 'answered'; expected?: unknown };

export interface FlagReason {
  rule: string;
  level: RuleLevel;
  text: Localized;
  evidence: Evidence[];
}

export interface FlagResult {
  level: Level;
  /** Every rule that fired, highest level first, then in the file's order. */
  reasons: FlagReason[];
}

export const LEVEL_RANK: Record<Level, number> = { none: 0, basic: 1, specialized: 2 };

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

function isEmptyAnswer(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function scaleOutcome(ctx: Context, scaleId: string, comparison: 'below' | 'atOrAbove', threshold: number): Outcome {
  const value = ctx.scores.get(scaleId);
  if (value === null || value === undefined) return FALSE; // a missing score is never a need
  const holds = comparison === 'below' ? value < threshold : value >= threshold;
  return holds ? { holds, evidence: [{ kind: 'scale', scale: scaleId, value, comparison, threshold }] } : FALSE;
}

function itemOutcome(item: string, value: unknown, comparison: Extract<Evidence, { kind: 'item' }>['comparison'], holds: boolean, expected?: unknown): Outcome {
  return holds ? { holds, evidence: [{ kind: 'item', item, value, comparison, ...(expected === undefined ? {} : { expected }) }] } : FALSE;
}

/** A scaleNeed test is the scale's threshold test, as isNeed: at or above it for symptom scales, below it otherwise. */
function needTest(scale: ThresholdedScale): { comparison: 'below' | 'atOrAbove'; threshold: number } {
  return { comparison: scale.kind === 'symptom' ? 'atOrAbove' : 'below', threshold: scale.threshold!.value };
}

function runTest(test: Test, ctx: Context): Outcome {
  if ('scaleNeed' in test) {
    const scale = ctx.scales.get(test.scaleNeed)!;
    const score = ctx.scores.get(scale.id) ?? null;
    if (!isNeed(scale.kind, score, scale.threshold!.value)) return FALSE;
    const { comparison, threshold } = needTest(scale);
    return scaleOutcome(ctx, scale.id, comparison, threshold);
  }
  if ('scale' in test) {
    return 'below' in test ? scaleOutcome(ctx, test.scale, 'below', test.below) : scaleOutcome(ctx, test.scale, 'atOrAbove', test.atOrAbove);
  }
  const value = ctx.answers[test.item];
  if ('answered' in test) return itemOutcome(test.item, value, 'answered', !isEmptyAnswer(value));
  if ('atLeast' in test) return itemOutcome(test.item, value, 'atLeast', typeof value === 'number' && value >= test.atLeast, test.atLeast);
  if ('atMost' in test) return itemOutcome(test.item, value, 'atMost', typeof value === 'number' && value <= test.atMost, test.atMost);
  if ('equals' in test) return itemOutcome(test.item, value, 'equals', value === test.equals, test.equals);
  return itemOutcome(test.item, value, 'includes', Array.isArray(value) && value.includes(test.includes), test.includes);
}

/** The evidence key of a test (see evidenceKey), worked out once per condition of a definition. */
const testKeys = new WeakMap<Test, string>();

function testKey(test: Test, ctx: Context): string {
  let key = testKeys.get(test);
  if (key === undefined) {
    if ('scaleNeed' in test) {
      const { comparison, threshold } = needTest(ctx.scales.get(test.scaleNeed)!);
      key = evidenceKey({ kind: 'scale', scale: test.scaleNeed, value: 0, comparison, threshold });
    } else if ('scale' in test) {
      key = 'below' in test
        ? evidenceKey({ kind: 'scale', scale: test.scale, value: 0, comparison: 'below', threshold: test.below })
        : evidenceKey({ kind: 'scale', scale: test.scale, value: 0, comparison: 'atOrAbove', threshold: test.atOrAbove });
    } else {
      const [comparison, expected] = 'answered' in test ? ['answered', undefined] as const
        : 'atLeast' in test ? ['atLeast', test.atLeast] as const
        : 'atMost' in test ? ['atMost', test.atMost] as const
        : 'equals' in test ? ['equals', test.equals] as const
        : ['includes', test.includes] as const;
      key = evidenceKey({ kind: 'item', item: test.item, value: undefined, comparison, ...(expected === undefined ? {} : { expected }) });
    }
    testKeys.set(test, key);
  }
  return key;
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
  const key = testKey(condition, ctx);
  let outcome = ctx.tests.get(key);
  if (!outcome) ctx.tests.set(key, (outcome = runTest(condition, ctx)));
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
export function evidenceKey(e: Evidence): string {
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

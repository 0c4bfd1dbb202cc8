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
}

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

function evaluate(condition: Condition, ctx: Context): Outcome {
  if ('ref' in condition) {
    let outcome = ctx.namedOutcomes.get(condition.ref);
    if (!outcome) ctx.namedOutcomes.set(condition.ref, (outcome = evaluate(ctx.named[condition.ref]!, ctx)));
    return outcome;
  }
  if ('all' in condition) {
    const outcomes = condition.all.map((c) => evaluate(c, ctx));
    return outcomes.every((o) => o.holds) ? { holds: true, evidence: outcomes.flatMap((o) => o.evidence) } : FALSE;
  }
  if ('any' in condition) return combineTrue(condition.any.map((c) => evaluate(c, ctx)), 1);
  if ('count' in condition) return combineTrue(condition.count.map((c) => evaluate(c, ctx)), condition.atLeast);
  if ('scaleNeed' in condition) {
    const scale = ctx.scales.get(condition.scaleNeed)!;
    const threshold = scale.threshold!.value;
    const score = ctx.scores.get(scale.id) ?? null;
    if (!isNeed(scale.kind, score, threshold)) return FALSE;
    return scaleOutcome(ctx, scale.id, scale.kind === 'symptom' ? 'atOrAbove' : 'below', threshold);
  }
  if ('scale' in condition) {
    return 'below' in condition
      ? scaleOutcome(ctx, condition.scale, 'below', condition.below)
      : scaleOutcome(ctx, condition.scale, 'atOrAbove', condition.atOrAbove);
  }
  const value = ctx.answers[condition.item];
  if ('answered' in condition) return itemOutcome(condition.item, value, 'answered', !isEmptyAnswer(value));
  if ('atLeast' in condition) return itemOutcome(condition.item, value, 'atLeast', typeof value === 'number' && value >= condition.atLeast, condition.atLeast);
  if ('atMost' in condition) return itemOutcome(condition.item, value, 'atMost', typeof value === 'number' && value <= condition.atMost, condition.atMost);
  if ('equals' in condition) return itemOutcome(condition.item, value, 'equals', value === condition.equals, condition.equals);
  return itemOutcome(condition.item, value, 'includes', Array.isArray(value) && value.includes(condition.includes), condition.includes);
}

/** True when at least `atLeast` outcomes hold; the evidence is that of every outcome that held. */
function combineTrue(outcomes: Outcome[], atLeast: number): Outcome {
  const held = outcomes.filter((o) => o.holds);
  return held.length >= atLeast ? { holds: true, evidence: held.flatMap((o) => o.evidence) } : FALSE;
}

/** Within one evaluation, the subject, comparison and bound determine the value: they identify a piece of evidence. */
function evidenceKey(e: Evidence): string {
  return e.kind === 'scale' ? `s|${e.scale}|${e.comparison}|${e.threshold}` : `i|${e.item}|${e.comparison}|${String(e.expected)}`;
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = evidenceKey(e);
    return seen.has(key) ? false : (seen.add(key), true);
  });
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

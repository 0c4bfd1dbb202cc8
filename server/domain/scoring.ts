/**
 * EORTC-style scale scoring. Pure: no I/O.
 * Formulas: EORTC QLQ-C30 Scoring Manual (3rd ed.); table methods: QLQ-C15-PAL addendum
 * (Groenvold & Petersen 2006). See docs/rules.md, "Scoring".
 */

import type { ScaleKind } from '../contract/codes.js';
import type { WorseChange } from '../contract/responses.js';
import { isUnanswered } from './survey-index.js';

export type { ScaleKind };
export type ScoringMethod = 'eortc-linear' | 'c15pal-pf3' | 'c15pal-ef2' | 'c15pal-fa2' | 'c15pal-nv1';

export interface ScaleDefinition {
  id: string;
  kind: ScaleKind;
  items: string[];
  min: number;
  max: number;
  method?: ScoringMethod; // default 'eortc-linear'
}

export type Answers = Record<string, number | null | undefined>;

/** An answer that can never be scored: not an integer, or outside the item's range. */
export class InvalidAnswerError extends Error {
  override readonly name = 'InvalidAnswerError';
  constructor(
    readonly item: string,
    readonly value: unknown,
    readonly min: number,
    readonly max: number,
  ) {
    super(`Answer to "${item}" must be a whole number from ${min} to ${max}, got ${typeof value === 'number' ? value : `a ${typeof value}`}`);
  }
}

/** Number of items each C15-PAL table method expects, in the order its table needs them. */
export const TABLE_METHOD_ITEM_COUNT: Record<Exclude<ScoringMethod, 'eortc-linear'>, number> = {
  'c15pal-pf3': 3,
  'c15pal-ef2': 2,
  'c15pal-fa2': 2,
  'c15pal-nv1': 1,
};

// C15-PAL addendum tables onto the QLQ-C30 metric, indexed by the summed raw score s.
const PF_TABLE = [0, 1, 2, 3, 4, 5, 7, 9, 11, 14];
const EF_TABLE = [0, 2, 5, 6, 8, 10, 12];

/**
 * A scored item left unanswered: unanswered as everywhere else (survey-index.ts), except that a
 * scored item's answer is a whole number, so '', NaN or an empty list or object is an answer that
 * cannot be scored (InvalidAnswerError), never a missing one. So: absent or null.
 */
function isMissing(value: unknown): boolean {
  return isUnanswered(value) && typeof value !== 'string' && typeof value !== 'number' && !(typeof value === 'object' && value !== null);
}

/** The answered value of an item, or null when missing; throws when present but invalid. */
function readItem(item: string, answers: Answers, min: number, max: number): number | null {
  const value: unknown = answers[item];
  if (isMissing(value)) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidAnswerError(item, value, min, max);
  }
  return value;
}

function linearScore(kind: ScaleKind, values: number[], min: number, max: number): number | null {
  const answered = values.length;
  return answered === 0 ? null : transform(kind, values.reduce((sum, v) => sum + v, 0) / answered, min, max);
}

/** EORTC linear transformation of a raw score (mean of answered items) onto 0..100. */
function transform(kind: ScaleKind, rawScore: number, min: number, max: number): number {
  const position = (rawScore - min) / (max - min);
  return kind === 'functional' ? (1 - position) * 100 : position * 100;
}

function tableScore(method: Exclude<ScoringMethod, 'eortc-linear'>, v: number[]): number {
  switch (method) {
    case 'c15pal-pf3':
      return (100 / 15) * PF_TABLE[12 - (v[0]! + v[1]! + v[2]!)]!;
    case 'c15pal-ef2':
      return (100 / 12) * EF_TABLE[8 - (v[0]! + v[1]!)]!;
    case 'c15pal-fa2': {
      const [weak, tired] = [v[0]!, v[1]!];
      const s = weak + tired - 2;
      // s = 3 splits by which item carries the weight: (3,2),(4,1) -> 4; (1,4),(2,3) -> 5.
      const table = [0, 2, 3, weak > tired ? 4 : 5, 6, 8, 9];
      return (100 / 9) * table[s]!;
    }
    case 'c15pal-nv1':
      return [0, 100 / 6, 50, 100][v[0]! - 1]!;
  }
}

/** 0..100, unrounded; null when the scale cannot be scored. Throws on an invalid answer. */
export function scoreScale(scale: ScaleDefinition, answers: Answers): number | null {
  const method = scale.method ?? 'eortc-linear';
  // Validate every item first, so an invalid answer is reported even when the scale is missing.
  const values = scale.items.map((item) => readItem(item, answers, scale.min, scale.max));
  const answered = values.filter((v): v is number => v !== null);

  if (method !== 'eortc-linear') {
    // Table-scored scales have no half rule: any missing item makes the scale missing.
    return answered.length === scale.items.length ? tableScore(method, answered) : null;
  }
  // Half rule: at least half of the items answered, else missing (never 0).
  if (answered.length * 2 < scale.items.length) return null;
  return linearScore(scale.kind, answered, scale.min, scale.max);
}

/** True when the score is a need: functional/global below the threshold, symptom at or above it; never for null. */
export function isNeed(kind: ScaleKind, score: number | null, threshold: number): boolean {
  if (score === null) return false;
  return kind === 'symptom' ? score >= threshold : score < threshold;
}

export interface ScaleScore {
  scale: string;
  kind: ScaleKind;
  /** 0..100 unrounded, or null when too few items were answered. */
  score: number | null;
  /** The items whose answers went into the score. */
  itemsUsed: string[];
}

/** Scores every scale of a definition; throws InvalidAnswerError on the first invalid answer. */
export function scoreQuestionnaire(definition: { scales: readonly ScaleDefinition[] }, answers: Answers): ScaleScore[] {
  return definition.scales.map((scale) => {
    const score = scoreScale(scale, answers);
    const itemsUsed = score === null ? [] : scale.items.filter((item) => !isMissing(answers[item]));
    return { scale: scale.id, kind: scale.kind, score, itemsUsed };
  });
}

/** The smallest change in a score that patients notice: 10 points by default (Osoba et al. 1998). */
export interface MinimalImportantDifference {
  value: number;
  source: string;
}

export const DEFAULT_MINIMAL_IMPORTANT_DIFFERENCE: MinimalImportantDifference = {
  value: 10,
  source: 'Osoba D, Rodrigues G, Myles J, Zee B, Pater J. Interpreting the significance of changes in health-related quality-of-life scores. J Clin Oncol 1998;16:139-144',
};

export type { WorseChange };

// Scores are sums of thirds and sixths: a change of exactly the MID must not be lost to rounding.
const EPSILON = 1e-9;

/**
 * Scales that got worse since the previous response by at least their minimal important difference
 * (functional and global: lower; symptom: higher), in the definition's scale order. A scale missing
 * on either side is never compared.
 */
export function worseSinceLast(
  definition: {
    scales: readonly (ScaleDefinition & { minimalImportantDifference?: MinimalImportantDifference })[];
    minimalImportantDifference?: MinimalImportantDifference;
  },
  previous: readonly Pick<ScaleScore, 'scale' | 'score'>[],
  current: readonly Pick<ScaleScore, 'scale' | 'score'>[],
): WorseChange[] {
  const before = new Map(previous.map((s) => [s.scale, s.score]));
  const now = new Map(current.map((s) => [s.scale, s.score]));
  const fallback = definition.minimalImportantDifference ?? DEFAULT_MINIMAL_IMPORTANT_DIFFERENCE;
  const changes: WorseChange[] = [];
  for (const scale of definition.scales) {
    const from = before.get(scale.id);
    const to = now.get(scale.id);
    if (from === null || from === undefined || to === null || to === undefined) continue;
    const worsening = scale.kind === 'symptom' ? to - from : from - to;
    const mid = (scale.minimalImportantDifference ?? fallback).value;
    if (worsening >= mid - EPSILON) changes.push({ scale: scale.id, from, to });
  }
  return changes;
}

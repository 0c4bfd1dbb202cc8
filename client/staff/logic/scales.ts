/** How a 0-100 scale score is drawn and read. Pure. */
import type { ScaleKind } from '../../../server/contract/codes.js';
import type { ScaleScore } from '../../../server/contract/responses.js';

type WorseSide = 'left' | 'right';

/** Symptom scales: higher is worse. Functional scales and overall quality of life: lower is worse. */
export function worseSide(kind: ScaleKind): WorseSide {
  return kind === 'symptom' ? 'right' : 'left';
}

const clamp = (n: number): number => Math.min(100, Math.max(0, n));

/** A score for display: whole numbers (full precision is kept by the server; compare unrounded). */
export function formatScore(score: number | null | undefined): string {
  return score == null || !Number.isFinite(score) ? '–' : String(Math.round(score));
}

interface BarView {
  /** Width of the filled part, 0..100 (percent of the track); 0 when the score is missing. */
  fill: number;
  /** Position of the threshold mark, 0..100, or null when the scale has none. */
  mark: number | null;
  worse: WorseSide;
  missing: boolean;
  /** The part of the track that counts as a need: [from, to] in percent, or null without a threshold. */
  needZone: [number, number] | null;
}

export function barView(s: Pick<ScaleScore, 'score' | 'kind' | 'threshold'>): BarView {
  const worse = worseSide(s.kind);
  const mark = s.threshold ? clamp(s.threshold.value) : null;
  return {
    fill: s.score == null ? 0 : clamp(s.score),
    mark,
    worse,
    missing: s.score == null,
    needZone: mark === null ? null : worse === 'right' ? [mark, 100] : [0, mark],
  };
}

/** Scales grouped by problem area, in the questionnaire's area order (unknown areas last). */
export function groupByArea<T extends { area: string }>(scales: readonly T[], areaOrder: readonly string[]): { area: string; scales: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const id of areaOrder) groups.set(id, []);
  for (const s of scales) {
    if (!groups.has(s.area)) groups.set(s.area, []);
    groups.get(s.area)!.push(s);
  }
  return [...groups.entries()].filter(([, list]) => list.length > 0).map(([area, list]) => ({ area, scales: list }));
}

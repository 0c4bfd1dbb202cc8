/**
 * "Since last time" (issue 23): each scale's score now against the patient's previous response,
 * worse ones first. "Worse" is the server's (past the scale's minimal important difference, fixed
 * when the response arrived); other changes are those a nurse can see in the rounded scores; the
 * rest is unchanged and folded away. Pure.
 */
import type { FlagSummary, ScaleScore } from '../../../server/contract/responses.js';
import type { SeriesPoint } from './pro-summary.js';
import { worseSide } from './scales.js';

export type Trend = 'worse' | 'slightly_worse' | 'better' | 'unchanged';

export interface ScaleChange {
  scale: string;
  title: ScaleScore['title'];
  from: number;
  to: number;
  trend: Trend;
}

export interface SinceLast {
  /** False when there is no earlier response to compare with. */
  hasPrevious: boolean;
  /** Worse past the minimal important difference, then slightly worse, then better. */
  changed: ScaleChange[];
  unchanged: ScaleChange[];
}

const ORDER: Record<Trend, number> = { worse: 0, slightly_worse: 1, better: 2, unchanged: 3 };

/**
 * Compares each scale's current score with its score in the response before (by `series`, oldest
 * first, the current response last). A scale missing now or then is left out: "not enough answers" is not a change.
 */
export function sinceLast(
  scores: readonly Pick<ScaleScore, 'scale' | 'title' | 'kind' | 'score'>[], series: ReadonlyMap<string, readonly SeriesPoint[]>,
  worse: FlagSummary['worseSinceLast'], currentResponseId: string,
): SinceLast {
  const changes: ScaleChange[] = [];
  let hasPrevious = false;
  for (const s of scores) {
    const points = series.get(s.scale) ?? [];
    const at = points.findIndex((p) => p.responseId === currentResponseId);
    const previous = at > 0 ? points[at - 1] : undefined;
    if (previous) hasPrevious = true;
    const fromServer = worse.find((w) => w.scale === s.scale);
    if (fromServer) {
      changes.push({ scale: s.scale, title: s.title, from: fromServer.from, to: fromServer.to, trend: 'worse' });
      continue;
    }
    if (!previous || previous.score === null || s.score === null) continue;
    const [from, to] = [previous.score, s.score];
    const moved = Math.round(to) - Math.round(from);
    const higherIsWorse = worseSide(s.kind) === 'right';
    const trend: Trend = moved === 0 ? 'unchanged' : (moved > 0) === higherIsWorse ? 'slightly_worse' : 'better';
    changes.push({ scale: s.scale, title: s.title, from, to, trend });
  }
  const sorted = changes.map((c, i) => ({ c, i })).sort((a, b) => ORDER[a.c.trend] - ORDER[b.c.trend] || a.i - b.i).map(({ c }) => c);
  return { hasPrevious, changed: sorted.filter((c) => c.trend !== 'unchanged'), unchanged: sorted.filter((c) => c.trend === 'unchanged') };
}

/** The scales in the order the history charts show them: changed ones first (as `sinceLast` orders them), then the rest in their own order. */
export function chartOrder<T extends { scale: string }>(scores: readonly T[], since: SinceLast): T[] {
  const first = since.changed.map((c) => c.scale);
  const rank = (s: T): number => {
    const i = first.indexOf(s.scale);
    return i === -1 ? first.length : i;
  };
  return scores.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }) => s);
}

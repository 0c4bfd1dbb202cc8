/** The nurse worklist: order, filters and the reasons a row shows. Pure. */
import type { FlagStatus, FlagSummary, Level, Reason } from '../types.js';

const LEVEL_ORDER: Record<Level, number> = { specialized: 0, basic: 1, none: 2 };

/** Specialized first, then basic, then none; within a level the oldest first (the contract's order, kept on the client too). */
export function sortWorklist<T extends Pick<FlagSummary, 'level' | 'submittedAt'>>(flags: readonly T[]): T[] {
  return [...flags].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || Date.parse(a.submittedAt) - Date.parse(b.submittedAt));
}

export interface WorklistFilter {
  level: Level | '';
  status: FlagStatus | '';
}

/** The filter from the address bar's query (`?level=basic&status=open`); unknown values are ignored. */
export function filterFromSearch(search: string): WorklistFilter {
  const params = new URLSearchParams(search);
  const level = params.get('level');
  const status = params.get('status');
  return {
    level: level === 'specialized' || level === 'basic' || level === 'none' ? level : '',
    status: status === 'open' || status === 'returned' || status === 'planned_basic' || status === 'referred' || status === 'no_action' ? status : '',
  };
}

export function searchFromFilter(filter: WorklistFilter): string {
  const params = new URLSearchParams();
  if (filter.level) params.set('level', filter.level);
  if (filter.status) params.set('status', filter.status);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The first `n` reasons (the server keeps them highest level first) and how many more there are. */
export function topReasons(reasons: readonly Reason[], n = 2): { shown: Reason[]; more: number } {
  const sorted = [...reasons].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  return { shown: sorted.slice(0, n), more: Math.max(0, sorted.length - n) };
}

/**
 * The nurse worklist: filters, paging and the reasons a row shows. Pure. The order is the server's
 * (urgent first, then level, then oldest, across pages): the app shows the items as they come.
 */
import { byLevelHighestFirst, FLAG_STATUSES, isOneOf, LEVELS, type FlagStatus, type Level } from '../../../server/contract/codes.js';
import type { FlagReason, FlagSummary, WorklistPage } from '../../../server/contract/responses.js';

export interface WorklistFilter {
  level: Level | '';
  status: FlagStatus | '';
  /** Flags skipped: the page starts after them. */
  offset: number;
}

/** The filter from the address bar's query (`?level=basic&status=open&offset=200`); unknown values are ignored. */
export function filterFromSearch(search: string): WorklistFilter {
  const params = new URLSearchParams(search);
  const level = params.get('level');
  const status = params.get('status');
  const offset = Number(params.get('offset'));
  return {
    level: isOneOf(LEVELS, level) ? level : '',
    status: isOneOf(FLAG_STATUSES, status) ? status : '',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

export function searchFromFilter(filter: WorklistFilter): string {
  const params = new URLSearchParams();
  if (filter.level) params.set('level', filter.level);
  if (filter.status) params.set('status', filter.status);
  if (filter.offset > 0) params.set('offset', String(filter.offset));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Which flags of how many this page shows, and where the pages before and after it start (null: none). */
export function pageView(page: Omit<WorklistPage, 'items'> & { items: readonly unknown[] }): { from: number; to: number; total: number; limit: number; previous: number | null; next: number | null } {
  const end = page.offset + page.items.length;
  const empty = page.items.length === 0;
  return {
    from: empty ? 0 : page.offset + 1,
    to: empty ? 0 : end,
    total: page.total,
    limit: page.limit,
    previous: page.offset > 0 ? Math.max(0, page.offset - page.limit) : null,
    next: !empty && end < page.total ? end : null,
  };
}

/** The first `n` reasons (highest level first) and how many more the flag has (the server sends a few, and the count). */
export function topReasons(flag: Pick<FlagSummary, 'reasons' | 'reasonCount'>, n = 2): { shown: FlagReason[]; more: number } {
  const shown = [...flag.reasons].sort((a, b) => byLevelHighestFirst(a.level, b.level)).slice(0, n);
  return { shown, more: Math.max(0, flag.reasonCount - shown.length) };
}

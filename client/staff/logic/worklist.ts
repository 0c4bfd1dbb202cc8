/**
 * The nurse worklist: filters, paging and the reasons a row shows. Pure. The order is the server's
 * (urgent first, then level, then oldest, across pages): the app shows the items as they come.
 */
import { byLevelHighestFirst, COUNT_CAP, FLAG_STATUSES, isOneOf, LEVELS, NEED_LEVELS, type FlagStatus, type Level, type Localized } from '../../../server/contract/codes.js';
import type { FlagReason, FlagSummary, PatientSummary, WorklistItem, WorklistPage, WorklistTag } from '../../../server/contract/responses.js';
import { localized, type Lang, type MessageKey, type Translate } from '../i18n.js';

export interface WorklistFilter {
  /** '': the flags with a need (no "none"); 'all': every level. */
  level: Level | '' | 'all';
  status: FlagStatus | '';
  /** Only the flags past their deadline (the Overview's "overdue now" leads here). */
  overdue: boolean;
  /** Only the flags due before the end of today, not yet overdue (`?dueToday=true`: the Overview's "due today"). */
  dueToday?: boolean;
  /** Only the flags nobody owns (`?owner=none`: the Overview's "no owner"). */
  unowned?: boolean;
  /** Flags skipped: the page starts after them. */
  offset: number;
  /** The page after this cursor (the server's `nextCursor`, issue 24): "next page" goes by keyset, not by skipping rows; `offset` is then not sent. */
  after?: string | undefined;
}

/** The filter from the address bar's query (`?level=basic&status=open&overdue=true&dueToday=true&owner=none&offset=200`, or `&after=<cursor>`); unknown values are ignored. */
export function filterFromSearch(search: string): WorklistFilter {
  const params = new URLSearchParams(search);
  const level = params.get('level');
  const status = params.get('status');
  const offset = Number(params.get('offset'));
  const after = params.get('after');
  return {
    level: isOneOf(LEVELS, level) || level === 'all' ? level : '',
    status: isOneOf(FLAG_STATUSES, status) ? status : '',
    overdue: params.get('overdue') === 'true',
    ...(params.get('dueToday') === 'true' ? { dueToday: true } : {}),
    ...(params.get('owner') === 'none' ? { unowned: true } : {}),
    offset: Number.isInteger(offset) && offset > 0 && !after ? offset : 0,
    ...(after ? { after } : {}),
  };
}

export function searchFromFilter(filter: WorklistFilter): string {
  const params = new URLSearchParams();
  if (filter.level) params.set('level', filter.level);
  if (filter.status) params.set('status', filter.status);
  if (filter.overdue) params.set('overdue', 'true');
  if (filter.dueToday) params.set('dueToday', 'true');
  if (filter.unowned) params.set('owner', 'none');
  if (filter.after) params.set('after', filter.after);
  else if (filter.offset > 0) params.set('offset', String(filter.offset));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * Which flags of how many this page shows, where the page before starts (an offset; null: none)
 * and the cursor of the page after it (null: none; the server says so, issue 24). The server
 * counts up to COUNT_CAP: past it, "10 000+" and a next page of a full page's size.
 */
export function pageView(page: Pick<WorklistPage, 'total' | 'offset' | 'limit' | 'nextCursor'> & { items: readonly unknown[] }): { from: number; to: number; total: number; limit: number; previous: number | null; next: string | null; nextCount: number } {
  const end = page.offset + page.items.length;
  const empty = page.items.length === 0;
  return {
    from: empty ? 0 : page.offset + 1,
    to: empty ? 0 : end,
    total: page.total,
    limit: page.limit,
    previous: page.offset > 0 ? Math.max(0, page.offset - page.limit) : null,
    next: empty ? null : page.nextCursor,
    nextCount: page.total > COUNT_CAP ? page.limit : Math.max(1, Math.min(page.limit, page.total - end)),
  };
}

/** A count as the server gives it (exact up to COUNT_CAP, COUNT_CAP + 1 for more): "10.000+" past the cap. */
export function countText(n: number, lang: Lang): string {
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  return n > COUNT_CAP ? `${COUNT_CAP.toLocaleString(locale)}+` : n.toLocaleString(locale);
}

/** The first `n` reasons (highest level first) and how many more the flag has (the server sends a few, and the count). */
export function topReasons(flag: Pick<FlagSummary, 'reasons' | 'reasonCount'>, n = 2): { shown: FlagReason[]; more: number } {
  const shown = [...flag.reasons].sort((a, b) => byLevelHighestFirst(a.level, b.level)).slice(0, n);
  return { shown, more: Math.max(0, flag.reasonCount - shown.length) };
}

/** The `level` the worklist asks the server for: by default the levels with a need; "none" only when asked for. */
export function levelQuery(level: WorklistFilter['level']): string | undefined {
  if (level === 'all') return undefined;
  return level || NEED_LEVELS.join(',');
}

/** How many flags without a need the default list leaves out (0 when a level filter is chosen). */
export function hiddenNoneCount(page: Pick<WorklistPage, 'byLevel'>, level: WorklistFilter['level']): number {
  return level === '' ? page.byLevel.none : 0;
}

/** One worklist line: a patient, their flags in the server's order (the first leads the line). */
export interface PatientRow {
  patient: PatientSummary;
  lead: WorklistItem;
  flags: WorklistItem[];
}

/** One row per patient, at the place of their first flag in the server's order (urgent, overdue, level, oldest). */
export function groupByPatient(items: readonly WorklistItem[]): PatientRow[] {
  const rows = new Map<string, PatientRow>();
  for (const item of items) {
    const row = rows.get(item.patient.id);
    if (row) row.flags.push(item);
    else rows.set(item.patient.id, { patient: item.patient, lead: item, flags: [item] });
  }
  return [...rows.values()];
}

/** The row's tags, the lead flag's first, each once, at most `n`: the patient's other responses may add their own. */
export function rowTags(row: Pick<PatientRow, 'flags'>, n = 3): WorklistTag[] {
  const seen = new Set<string>();
  const tags: WorklistTag[] = [];
  for (const tag of row.flags.flatMap((f) => f.tags)) {
    const key = tag.kind === 'scale' ? `scale:${tag.scale}` : tag.kind;
    if (seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags.slice(0, n);
}

/** The contact wish's conventional values (questionnaires/README.md) in short words; another value is shown as it is. */
const CONTACT_KEYS: Partial<Record<string, MessageKey>> = { nurse: 'contactNurse', gp: 'contactGp', palliative_team: 'contactTeam' };

/** A tag in words: "Smerter 100", "Egne ord", "Ønsker kontakt: sygeplejerske". */
export function tagText(tag: WorklistTag, scaleTitles: Readonly<Record<string, Localized>>, lang: Lang, t: Translate): string {
  switch (tag.kind) {
    case 'scale':
      return `${localized(scaleTitles[tag.scale] ?? tag.scale, lang)} ${tag.score}`;
    case 'ownWords':
      return t('ownWordsMarker');
    case 'missedLastTwo':
      return t('missedLastTwoTag');
    case 'contact':
      return t('contactWishTag', { who: tag.values.map((v) => { const key = CONTACT_KEYS[v]; return key ? t(key) : v; }).join(', ') });
  }
}

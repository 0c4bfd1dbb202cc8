/** The palliative team's queue order. Pure. */
import type { Referral } from '../types.js';

/** Longest waiting first; among equal waits, specialized before basic. */
export function sortReferrals<T extends Pick<Referral, 'waitingDays' | 'createdAt' | 'level'>>(list: readonly T[]): T[] {
  const rank = { specialized: 0, basic: 1, none: 2 } as const;
  return [...list].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || rank[a.level] - rank[b.level]);
}

/** The palliative team's queue order. Pure. */
import { byLevelHighestFirst } from '../../../server/contract/codes.js';
import type { Referral } from '../../../server/contract/responses.js';

/** Longest waiting first; among equal waits, specialized before basic. */
export function sortReferrals<T extends Pick<Referral, 'waitingDays' | 'createdAt' | 'level'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || byLevelHighestFirst(a.level, b.level));
}

/** The palliative team's queue order. Pure. */
import { byLevelHighestFirst } from '../../../server/contract/codes.js';
import type { Referral } from '../../../server/contract/responses.js';

/** Urgent first (issue 23), then the longest waiting; among equal waits, specialized before basic. The server lists them in this order too. */
export function sortReferrals<T extends Pick<Referral, 'createdAt' | 'level' | 'urgent'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => Number(b.urgent) - Number(a.urgent) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || byLevelHighestFirst(a.level, b.level));
}

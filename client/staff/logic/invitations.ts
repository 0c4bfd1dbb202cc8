/** Open invitations and non-responders. Pure: the clock is passed in. */
import type { Invitation } from '../types.js';

const DAY = 24 * 60 * 60 * 1000;

/** Whole days from `iso` to `now` (never negative). */
export function daysSince(iso: string, now: Date): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.floor((now.getTime() - t) / DAY));
}

/** An open invitation unanswered this many days is worth a phone call. */
const CALL_AFTER_DAYS = 3;

export function needsCall(inv: Pick<Invitation, 'createdAt' | 'answeredAt' | 'expiresAt'>, now: Date): boolean {
  if (inv.answeredAt) return false;
  return daysSince(inv.createdAt, now) >= CALL_AFTER_DAYS || Date.parse(inv.expiresAt) <= now.getTime();
}

/** Oldest first: the patient who has waited longest without answering comes first. */
export function oldestFirst<T extends Pick<Invitation, 'createdAt'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

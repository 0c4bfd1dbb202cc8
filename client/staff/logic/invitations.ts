/** Open invitations and non-responders. Pure: the clock is passed in. */
import type { Invitation } from '../../../server/contract/responses.js';

/**
 * An unanswered invitation needs a phone call when no reminder can reach the patient, after the
 * last reminder (the server's `call`), or once it has expired.
 */
export function needsCall(inv: Pick<Invitation, 'answeredAt' | 'expiresAt' | 'call'>, now: Date): boolean {
  if (inv.answeredAt) return false;
  return inv.call || Date.parse(inv.expiresAt) <= now.getTime();
}

/** Oldest first: the patient who has waited longest without answering comes first. */
export function oldestFirst<T extends Pick<Invitation, 'createdAt'>>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** A `tel:` link for a phone number as stored ("+4512345678", or as typed with spaces and hyphens): digits and a leading + only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

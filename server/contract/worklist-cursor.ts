/**
 * The worklist's keyset cursor (`GET /api/flags?after=`, issue 24): opaque to the app, base64url
 * of JSON. It holds the instant of the walk's first page (so "overdue", which orders the list,
 * means the same on every page of one walk: a flag that falls overdue meanwhile neither comes twice
 * nor goes missing), the last row's place in the order, and how many rows came before the next
 * page (the answer's `offset`, for "201-400 of ...").
 */
import { z } from 'zod';
import { LEVELS } from './codes.js';

const isoInstant = z.string().datetime({ offset: true });

export const worklistCursor = z.strictObject({
  /** The walk's "now" (ISO): overdue means due before it. */
  now: isoInstant,
  /** The last row's sort key, in the order's columns: urgent desc, overdue desc, level rank desc, created_at, id. */
  key: z.tuple([z.literal([0, 1]), z.literal([0, 1]), z.number().int().min(0).max(LEVELS.length - 1), isoInstant, z.string().min(1).max(200)]),
  /** Rows before the next page. */
  at: z.number().int().min(0),
});
export type WorklistCursor = z.infer<typeof worklistCursor>;

export function encodeWorklistCursor(cursor: WorklistCursor): string {
  return btoa(JSON.stringify(cursor)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The cursor, or null when the text is not one this server made (not base64url JSON of the right shape). */
export function decodeWorklistCursor(text: string): WorklistCursor | null {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(text)) return null;
  try {
    const parsed = worklistCursor.safeParse(JSON.parse(atob(text.replaceAll('-', '+').replaceAll('_', '/'))));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

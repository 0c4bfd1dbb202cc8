/**
 * Programmes (issue 25), pure: where an occurrence stands, adherence, and the "missed the last two"
 * marker. No clock: `now` is passed in.
 */
import type { Localized, OccurrenceState } from '../contract/codes.js';
import type { ProgrammeAdherence } from '../contract/indicators.js';
import { wallClock } from './schedule.js';

/** An occurrence's invitation as stored (null columns when it was skipped and has none). */
export interface OccurrenceFacts {
  skipped: number;
  invitation_id: string | null;
  answered_at: string | null;
  withdrawn_at: string | null;
  expires_at: string | null;
}

/** Answered; missed when its link expired or was withdrawn unanswered; skipped when it was never made (the previous one was open). */
export function occurrenceState(o: OccurrenceFacts, now: Date): OccurrenceState {
  if (o.skipped === 1 || o.invitation_id === null) return 'skipped';
  if (o.answered_at !== null) return 'answered';
  if (o.withdrawn_at !== null || (o.expires_at !== null && o.expires_at <= now.toISOString())) return 'missed';
  return 'open';
}

/** Neither answered, expired nor withdrawn: a new occurrence would double it. */
export function isStillOpen(invitation: { answered_at: string | null; withdrawn_at: string | null; expires_at: string }, now: Date): boolean {
  return invitation.answered_at === null && invitation.withdrawn_at === null && invitation.expires_at > now.toISOString();
}

/**
 * Adherence: of the occurrences decided (answered or missed), the share answered, 0..1; null when
 * none is decided. An open one is not counted yet (it may still be answered), a skipped one was
 * never sent.
 */
export function adherence(states: readonly OccurrenceState[]): { scheduled: number; answered: number; adherence: number | null } {
  const answered = states.filter((s) => s === 'answered').length;
  const scheduled = answered + states.filter((s) => s === 'missed').length;
  return { scheduled, answered, adherence: scheduled === 0 ? null : Math.round((answered / scheduled) * 1000) / 1000 };
}

/** "Har ikke svaret de to seneste gange": the two latest decided occurrences (newest first; open and skipped ones left out) were both missed. */
export function missedLastTwo(newestFirst: readonly OccurrenceState[]): boolean {
  const decided = newestFirst.filter((s) => s === 'answered' || s === 'missed');
  return decided.length >= 2 && decided[0] === 'missed' && decided[1] === 'missed';
}

/** An occurrence as the indicators count it. */
export interface AdherenceFact extends OccurrenceFacts {
  programme_id: string;
  name: Localized;
  /** When it was due (ISO 8601, UTC). */
  due_at: string;
}

/** The calendar month (YYYY-MM) of `at` on the clinic's calendar: 23:30 UTC on 31 January is already February in Copenhagen. */
export function calendarMonth(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.year}-${String(w.month + 1).padStart(2, '0')}`;
}

/** Adherence per programme, and per month (the clinic's calendar month it was due in) within it; programmes by name (English), months oldest first. */
export function programmeAdherence(rows: readonly AdherenceFact[], now: Date, timeZone: string): ProgrammeAdherence[] {
  const byProgramme = new Map<string, (AdherenceFact & { month: string })[]>();
  for (const r of rows) {
    const f = { ...r, month: calendarMonth(new Date(r.due_at), timeZone) };
    const list = byProgramme.get(f.programme_id) ?? [];
    list.push(f);
    byProgramme.set(f.programme_id, list);
  }
  return [...byProgramme.entries()]
    .map(([programmeId, rows]) => {
      const months = [...new Set(rows.map((r) => r.month))].sort();
      return {
        programmeId, name: rows[0]!.name, ...adherence(rows.map((r) => occurrenceState(r, now))),
        months: months.map((month) => ({ month, ...adherence(rows.filter((r) => r.month === month).map((r) => occurrenceState(r, now))) })),
      };
    })
    .sort((a, b) => a.name.en.localeCompare(b.name.en) || a.programmeId.localeCompare(b.programmeId));
}

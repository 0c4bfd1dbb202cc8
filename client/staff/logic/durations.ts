/**
 * The settings' durations as a number and a unit ("24 timer", "2 dage") and back to the ISO 8601
 * text the API keeps (server/contract/duration.ts). Pure.
 */
import { durationMs } from '../../../server/contract/duration.js';
import type { Lang } from '../i18n.js';

export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A duration as the form holds it: the number as typed, and its unit. */
export interface DurationDraft {
  amount: string;
  unit: DurationUnit;
}

const UNIT_MINUTES: Record<DurationUnit, number> = { minutes: 1, hours: 60, days: 24 * 60, weeks: 7 * 24 * 60 };

/**
 * The duration in the unit it was written in: PT24H → 24 hours, P2D → 2 days, P1W → 1 week; a
 * mixed one in its smallest unit (P1DT12H → 36 hours). Saved again unchanged, it is the same text,
 * so the audit log records no change that is not one. Null when malformed.
 */
export function durationParts(iso: string): DurationDraft | null {
  const ms = durationMs(iso);
  if (ms === null) return null;
  // The grammar writes weeks, days, hours, minutes in that order: the last part is the smallest unit.
  const unit: DurationUnit = /\d+M$/.test(iso) ? 'minutes' : /\d+H$/.test(iso) ? 'hours' : /\d+D$/.test(iso) ? 'days' : 'weeks';
  return { amount: String(ms / 60_000 / UNIT_MINUTES[unit]), unit };
}

/** "24" hours → "PT24H"; '' when the amount is not a whole number above 0 (the server then refuses the field by name). */
export function durationIso({ amount, unit }: DurationDraft): string {
  if (!/^\s*\d{1,6}\s*$/.test(amount) || Number(amount) === 0) return '';
  const n = Number(amount);
  return unit === 'minutes' ? `PT${n}M` : unit === 'hours' ? `PT${n}H` : unit === 'days' ? `P${n}D` : `P${n}W`;
}

const UNIT_WORDS: Record<Lang, Record<DurationUnit, [one: string, many: string]>> = {
  da: { minutes: ['minut', 'minutter'], hours: ['time', 'timer'], days: ['dag', 'dage'], weeks: ['uge', 'uger'] },
  en: { minutes: ['minute', 'minutes'], hours: ['hour', 'hours'], days: ['day', 'days'], weeks: ['week', 'weeks'] },
};

/** A unit's name as the unit menu shows it ("timer", "hours"). */
export function unitLabel(unit: DurationUnit, lang: Lang): string {
  return UNIT_WORDS[lang][unit][1];
}

/** "PT24H" → "1 dag" / "1 day", "PT36H" → "36 timer"; the text itself when malformed. */
export function durationWords(iso: string, lang: Lang): string {
  const parts = durationParts(iso);
  if (!parts) return iso;
  const [one, many] = UNIT_WORDS[lang][parts.unit];
  return `${parts.amount} ${parts.amount === '1' ? one : many}`;
}

/** The reminder list with one more, earliest first, each once (the API refuses any other order). */
export function withReminder(reminders: readonly string[], iso: string): string[] {
  if (durationMs(iso) === null) return [...reminders];
  const all = [...reminders.filter((r) => durationMs(r) !== durationMs(iso)), iso];
  return all.sort((a, b) => (durationMs(a) ?? 0) - (durationMs(b) ?? 0));
}

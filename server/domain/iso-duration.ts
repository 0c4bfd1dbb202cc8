/**
 * STAND-IN (issue 11, outbox branch): a minimal ISO 8601 duration parser for the reminder
 * schedule. The settings work brings the shared duration helper; the coordinator swaps this file
 * for it (callers use only `parseIsoDuration` and `addIsoDuration`).
 */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** `P3D`, `PT24H`, `PT1M`...: whole numbers only; null when malformed or empty (`P`, `PT`). */
export function parseIsoDuration(text: string): IsoDuration | null {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number, number, number, number, number];
  return { years, months, weeks, days, hours, minutes, seconds };
}

/** `at` plus the duration, calendar fields in UTC (P1M from 31 January is 3 March, as Date does). */
export function addIsoDuration(at: Date, duration: IsoDuration): Date {
  const d = new Date(at.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + duration.years, d.getUTCMonth() + duration.months, d.getUTCDate() + duration.weeks * 7 + duration.days);
  return new Date(d.getTime() + ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000);
}

/**
 * Programmes in the staff app (issue 25), pure: a schedule and a duration in words, the words for
 * an enrolment's status, reason and an occurrence's state, and the admin's form as the API's body.
 */
import type { EnrolmentReason, EnrolmentStatus, OccurrenceState } from '../../../server/contract/codes.js';
import { newProgrammeSchema, type NewProgramme } from '../../../server/contract/requests.js';
import type { Programme } from '../../../server/contract/responses.js';
import { CLINIC_TIME_ZONE, parseCalendarDuration, type Schedule } from '../../../server/contract/schedule.js';
import type { Lang, MessageKey } from '../i18n.js';

export const OCCURRENCE_STATE_KEY: Record<OccurrenceState, MessageKey> = {
  open: 'occurrenceOpen', answered: 'occurrenceAnswered', missed: 'occurrenceMissed', skipped: 'occurrenceSkipped',
};
export const ENROLMENT_STATUS_KEY: Record<EnrolmentStatus, MessageKey> = { active: 'enrolmentActive', paused: 'enrolmentPaused', ended: 'enrolmentEnded' };
export const ENROLMENT_REASON_KEY: Record<EnrolmentReason, MessageKey> = {
  patient_wish: 'reasonPatientWish', admitted: 'reasonAdmitted', condition_changed: 'reasonConditionChanged', completed: 'reasonCompleted',
  wrong_programme: 'reasonWrongProgramme', other: 'reasonOther',
};

const UNITS: Record<Lang, Record<'years' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes', [string, string]>> = {
  da: { years: ['år', 'år'], months: ['måned', 'måneder'], weeks: ['uge', 'uger'], days: ['dag', 'dage'], hours: ['time', 'timer'], minutes: ['minut', 'minutter'] },
  en: { years: ['year', 'years'], months: ['month', 'months'], weeks: ['week', 'weeks'], days: ['day', 'days'], hours: ['hour', 'hours'], minutes: ['minute', 'minutes'] },
};

/** "3 måneder", "14 days", "1 day 12 hours"; "start" for P0D; the text itself when it is not a duration. */
export function durationWords(text: string, lang: Lang): string {
  const d = parseCalendarDuration(text);
  if (!d) return text;
  const parts = (Object.keys(UNITS[lang]) as (keyof typeof d)[]).filter((unit) => d[unit] > 0).map((unit) => `${d[unit]} ${UNITS[lang][unit][d[unit] === 1 ? 0 : 1]}`);
  return parts.length === 0 ? (lang === 'da' ? 'start' : 'start') : parts.join(' ');
}

/**
 * A repeat in words. Danish counts with an ordinal and the unit in the singular: "hver dag",
 * "hver 14. dag", "hver 3. måned", "hvert 2. år" (år and minut are neuter); English "every 14 days". A
 * repeat of several units ("P1DT12H") is said as its duration.
 */
export function everyWords(text: string, lang: Lang): string {
  if (lang === 'en') return `every ${durationWords(text, lang)}`;
  const d = parseCalendarDuration(text);
  const units = d ? (Object.keys(UNITS.da) as (keyof typeof d)[]).filter((unit) => d[unit] > 0) : [];
  if (!d || units.length !== 1) return `hver ${durationWords(text, lang)}`;
  const unit = units[0]!;
  const count = d[unit];
  return `${unit === 'years' || unit === 'minutes' ? 'hvert' : 'hver'} ${count === 1 ? '' : `${count}. `}${UNITS.da[unit][0]}`;
}

/** "efter start, 3 måneder, 6 måneder; hver 14. dag i 1 år" in words. */
export function scheduleWords(schedule: Schedule, lang: Lang): string {
  const at = (schedule.at ?? []).map((o) => durationWords(o, lang));
  const every = schedule.every === undefined ? null
    : `${everyWords(schedule.every, lang)}${schedule.until ? ` ${lang === 'da' ? 'i' : 'for'} ${durationWords(schedule.until, lang)}` : ''}`;
  return [at.length > 0 ? `${lang === 'da' ? 'efter' : 'at'} ${at.join(', ')}` : null, every].filter((p) => p !== null).join('; ');
}

/** The admin's programme form: offsets as one comma-separated text, the rest as typed. */
export interface ProgrammeDraft {
  nameDa: string;
  nameEn: string;
  questionnaireId: string;
  at: string;
  every: string;
  until: string;
  trigger: string;
  openFor: string;
  whenOpen: string;
}

export const EMPTY_PROGRAMME: ProgrammeDraft = {
  nameDa: '', nameEn: '', questionnaireId: '', at: '', every: '', until: '', trigger: 'status_conversation', openFor: 'P7D', whenOpen: 'skip',
};

export function draftOf(p: Programme): ProgrammeDraft {
  return {
    nameDa: p.name.da, nameEn: p.name.en, questionnaireId: p.questionnaireId, at: (p.schedule.at ?? []).join(', '), every: p.schedule.every ?? '',
    until: p.schedule.until ?? '', trigger: p.trigger, openFor: p.openFor, whenOpen: p.whenOpen,
  };
}

/** The form as the API's body, checked with the server's own schema: the body, or each problem by field path. */
export function programmeBody(d: ProgrammeDraft): { ok: true; body: NewProgramme } | { ok: false; problems: { path: string; message: string }[] } {
  const at = d.at.split(/[,\s]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== '');
  const schedule: Schedule = {
    ...(at.length > 0 ? { at } : {}), ...(d.every.trim() ? { every: d.every.trim().toUpperCase() } : {}), ...(d.until.trim() ? { until: d.until.trim().toUpperCase() } : {}),
  };
  const result = newProgrammeSchema.safeParse({
    name: { da: d.nameDa, en: d.nameEn }, questionnaireId: d.questionnaireId, schedule, trigger: d.trigger, openFor: d.openFor.trim().toUpperCase(), whenOpen: d.whenOpen,
  });
  if (result.success) return { ok: true, body: result.data };
  return { ok: false, problems: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

/** A due date as the clinic's calendar day ("15. jan. 2027"): 00:00 in Copenhagen is the day before in UTC, and a browser may run in either. */
export function formatDueDate(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: CLINIC_TIME_ZONE });
}

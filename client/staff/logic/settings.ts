/** The Settings page's form: the site settings as text fields and back, and the server's 422 details per field. Pure. */
import type { SettingsPatch, SiteSettings } from '../../../server/contract/settings.js';
import type { MessageKey } from '../i18n.js';
import { durationIso, durationParts, type DurationDraft } from './durations.js';

export interface SettingsDraft {
  name: string;
  phone: string;
  hoursDa: string;
  hoursEn: string;
  afterHoursDa: string;
  afterHoursEn: string;
  urgent: DurationDraft;
  specialized: DurationDraft;
  basic: DurationDraft;
  none: DurationDraft;
  ownWords: DurationDraft;
  /** ISO 8601 durations, earliest first (shown as chips, added from a number and a unit). */
  reminders: string[];
  escalationContact: string;
  /** issue 21: sign-in */
  requireSecondFactor: boolean;
  temporaryPasswordHours: string;
  /** How long finished outbox messages are kept (retention.sentMessages). */
  sentMessages: DurationDraft;
  /** issue 23: the services referrals go to; questionnaire ids separated by commas. */
  palliativeDa: string;
  palliativeEn: string;
  palliativeQuestionnaires: string;
  rehabilitationDa: string;
  rehabilitationEn: string;
  rehabilitationQuestionnaires: string;
}
export type SettingsField = keyof SettingsDraft;
/** The fields given as a number and a unit. */
export type DurationSettingsField = 'urgent' | 'specialized' | 'basic' | 'none' | 'ownWords' | 'sentMessages';
/** The fields typed as text (all but the check box, the durations and the reminder list). */
export type TextSettingsField = Exclude<SettingsField, 'requireSecondFactor' | 'reminders' | DurationSettingsField>;

/** A stored duration as a number and a unit; one the form cannot split (never stored: the API checks it) is shown as hours left empty. */
const partsOf = (iso: string): DurationDraft => durationParts(iso) ?? { amount: '', unit: 'hours' };

export function draftOf(settings: SiteSettings): SettingsDraft {
  return {
    name: settings.site.name,
    phone: settings.site.phone ?? '',
    hoursDa: settings.site.hours.da,
    hoursEn: settings.site.hours.en,
    afterHoursDa: settings.site.afterHours.da,
    afterHoursEn: settings.site.afterHours.en,
    urgent: partsOf(settings.deadlines.urgent),
    specialized: partsOf(settings.deadlines.specialized),
    basic: partsOf(settings.deadlines.basic),
    none: partsOf(settings.deadlines.none),
    ownWords: partsOf(settings.deadlines.ownWords),
    reminders: [...settings.reminders],
    escalationContact: settings.escalationContact ?? '',
    requireSecondFactor: settings.security.requireSecondFactor,
    temporaryPasswordHours: String(settings.security.temporaryPasswordHours),
    sentMessages: partsOf(settings.retention.sentMessages),
    palliativeDa: settings.referralServices.palliative.name.da,
    palliativeEn: settings.referralServices.palliative.name.en,
    palliativeQuestionnaires: settings.referralServices.palliative.questionnaires.join(', '),
    rehabilitationDa: settings.referralServices.rehabilitation.name.da,
    rehabilitationEn: settings.referralServices.rehabilitation.name.en,
    rehabilitationQuestionnaires: settings.referralServices.rehabilitation.questionnaires.join(', '),
  };
}

type Service = 'palliative' | 'rehabilitation';
const servicePatch = (draft: SettingsDraft, service: Service) => ({
  name: { da: draft[`${service}Da`].trim(), en: draft[`${service}En`].trim() },
  questionnaires: draft[`${service}Questionnaires`].split(/[\s,;]+/).filter(Boolean),
});

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The whole form as a PUT body (the server stores and audits only what changed); an empty phone or contact is "not set". */
export function patchOf(draft: SettingsDraft): SettingsPatch {
  return {
    site: {
      name: draft.name.trim(),
      phone: orNull(draft.phone),
      hours: { da: draft.hoursDa.trim(), en: draft.hoursEn.trim() },
      afterHours: { da: draft.afterHoursDa.trim(), en: draft.afterHoursEn.trim() },
    },
    deadlines: {
      urgent: durationIso(draft.urgent), specialized: durationIso(draft.specialized), basic: durationIso(draft.basic), none: durationIso(draft.none),
      ownWords: durationIso(draft.ownWords),
    },
    reminders: [...draft.reminders],
    escalationContact: orNull(draft.escalationContact),
    // A number the server refuses with a detail on this field when it is not whole hours in range.
    security: { requireSecondFactor: draft.requireSecondFactor, temporaryPasswordHours: hoursOf(draft.temporaryPasswordHours) },
    retention: { sentMessages: durationIso(draft.sentMessages) },
    referralServices: { palliative: servicePatch(draft, 'palliative'), rehabilitation: servicePatch(draft, 'rehabilitation') },
  };
}

/** "72" → 72; anything else is sent as NaN's stand-in -1, which the server refuses (422 naming the field). */
function hoursOf(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : -1;
}

/** Which form field a setting's path belongs to ("reminders.1" is the reminders field). */
const FIELD_OF_PATH: Record<string, SettingsField> = {
  'site.name': 'name', 'site.phone': 'phone', 'site.hours.da': 'hoursDa', 'site.hours.en': 'hoursEn',
  'site.afterHours.da': 'afterHoursDa', 'site.afterHours.en': 'afterHoursEn',
  'deadlines.urgent': 'urgent', 'deadlines.specialized': 'specialized', 'deadlines.basic': 'basic', 'deadlines.none': 'none', 'deadlines.ownWords': 'ownWords',
  'security.requireSecondFactor': 'requireSecondFactor', 'security.temporaryPasswordHours': 'temporaryPasswordHours',
  reminders: 'reminders', escalationContact: 'escalationContact', 'retention.sentMessages': 'sentMessages',
  'referralServices.palliative.name.da': 'palliativeDa', 'referralServices.palliative.name.en': 'palliativeEn', 'referralServices.palliative.questionnaires': 'palliativeQuestionnaires',
  'referralServices.rehabilitation.name.da': 'rehabilitationDa', 'referralServices.rehabilitation.name.en': 'rehabilitationEn', 'referralServices.rehabilitation.questionnaires': 'rehabilitationQuestionnaires',
};

const DURATION_FIELDS: SettingsField[] = ['urgent', 'specialized', 'basic', 'none', 'ownWords', 'sentMessages'];

export interface FieldProblem {
  key: MessageKey;
  /** The server's own words, for the generic message. */
  message: string;
}

/** The problems of a 422's details by form field, each with our own words where the field's rule is known. */
export function fieldProblems(details: unknown): Partial<Record<SettingsField, FieldProblem>> {
  const problems: Partial<Record<SettingsField, FieldProblem>> = {};
  for (const detail of Array.isArray(details) ? details : []) {
    const { path, message } = detail as { path?: unknown; message?: unknown };
    if (typeof path !== 'string') continue;
    const field = FIELD_OF_PATH[path] ?? FIELD_OF_PATH[path.replace(/\.\d+$/, '')] ?? FIELD_OF_PATH[path.split('.')[0]!];
    if (!field || problems[field]) continue;
    problems[field] = { key: problemKey(field), message: typeof message === 'string' ? message : '' };
  }
  return problems;
}

function problemKey(field: SettingsField): MessageKey {
  if (field === 'phone') return 'problemPhone';
  if (field === 'reminders') return 'problemReminders';
  if (field === 'temporaryPasswordHours') return 'problemHours';
  if (DURATION_FIELDS.includes(field)) return 'problemDuration';
  return 'problemInvalid';
}

/** Patients get no number to call until an admin sets one: the staff app says so. */
export const phoneMissing = (settings: SiteSettings): boolean => settings.site.phone === null;

/** The phone field's id on the Settings screen; `/settings#setting-phone` opens it focused (the missing-phone notice links there). */
export const PHONE_FIELD_ID = 'setting-phone';

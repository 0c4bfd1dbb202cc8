/**
 * Breaking the glass from the staff app (issue 24): what is wrong with the form, by the server's own
 * schema, and the patient page's banner. Pure.
 */
import { emergencyAccessByExternalIdSchema } from '../../../server/contract/requests.js';
import type { RunningEmergencyAccess } from '../../../server/contract/responses.js';
import { formatTime, type Lang, type MessageKey, type Translate } from '../i18n.js';
import { fieldProblems } from './field-problems.js';

export interface EmergencyAccessDraft {
  externalId: string;
  reason: string;
}

const MESSAGE_OF_FIELD: Record<keyof EmergencyAccessDraft, MessageKey> = { externalId: 'externalIdRule', reason: 'emergencyReasonRequired' };

/** The message under the external id or the reason when the shared rules refuse it. */
export function emergencyAccessProblems(d: EmergencyAccessDraft): Partial<Record<keyof EmergencyAccessDraft, MessageKey>> {
  return fieldProblems<keyof EmergencyAccessDraft>(emergencyAccessByExternalIdSchema.safeParse(d).error?.issues, (field) => MESSAGE_OF_FIELD[field]);
}

/** "Nødadgang til kl. 14.30 — begrundelse: …"; with the date when it ends on another day than `now`. */
export function emergencyBannerText(access: RunningEmergencyAccess, lang: Lang, t: Translate, now: Date): string {
  const until = new Date(access.expiresAt);
  const time = formatTime(until, lang);
  if (until.toDateString() === now.toDateString()) return t('emergencyBanner', { time, reason: access.reason });
  const date = until.toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'short' });
  return t('emergencyBannerDate', { date, time, reason: access.reason });
}

/** The individual plan a patient takes home: purpose, who is responsible, what happens when, next evaluation, how to get in touch. Pure. */
import { formatDate, localized, type Lang, type Translate } from '../i18n.js';
import type { FlagDetail } from '../../../server/contract/responses.js';
import { CALL_112 } from '../../../server/contract/codes.js';
import type { SiteSettings } from '../../../server/contract/settings.js';
import { agenda, needs } from './pro-summary.js';
import { staffName } from './staff-name.js';

interface PlanView {
  kind: 'basic' | 'refer' | 'no_action' | 'undecided';
  purpose: string;
  /** What the patient told us: the needs found and the agenda topics, in plain words. */
  told: string[];
  responsible: string;
  what: string;
  nextEvaluation: string;
  decidedAt: string;
}

export function planView(detail: Pick<FlagDetail, 'flag' | 'answers' | 'scores' | 'decision'>, lang: Lang, t: Translate): PlanView {
  const decision = detail.decision ?? null;
  const view = agenda(detail.answers, lang);
  const told = [...needs(detail.scores).map((s) => localized(s.title, lang)), ...view.topics];
  const unique = [...new Set(told)];
  const base = {
    purpose: t('planPurposeText', { date: formatDate(detail.flag.submittedAt, lang) }),
    told: unique,
    responsible: (decision ? responsibleName(decision) : '') || t('notSet'),
    nextEvaluation: decision?.nextEvaluation ? formatDate(decision.nextEvaluation, lang) : t('notSet'),
    decidedAt: decision ? formatDate(decision.decidedAt, lang) : '',
  };
  if (!decision) return { ...base, kind: 'undecided', what: t('planNotDecided') };
  if (decision.action === 'refer') return { ...base, kind: 'refer', what: [t('planReferred'), decision.note].filter(Boolean).join('\n\n') };
  if (decision.action === 'no_action') return { ...base, kind: 'no_action', what: [t('planNoAction'), decision.note].filter(Boolean).join('\n\n') };
  return { ...base, kind: 'basic', what: decision.note || t('notSet') };
}

/**
 * Who follows up: a staff user by full name and title as they read now (issue 23), else the free
 * text as written (the GP, a home nurse, and every plan made before a user could be chosen).
 */
export function responsibleName(decision: Pick<NonNullable<FlagDetail['decision']>, 'responsible' | 'responsibleUser'>): string {
  return decision.responsibleUser ? staffName(decision.responsibleUser) : (decision.responsible ?? '').trim();
}

/**
 * The plan's "how you get in touch" line, from the site settings (one for the whole site, never
 * kept per browser): the phone, whom to call after hours when set, and the one 112 phrase.
 */
export function planContactLine(site: SiteSettings['site'], lang: Lang, t: Translate): string {
  const hours = localized(site.hours, lang).trim();
  const afterHours = localized(site.afterHours, lang).trim();
  return [
    site.phone === null ? t('planContactNoPhone') : t('planContactPhone', { site: site.name, phone: site.phone, hours: hours ? ` (${hours})` : '' }),
    afterHours ? t('planContactAfterHours', { afterHours }) : '',
    CALL_112[lang],
  ].filter(Boolean).join(' ');
}

/**
 * How a response was given (issue 13), in words and as a chart marker: the worklist, the detail, the
 * patient page, the charts and the referral text all say it the same way. Pure.
 */
import { RESPONSE_MODES, type ResponseMode } from '../../../server/contract/codes.js';
import type { ResponseProvenance } from '../../../server/contract/responses.js';
import { formatDate, type Lang, type MessageKey, type Translate } from '../i18n.js';

const MODE_KEY: Record<ResponseMode, MessageKey> = { self: 'modeSelf', assisted: 'modeAssisted', proxy: 'modeProxy', paper: 'modePaper' };

/** "paper form", "answered by a relative": short, for a row or a legend. */
export const modeLabel = (mode: ResponseMode, t: Translate): string => t(MODE_KEY[mode]);

/**
 * A chart point's shape by mode, so proxy and paper answers stand out in black and white too (not by
 * colour alone); the symbol is the legend's.
 */
export const MODE_MARKER: Record<ResponseMode, { pointStyle: 'circle' | 'rectRot' | 'triangle' | 'rect'; symbol: string }> = {
  self: { pointStyle: 'circle', symbol: '●' },
  assisted: { pointStyle: 'rectRot', symbol: '◆' },
  proxy: { pointStyle: 'triangle', symbol: '▲' },
  paper: { pointStyle: 'rect', symbol: '■' },
};

/** The legend for the modes present, in the contract's order: "● answered by the patient, ▲ answered by a relative". */
export function modeLegend(modes: Iterable<ResponseMode>, t: Translate): string {
  const present = new Set(modes);
  return RESPONSE_MODES
    .filter((m) => present.has(m))
    .map((m) => `${MODE_MARKER[m].symbol} ${modeLabel(m, t)}`)
    .join(', ');
}

/**
 * One sentence: who answered, how, who entered it and, for paper, the form's date and whether a
 * second staff member has verified the transcription ("awaiting verification" in words).
 */
export function provenanceText(p: Pick<ResponseProvenance, 'mode' | 'respondent' | 'relationship' | 'recordedBy' | 'answeredOn' | 'verifiedBy'>, lang: Lang, t: Translate): string {
  const name = p.recordedBy?.username ?? t('provUnknownStaff');
  const relationship = p.relationship ?? '';
  switch (p.mode) {
    case 'self':
      return t('provSelf');
    case 'assisted':
      // Without a recorder: the patient answered on the link, with help from someone (the `respondent` question).
      if (!p.recordedBy) return t('provAssistedLink');
      return p.respondent === 'relative' ? t('provAssistedRelative', { name, relationship }) : t('provAssisted', { name });
    case 'proxy':
      return relationship ? t('provProxy', { relationship }) : t('provProxyOwnLink');
    case 'paper': {
      const check = p.verifiedBy ? t('provVerified', { name: p.verifiedBy.username }) : t('provAwaitingVerification');
      return `${t('provPaper', { date: formatDate(p.answeredOn, lang), name })}; ${check}`;
    }
  }
}

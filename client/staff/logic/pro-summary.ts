/**
 * Reading a response the way a nurse needs it: the patient's agenda and own words first, each reason
 * with the answers or scores that caused it, the referral text and the scores over time. Pure.
 */
import { formatDate, levelLabel, localized, surveyText, triggerLabel, type Lang, type Translate } from '../i18n.js';
import { isAgendaAnswer, type ResponseMode } from '../../../server/contract/codes.js';
import type { Answer, Evidence, FlagDetail, FlagReason, FlagSummary, HistoryEntry, ScaleScore } from '../../../server/contract/responses.js';
import { provenanceText } from './provenance.js';
import { formatScore } from './scales.js';

const isBlank = (value: unknown): boolean =>
  value == null || value === '' || (Array.isArray(value) && value.length === 0);

/** The text of an answer: the chosen choices' text, or the value itself. */
export function answerText(answer: Pick<Answer, 'value' | 'text'> | undefined, lang: Lang): string {
  if (!answer || isBlank(answer.value)) return '';
  const fromChoices = surveyText(answer.text ?? null, lang);
  if (fromChoices) return fromChoices;
  return Array.isArray(answer.value) ? answer.value.map(String).join(', ') : String(answer.value);
}

/** Each chosen choice's text on its own (a choice text may itself contain a comma). */
function choiceTexts(answer: Pick<Answer, 'value' | 'text'>, lang: Lang): string[] {
  if (isBlank(answer.value)) return [];
  if (Array.isArray(answer.text)) return answer.text.map((t) => surveyText(t, lang)).filter(Boolean);
  if (answer.text != null) return [surveyText(answer.text, lang)].filter(Boolean);
  return (Array.isArray(answer.value) ? answer.value : [answer.value]).map(String);
}

/**
 * A free-text answer: a string value that is not one of the question's choices. The server sends
 * `text` only for a chosen choice, so a choice is never taken for the patient's own words, also
 * when the choices are plain strings (the text is then the value itself).
 */
export function isFreeText(answer: Answer): boolean {
  if (typeof answer.value !== 'string' || answer.value.trim() === '') return false;
  return answer.text == null;
}

interface AgendaView {
  /** What the patient ticked as most important to talk about. */
  topics: string[];
  /** What the patient wrote: the agenda's own text first, then other free-text answers, with the question. */
  ownWords: { question: string; title: string; text: string }[];
}

export function agenda(answers: readonly Answer[], lang: Lang): AgendaView {
  const topics: string[] = [];
  const agendaWords: AgendaView['ownWords'] = [];
  const otherWords: AgendaView['ownWords'] = [];
  for (const a of answers) {
    if (isBlank(a.value)) continue;
    const free = isFreeText(a);
    if (isAgendaAnswer(a.question)) {
      if (free) agendaWords.push({ question: a.question, title: surveyText(a.title ?? a.question, lang), text: String(a.value) });
      else topics.push(...choiceTexts(a, lang));
    } else if (free) {
      otherWords.push({ question: a.question, title: surveyText(a.title ?? a.question, lang), text: String(a.value) });
    }
    if (a.comment?.trim()) {
      const key = `${a.question}-Comment`;
      (isAgendaAnswer(key) ? agendaWords : otherWords).push({ question: key, title: surveyText(a.title ?? a.question, lang), text: a.comment });
    }
  }
  return { topics, ownWords: [...agendaWords, ...otherWords] };
}

/** One line per piece of evidence: the answer (question and what was answered) or the score against its threshold. */
export function describeEvidence(evidence: Evidence, answers: readonly Answer[], scores: readonly Pick<ScaleScore, 'scale' | 'title'>[], lang: Lang, t: Translate): string {
  if (evidence.kind === 'scale') {
    const scale = scores.find((s) => s.scale === evidence.scale);
    return t('becauseScale', {
      scale: scale ? localized(scale.title, lang) : evidence.scale,
      score: formatScore(evidence.value),
      comparison: t(evidence.comparison === 'below' ? 'below' : 'atOrAbove'),
      threshold: formatScore(evidence.threshold),
    });
  }
  const answer = answers.find((a) => a.question === evidence.item);
  const question = answer?.title ? surveyText(answer.title, lang) : evidence.item;
  // For "includes", name the one choice that made the rule fire, not every choice ticked.
  const index = evidence.comparison === 'includes' && Array.isArray(answer?.value) ? answer.value.indexOf(evidence.expected) : -1;
  const chosen = index >= 0 && Array.isArray(answer?.text) ? surveyText(answer.text[index], lang) : '';
  const text = chosen || answerText(answer ?? { value: evidence.value }, lang) || t('noAnswer');
  return t('becauseAnswer', { question, answer: text });
}

export interface ReasonView<R extends Pick<FlagReason, 'rule' | 'text' | 'evidence'> = FlagReason> {
  reason: R;
  text: string;
  because: string[];
}

/** Reasons (or urgent reasons) with the answers and scores that caused them, one line each. */
export function reasonViews<R extends Pick<FlagReason, 'rule' | 'text' | 'evidence'>>(reasons: readonly R[], answers: readonly Answer[], scores: readonly Pick<ScaleScore, 'scale' | 'title'>[], lang: Lang, t: Translate): ReasonView<R>[] {
  return reasons.map((reason) => ({
    reason,
    text: localized(reason.text, lang),
    because: [...new Set(reason.evidence.map((e) => describeEvidence(e, answers, scores, lang, t)))],
  }));
}

/** "Pain 50 → 83": each scale worse than in the previous response, with its scores then and now. */
export function worseTexts(changes: FlagSummary['worseSinceLast'], lang: Lang, t: Translate): string[] {
  return changes.map((c) => t('worseChange', { scale: localized(c.title, lang), from: formatScore(c.from), to: formatScore(c.to) }));
}

/** Scale scores that are a need, for summaries: the server decides (domain isNeed), never the client. */
export function needs(scores: readonly ScaleScore[]): ScaleScore[] {
  return scores.filter((s) => s.isNeed);
}

/**
 * A reason's text as the team reads it (issue 23): without the instruction meant for the nurse
 * (": læs dem.", ": spørg hvorfor (Lindrings egen regel…)", ". Vurdér i dag."), which ends our rule
 * texts after a colon or a full stop. The clinical statement before it stays.
 */
export function withoutNurseInstruction(text: string): string {
  return text.replace(/[:.]\s+(?:læs|spørg|vurdér|vurder|se|read|ask|review|assess)(?=[\s.,;:!?'"]|$)[^]*$/iu, '.');
}

/** The convention questions (questionnaires/README.md): the contact wish has its own line in the letter; the preferred place of care too. */
const CONTACT_QUESTION = 'contact_wish';
const PLACE_QUESTION = 'preferred_place';
/** Reasons the letter says otherwise: the own words are quoted, urgency has its own section, the contact wish is the patient's exact choice. */
const SAID_OTHERWISE = new Set(['own-words', 'urgent-review']);
const aboutContactOnly = (reason: Pick<FlagReason, 'evidence'>): boolean =>
  reason.evidence.length > 0 && reason.evidence.every((e) => e.kind === 'item' && e.item === CONTACT_QUESTION);

/** The reasons as the team reads them: not those the letter says otherwise (own words, urgency, the contact wish). */
export function teamReasons<R extends Pick<FlagReason, 'rule' | 'evidence'>>(reasons: readonly R[]): R[] {
  return reasons.filter((r) => !SAID_OTHERWISE.has(r.rule) && !aboutContactOnly(r));
}

/** The patient's exact contact wish: the choices she ticked, in the language. */
export function contactWishTexts(contact: FlagDetail['contact'], lang: Lang): string[] {
  return contact?.text.map((c) => surveyText(c, lang)).filter(Boolean) ?? [];
}

/**
 * The referral letter a nurse starts from (editable before sending), written for the team that
 * receives it (issue 23): the service it goes to, urgency and why, who, which PRO, the proposed
 * level, the clinical reasons and needs, the patient's agenda and own words, exactly the contact
 * she ticked and her preferred place of care. No instructions meant for the nurse.
 */
export function referralText(detail: Pick<FlagDetail, 'flag' | 'patient' | 'questionnaire' | 'answers' | 'scores' | 'reasons' | 'contact' | 'referralService'>, lang: Lang, t: Translate): string {
  const { flag, patient, questionnaire } = detail;
  const lines = [t('referralHeading', { service: localized(detail.referralService, lang) })];
  if (flag.urgent) {
    lines.push('', t('urgentReview'), ...flag.urgentReasons.map((r) => `- ${withoutNurseInstruction(localized(r.text, lang))}`));
  }
  lines.push(
    '',
    t('referralPatient', { name: patient.name, externalId: patient.externalId }),
    t('referralQuestionnaire', {
      questionnaire: `${localized(questionnaire.title, lang)} ${questionnaire.version}`,
      date: formatDate(flag.submittedAt, lang),
      trigger: triggerLabel(flag.trigger, lang),
    }),
    t('referralProposed', { level: levelLabel(flag.level, lang) }),
    `${t('howAnsweredTitle')}: ${provenanceText(flag, lang, t)}`,
  );
  const reasons = teamReasons(detail.reasons);
  if (reasons.length > 0) {
    lines.push('', t('referralReasons'), ...reasons.map((r) => `- ${withoutNurseInstruction(localized(r.text, lang))}`));
  }
  const needList = needs(detail.scores);
  if (needList.length > 0) {
    lines.push('', t('referralNeeds'));
    for (const s of needList) lines.push(`- ${localized(s.title, lang)}: ${formatScore(s.score)} (${t('threshold', { value: formatScore(s.threshold?.value) })})`);
  }
  const view = agenda(detail.answers, lang);
  if (view.topics.length > 0) lines.push('', `${t('referralAgenda')} ${view.topics.join(', ')}`);
  if (view.ownWords.length > 0) {
    lines.push('', t('referralOwnWords'), ...view.ownWords.map((w) => `- "${w.text}"`));
  }
  const wish = contactWishTexts(detail.contact, lang);
  const place = detail.answers.find((a) => a.question === PLACE_QUESTION);
  const placeText = place ? answerText(place, lang) : '';
  if (wish.length > 0 || placeText) lines.push('');
  if (wish.length > 0) lines.push(t('contactWish', { who: wish.join(', ') }));
  if (placeText) lines.push(t('referralPlaceOfCare', { place: placeText }));
  return lines.join('\n');
}

export interface SeriesPoint {
  responseId: string;
  date: string;
  score: number | null;
  /** How the response was given (issue 13): proxy and paper points get their own marker. */
  mode: ResponseMode;
}

/**
 * Each scale's scores over the patient's responses, oldest first. The current response is included
 * whether or not the server's history already lists it.
 */
export function scaleSeries(detail: Pick<FlagDetail, 'flag' | 'scores' | 'history'>): Map<string, SeriesPoint[]> {
  const entries: HistoryEntry[] = [...detail.history];
  if (!entries.some((h) => h.responseId === detail.flag.responseId)) {
    const { mode, respondent, relationship, recordedBy, answeredOn, verifiedBy, verifiedAt } = detail.flag;
    entries.push({
      responseId: detail.flag.responseId, submittedAt: detail.flag.submittedAt, scores: detail.scores.map((s) => ({ scale: s.scale, score: s.score })),
      mode, respondent, relationship, recordedBy, answeredOn, verifiedBy, verifiedAt,
    });
  }
  entries.sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt));
  const series = new Map<string, SeriesPoint[]>();
  for (const s of detail.scores) series.set(s.scale, []);
  for (const entry of entries) {
    for (const s of entry.scores) {
      if (!series.has(s.scale)) continue;
      series.get(s.scale)!.push({ responseId: String(entry.responseId), date: entry.submittedAt, score: s.score, mode: entry.mode });
    }
  }
  return series;
}

/** Number of responses the history covers (with the current one). */
export function responseCount(series: Map<string, SeriesPoint[]>): number {
  let max = 0;
  for (const points of series.values()) max = Math.max(max, points.length);
  return max;
}

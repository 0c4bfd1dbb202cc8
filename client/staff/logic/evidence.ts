/**
 * "Why this level" with each answer once (issue 23): the rules that fired are numbered (urgent ones
 * first), and every answer or score that fed them is one line naming the rules it fed, instead of
 * the same answer under each rule. The patient's own words stand once, in the own-words block
 * (agenda().ownWords): a line for a free-text answer names the question and points there. Pure.
 */
import { localized, surveyText, type Lang, type Translate } from '../i18n.js';
import type { RuleLevel } from '../../../server/contract/codes.js';
import type { Answer, FlagReason, ScaleScore, UrgentReason } from '../../../server/contract/responses.js';
import { agenda, describeEvidence } from './pro-summary.js';

export interface NumberedRule {
  /** 1-based, in the order shown: urgent rules first, then the level's rules. */
  number: number;
  rule: string;
  text: string;
  /** The rule's level; null for an urgency rule (urgency stands beside the level). */
  level: RuleLevel | null;
}

export interface EvidenceLine {
  /** The answer ("“Pain”: Very much") or the score against its threshold, as describeEvidence words it. */
  text: string;
  /** The numbers of the rules this answer fed, ascending. */
  rules: number[];
  /** It fed an urgency rule: shown first and marked. */
  urgent: boolean;
}

export interface EvidenceView {
  urgentRules: NumberedRule[];
  rules: NumberedRule[];
  lines: EvidenceLine[];
}

/** Numbers the rules and gathers their evidence by answer: each line once, urgent ones first, else in the order the rules name them. */
export function evidenceByAnswer(
  urgentReasons: readonly UrgentReason[], reasons: readonly FlagReason[], answers: readonly Answer[],
  scores: readonly Pick<ScaleScore, 'scale' | 'title'>[], lang: Lang, t: Translate,
): EvidenceView {
  const urgentRules: NumberedRule[] = urgentReasons.map((r, i) => ({ number: i + 1, rule: r.rule, text: localized(r.text, lang), level: null }));
  const rules: NumberedRule[] = reasons.map((r, i) => ({ number: urgentReasons.length + i + 1, rule: r.rule, text: localized(r.text, lang), level: r.level }));
  const byText = new Map<string, EvidenceLine>();
  // Answers the own-words block already quotes: the line names the question, not the words again.
  const ownWords = new Set(agenda(answers, lang).ownWords.map((w) => w.question));
  const describe = (evidence: FlagReason['evidence'][number]): string => {
    if (evidence.kind !== 'item' || !ownWords.has(evidence.item)) return describeEvidence(evidence, answers, scores, lang, t);
    const answer = answers.find((a) => a.question === evidence.item || `${a.question}-Comment` === evidence.item);
    return t('becauseOwnWords', { question: answer?.title ? surveyText(answer.title, lang) : evidence.item });
  };
  const fired = [...urgentReasons.map((r, i) => ({ reason: r, number: i + 1, urgent: true })), ...reasons.map((r, i) => ({ reason: r, number: urgentReasons.length + i + 1, urgent: false }))];
  for (const { reason, number, urgent } of fired) {
    for (const evidence of reason.evidence) {
      const text = describe(evidence);
      const line = byText.get(text) ?? { text, rules: [], urgent: false };
      if (!line.rules.includes(number)) line.rules.push(number);
      line.urgent ||= urgent;
      byText.set(text, line);
    }
  }
  const lines = [...byText.values()];
  // Stable: urgent lines first, each group in first-mention order.
  return { urgentRules, rules, lines: [...lines.filter((l) => l.urgent), ...lines.filter((l) => !l.urgent)] };
}

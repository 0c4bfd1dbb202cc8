/**
 * The trend rule (clinical rules v2, 12): a symptom two or more answer steps worse than in the same
 * kind of respondent's previous response is urgent, e.g. pain "A little" → "Very much". Nurse alerts
 * on severe *or worsening* symptoms are the mechanism of the PRO-monitoring trials (Basch 2017), and
 * seed 001 lists "større eller synlig forværring" as a reason to ask. An engine rule, like own
 * words: no file can leave it out. Pure: no I/O.
 */
import type { Localized } from '../contract/codes.js';
import type { UrgentReason } from '../contract/responses.js';
import { URGENT_REVIEW_REASON, URGENT_REVIEW_RULE } from './engine-reasons.js';
import type { FlagResult } from './flagging.js';
import type { ScaleDefinition } from './scoring.js';

/** The id of the urgent reason the engine adds (reserved: no rule in a file may take it). */
export const WORSE_BY_TWO_STEPS_RULE = 'worse-by-two-steps';
/** How many answer steps worse is "much worse". */
export const TREND_STEPS = 2;

/** The reason's text, with the item's title (its question) in place of "…". */
function worseByTwoStepsText(title: Localized): Localized {
  return {
    da: `»${title.da}« er blevet meget værre siden sidst: vurdér i dag.`,
    en: `“${title.en}” is much worse than last time: review today.`,
  };
}

/**
 * The items of symptom scales (a higher answer is worse), each once, in the definition's scale
 * order. Functional and global scales are left out: there a higher answer may be better.
 */
export function symptomItems(scales: readonly ScaleDefinition[]): string[] {
  return [...new Set(scales.filter((s) => s.kind === 'symptom').flatMap((s) => s.items))];
}

/**
 * One urgent reason per symptom item answered at least two steps higher than in the previous
 * response; its evidence is the item, the answer now and the least answer that would fire (the
 * previous answer plus two). An item unanswered on either side is never compared.
 */
export function worseByTwoSteps(
  scales: readonly ScaleDefinition[],
  titleOf: (item: string) => Localized,
  previous: Record<string, unknown>,
  current: Record<string, unknown>,
): UrgentReason[] {
  const reasons: UrgentReason[] = [];
  for (const item of symptomItems(scales)) {
    const before = previous[item];
    const now = current[item];
    if (typeof before !== 'number' || typeof now !== 'number' || now - before < TREND_STEPS) continue;
    reasons.push({
      rule: WORSE_BY_TWO_STEPS_RULE,
      text: worseByTwoStepsText(titleOf(item)),
      evidence: [{ kind: 'item', item, value: now, comparison: 'atLeast', expected: before + TREND_STEPS }],
    });
  }
  return reasons;
}

/** The flag with the trend's urgent reasons added after the file's: it only ever adds urgency, never lowers anything. */
export function withTrend(flag: FlagResult, trend: readonly UrgentReason[]): FlagResult {
  if (trend.length === 0) return flag;
  // Urgent is never "none" (engine-reasons.ts), also when only the trend made it urgent.
  const reasons = flag.reasons.length > 0
    ? flag.reasons
    : [{ rule: URGENT_REVIEW_RULE, level: 'basic' as const, text: URGENT_REVIEW_REASON, evidence: trend.flatMap((r) => r.evidence) }];
  return { ...flag, level: reasons[0]!.level, reasons, urgent: true, urgentReasons: [...flag.urgentReasons, ...trend] };
}

/** A SurveyJS localizable string (`default` English, `da` Danish, or plain) in both languages; the name when it has none. */
export function localizedTitle(title: unknown, name: string): Localized {
  if (typeof title === 'string') return { da: title, en: title };
  if (typeof title === 'object' && title !== null) {
    const t = title as Record<string, unknown>;
    const en = typeof t.default === 'string' ? t.default : typeof t.en === 'string' ? t.en : name;
    return { da: typeof t.da === 'string' ? t.da : en, en };
  }
  return { da: name, en: name };
}

/**
 * A flag's reasons as stored with the flag. Every fired rule and its evidence are kept (the "why"
 * as it was at flagging time), in a compact form: a piece of evidence that several rules share
 * (needs in many areas repeat the needs of each area) is listed once and the rules point to it,
 * and the rule texts are left out because the questionnaire version stored with the response
 * holds them. This is a third to a half of the full form, which matters on every submission: it is
 * serialised, sent to the database writer and written (with its fsync) once per response.
 * Pure: no I/O.
 */
import { evidenceKey, type Evidence, type FlagReason, type FlagRule, type Localized, type RuleLevel, type UrgencyRule, type UrgentReason } from './flagging.js';
import { engineReasonText } from './engine-reasons.js';
import { OWN_WORDS_REASON, OWN_WORDS_RULE } from './own-words.js';
import { WORSE_BY_TWO_STEPS_RULE } from './trend.js';

export interface StoredReasons {
  evidence: Evidence[];
  /** In the flag's order (highest level first); `evidence` holds indexes into the shared list. */
  reasons: { rule: string; level: RuleLevel; evidence: number[]; text?: Localized }[];
  /** The urgency rules that fired, in the file's order, sharing the same evidence list; absent when none fired. */
  urgent?: { rule: string; evidence: number[]; text?: Localized }[];
}

/**
 * The text of an engine reason made for this response (no file holds it): the trend's names the
 * item, own words by a relative says so. Kept with the reason; undefined for every other reason.
 */
function ownText(rule: string, text: Localized): { text: Localized } | Record<string, never> {
  if (rule === WORSE_BY_TWO_STEPS_RULE) return { text };
  if (rule === OWN_WORDS_RULE && (text.da !== OWN_WORDS_REASON.da || text.en !== OWN_WORDS_REASON.en)) return { text };
  return {};
}

/** The reasons and urgent reasons of one flag in one compact form (urgent evidence mostly repeats the reasons'). */
export function toStoredReasons(reasons: readonly FlagReason[], urgentReasons: readonly UrgentReason[] = []): StoredReasons {
  const evidence: Evidence[] = [];
  const indexOfKey = new Map<string, number>();
  const indexOf = (e: Evidence): number => {
    const key = evidenceKey(e);
    let index = indexOfKey.get(key);
    if (index === undefined) indexOfKey.set(key, (index = evidence.push(e) - 1));
    return index;
  };
  const stored: StoredReasons = { evidence, reasons: reasons.map(({ rule, level, text, evidence: own }) => ({ rule, level, evidence: own.map(indexOf), ...ownText(rule, text) })) };
  if (urgentReasons.length > 0) stored.urgent = urgentReasons.map(({ rule, text, evidence: own }) => ({ rule, evidence: own.map(indexOf), ...ownText(rule, text) }));
  return stored;
}

// A rule always has a text in the version it fired in; the id is a fallback that never hides a reason.
function textOf(rule: string, rules: readonly { id: string; reason: FlagReason['text'] }[]): FlagReason['text'] {
  return rules.find((r) => r.id === rule)?.reason ?? (rule === OWN_WORDS_RULE ? OWN_WORDS_REASON : engineReasonText(rule) ?? { da: rule, en: rule });
}

/**
 * The full reasons again, with each rule's text from the definition the response was answered
 * with. Flags stored before this form (a plain list of reasons with their texts) are read as they are.
 */
export function fromStoredReasons(stored: unknown, rules: readonly Pick<FlagRule, 'id' | 'reason'>[] = []): FlagReason[] {
  if (Array.isArray(stored)) return stored as FlagReason[];
  const { evidence, reasons } = stored as StoredReasons;
  return reasons.map(({ rule, level, text, evidence: indexes }) => ({ rule, level, text: text ?? textOf(rule, rules), evidence: indexes.map((i) => evidence[i]!) }));
}

/** The urgent reasons again, with each urgency rule's text; none for flags stored before urgency existed. */
export function fromStoredUrgentReasons(stored: unknown, urgencyRules: readonly Pick<UrgencyRule, 'id' | 'reason'>[] = []): UrgentReason[] {
  if (Array.isArray(stored)) return [];
  const { evidence, urgent = [] } = stored as StoredReasons;
  return urgent.map(({ rule, text, evidence: indexes }) => ({ rule, text: text ?? textOf(rule, urgencyRules), evidence: indexes.map((i) => evidence[i]!) }));
}

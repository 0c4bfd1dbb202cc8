/**
 * A flag's reasons as stored with the flag. Every fired rule and its evidence are kept (the "why"
 * as it was at flagging time), in a compact form: a piece of evidence that several rules share
 * (needs in many areas repeat the needs of each area) is listed once and the rules point to it,
 * and the rule texts are left out because the questionnaire version stored with the response
 * holds them. This is about a third of the full form, which matters on every submission: it is
 * serialised, sent to the database writer and written (with its fsync) once per response.
 * Pure: no I/O.
 */
import { evidenceKey, type Evidence, type FlagReason, type FlagRule, type RuleLevel } from './flagging.js';

export interface StoredReasons {
  evidence: Evidence[];
  /** In the flag's order (highest level first); `evidence` holds indexes into the shared list. */
  reasons: { rule: string; level: RuleLevel; evidence: number[] }[];
}

export function toStoredReasons(reasons: readonly FlagReason[]): StoredReasons {
  const evidence: Evidence[] = [];
  const indexOfKey = new Map<string, number>();
  const indexOf = (e: Evidence): number => {
    const key = evidenceKey(e);
    let index = indexOfKey.get(key);
    if (index === undefined) indexOfKey.set(key, (index = evidence.push(e) - 1));
    return index;
  };
  return { evidence, reasons: reasons.map(({ rule, level, evidence: own }) => ({ rule, level, evidence: own.map(indexOf) })) };
}

/**
 * The full reasons again, with each rule's text from the definition the response was answered
 * with. Flags stored before this form (a plain list of reasons with their texts) are read as they are.
 */
export function fromStoredReasons(stored: unknown, rules: readonly Pick<FlagRule, 'id' | 'reason'>[] = []): FlagReason[] {
  if (Array.isArray(stored)) return stored as FlagReason[];
  const { evidence, reasons } = stored as StoredReasons;
  return reasons.map(({ rule, level, evidence: indexes }) => ({
    rule,
    level,
    // A rule always has a text in the version it fired in; the id is a fallback that never hides a reason.
    text: rules.find((r) => r.id === rule)?.reason ?? { da: rule, en: rule },
    evidence: indexes.map((i) => evidence[i]!),
  }));
}

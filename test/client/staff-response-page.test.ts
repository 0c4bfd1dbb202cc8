/** The response page's pure logic (issue 23): each answer once with the rules it fed, "since last time", and the one decision form. */
import { describe, expect, it } from 'vitest';
import { formatMoment, translator } from '../../client/staff/i18n.js';
import { decisionProblems, decisionSubmission, EMPTY_DRAFT } from '../../client/staff/logic/decision.js';
import { evidenceByAnswer } from '../../client/staff/logic/evidence.js';
import { scaleSeries } from '../../client/staff/logic/pro-summary.js';
import { chartOrder, sinceLast } from '../../client/staff/logic/since-last.js';
import type { FlagReason } from '../../server/contract/responses.js';
import { detailFixture, URGENT_PAIN } from './staff-fixtures.js';

const en = translator('en');

describe('each answer once, with the rules it fed', () => {
  it('numbers urgent rules first, then the level\'s, and lists an answer named by three rules once', () => {
    const detail = detailFixture();
    const pain = { kind: 'item', item: 'c5', value: 4, comparison: 'atLeast', expected: 4 } as const;
    const another: FlagReason = { rule: 'physical-moderate', level: 'basic', text: { da: 'Fysisk.', en: 'Physical.' }, evidence: [pain] };
    const view = evidenceByAnswer([URGENT_PAIN], [...detail.reasons, another], detail.answers, detail.scores, 'en', en);
    expect(view.urgentRules.map((r) => [r.number, r.rule, r.level])).toEqual([[1, 'urgent-symptom-worst', null]]);
    expect(view.rules.map((r) => [r.number, r.rule])).toEqual([[2, 'severe-with-other-needs'], [3, 'pa-need'], [4, 'contact-wish'], [5, 'physical-moderate']]);
    expect(view.lines).toEqual([
      { text: '“Have you been in pain?”: Very much', rules: [1, 2, 5], urgent: true },
      { text: 'Emotional functioning: 17 (below the threshold 71)', rules: [2], urgent: false },
      { text: 'Pain: 83 (at or above the threshold 25)', rules: [3], urgent: false },
      { text: '“Would you like someone to contact you?”: Yes, a nurse', rules: [4], urgent: false },
    ]);
    // Each line once: as many lines as distinct answers and scores, not one per rule.
    expect(new Set(view.lines.map((l) => l.text)).size).toBe(view.lines.length);
  });

  it("names a free-text answer's question and points to the own-words block instead of repeating the patient's words", () => {
    const detail = detailFixture();
    const ownWords: FlagReason = {
      rule: 'own-words', level: 'basic', text: { da: 'Egne ord.', en: 'Own words.' },
      evidence: [
        { kind: 'item', item: 'talk_about_other', value: 'I cannot sleep because of the pain.', comparison: 'answered' },
        { kind: 'item', item: 'other_symptoms', value: 'Dry mouth', comparison: 'answered' },
      ],
    };
    const view = evidenceByAnswer([], [ownWords], detail.answers, detail.scores, 'en', en);
    expect(view.lines.map((l) => l.text)).toEqual(['“Anything else?”: in the patient\'s own words above', '“Other symptoms?”: in the patient\'s own words above']);
    expect(JSON.stringify(view)).not.toMatch(/I cannot sleep|Dry mouth/);
    const da = evidenceByAnswer([], [ownWords], detail.answers, detail.scores, 'da', translator('da'));
    expect(da.lines[0]!.text).toBe('“Andet?”: se patientens egne ord ovenfor');
  });

  it('has no lines and no rules when nothing fired', () => {
    const detail = detailFixture();
    expect(evidenceByAnswer([], [], detail.answers, detail.scores, 'en', en)).toEqual({ urgentRules: [], rules: [], lines: [] });
  });
});

describe('since last time', () => {
  it('puts the scales worse past the minimal important difference first, then other changes; unchanged ones apart', () => {
    const detail = detailFixture();
    const since = sinceLast(detail.scores, scaleSeries(detail), detail.flag.worseSinceLast, detail.flag.responseId);
    expect(since.hasPrevious).toBe(true);
    // pain and emotional functioning are worse by the server's word; physical functioning rounds to the same 93; QoL has no score now.
    expect(since.changed.map((c) => [c.scale, c.trend, c.from, Math.round(c.to)])).toEqual([['pa', 'worse', 50, 83], ['ef', 'worse', 50, 17]]);
    expect(since.unchanged.map((c) => c.scale)).toEqual(['pf']);
    expect(chartOrder(detail.scores, since).map((s) => s.scale)).toEqual(['pa', 'ef', 'pf', 'ql']);
  });

  it('tells a small worsening from an improvement by the scale kind, worse before better', () => {
    const detail = detailFixture({
      history: [{ ...detailFixture().history[1]!, scores: [{ scale: 'pa', score: 90 }, { scale: 'ef', score: 20 }, { scale: 'pf', score: 80 }, { scale: 'ql', score: 50 }] }],
    });
    const since = sinceLast(detail.scores, scaleSeries(detail), [], detail.flag.responseId);
    // pf 80 → 93 (functional, higher is better): better; pain 90 → 83 (symptom): better; ef 20 → 17 (functional, lower): slightly worse.
    expect(since.changed.map((c) => [c.scale, c.trend])).toEqual([['ef', 'slightly_worse'], ['pf', 'better'], ['pa', 'better']]);
    expect(since.unchanged).toEqual([]);
  });

  it('says there is nothing to compare with on the first response', () => {
    const detail = detailFixture({ history: [] });
    expect(sinceLast(detail.scores, scaleSeries(detail), [], detail.flag.responseId)).toEqual({ hasPrevious: false, changed: [], unchanged: [] });
  });
});

describe('the one decision form', () => {
  it('sends a plan, a referral or no action as a decision', () => {
    expect(decisionSubmission({ ...EMPTY_DRAFT, action: 'refer', referralText: 'Please see' })).toEqual({ kind: 'decide', body: { action: 'refer', note: '', referralText: 'Please see' } });
    expect(decisionSubmission({ ...EMPTY_DRAFT, action: 'no_action', note: 'Talked by phone' })).toEqual({ kind: 'decide', body: { action: 'no_action', note: 'Talked by phone' } });
  });

  it('asks a plan for the plan itself: "Write the plan."', () => {
    expect(decisionProblems({ ...EMPTY_DRAFT, action: 'basic', responsible: 'Anna', nextEvaluation: '2025-04-01' })).toEqual({ note: 'needPlan' });
    expect(en('needPlan')).toBe('Write the plan.');
    expect(translator('da')('needPlan')).toBe('Skriv planen.');
  });

  it('closes without a plan only with an outcome that is not a decision, the note optional', () => {
    expect(decisionProblems({ ...EMPTY_DRAFT, action: 'close' })).toEqual({ outcome: 'needOutcome' });
    expect(decisionSubmission({ ...EMPTY_DRAFT, action: 'close' })).toBeNull();
    expect(decisionSubmission({ ...EMPTY_DRAFT, action: 'close', outcome: 'contacted_phone', note: '  Pain plan agreed ' })).toEqual({ kind: 'close', body: { outcome: 'contacted_phone', note: 'Pain plan agreed' } });
    expect(decisionSubmission({ ...EMPTY_DRAFT, action: 'close', outcome: 'seen' })).toEqual({ kind: 'close', body: { outcome: 'seen' } });
    // A referral (or a plan, or no action) is never a bare close: the referral would reach nobody.
    for (const outcome of ['referred', 'plan_basic', 'no_action'] as const) {
      expect(decisionSubmission({ ...EMPTY_DRAFT, action: 'close', outcome, note: 'x' })).toBeNull();
      expect(decisionProblems({ ...EMPTY_DRAFT, action: 'close', outcome, note: 'x' })).toEqual({ outcome: 'needOutcome' });
    }
  });
});

describe('when a response was taken', () => {
  it('reads "Taget 4. dec. kl. 15.50", the year only when it is not this year', () => {
    const at = new Date(2026, 11, 4, 15, 50).toISOString();
    const da = translator('da');
    expect(da('acknowledgedAt', formatMoment(at, 'da', new Date(2026, 11, 5)))).toBe('Taget 4. dec. kl. 15.50');
    expect(en('acknowledgedAt', formatMoment(at, 'en', new Date(2027, 0, 2)))).toBe('Taken 4 Dec 2026 at 15:50');
  });
});

import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import { evaluateFlags } from '../../server/domain/flagging.js';
import { scoreQuestionnaire } from '../../server/domain/scoring.js';
import { parseQuestionnaire } from '../../server/domain/questionnaire-schema.js';
import { minimalJson, minimalQuestionnaire } from './fixtures.js';

const questionnaire = minimalQuestionnaire();
const flag = (answers: Record<string, unknown>) => assessResponse(questionnaire, answers).flag;
const fired = (answers: Record<string, unknown>) => flag(answers).reasons.map((r) => r.rule);
const calm = { pain: 1, worry: 1, walk: 1 };
const NONE = { level: 'none', reasons: [], urgent: false, urgentReasons: [], ownWords: false, ownWordsQuestions: [] };

/** The minimal definition with a change, parsed (throws on a load problem). */
function variant(change: (json: Record<string, any>) => void) {
  const json = minimalJson();
  change(json);
  const parsed = parseQuestionnaire(json);
  if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
  return parsed;
}
const documented = { rationale: 'For tests.', source: 'Test.' };

describe('flagging rules', () => {
  it('proposes none when no rule fires', () => {
    expect(flag(calm)).toEqual(NONE);
  });

  it('fires a scaleNeed rule at the threshold with the scale as evidence', () => {
    const result = flag({ ...calm, pain: 2 }); // pain score 33.3 >= 25
    expect(result.level).toBe('basic');
    expect(result.reasons).toEqual([
      {
        rule: 'pain-need',
        level: 'basic',
        text: { da: 'Smerter.', en: 'Pain.' },
        evidence: [{ kind: 'scale', scale: 'pa', value: expect.closeTo(100 / 3, 10), comparison: 'atOrAbove', threshold: 25 }],
      },
    ]);
  });

  it('fires "includes" on a multiple-choice answer and not on another choice', () => {
    expect(fired({ ...calm, pain: 2, contact: ['gp'] })).toContain('wants-contact');
    expect(fired({ ...calm, pain: 2, contact: [] })).not.toContain('wants-contact');
  });

  it('fires "all" only when every part holds, with the evidence of each', () => {
    expect(fired({ ...calm, pain: 4, worry: 2 })).not.toContain('severe-pain-and-worry');
    const result = flag({ ...calm, pain: 4, worry: 3 });
    const reason = result.reasons.find((r) => r.rule === 'severe-pain-and-worry')!;
    expect(reason.evidence).toEqual([
      { kind: 'item', item: 'pain', value: 4, comparison: 'atLeast', expected: 4 },
      { kind: 'item', item: 'worry', value: 3, comparison: 'atLeast', expected: 3 },
    ]);
  });

  it('fires "count" when enough conditions hold', () => {
    expect(fired({ ...calm, pain: 2, worry: 2 })).not.toContain('two-areas');
    expect(fired({ ...calm, walk: 2, worry: 3 })).toContain('two-areas');
  });

  it('fires "below" on a functional scale strictly below the value', () => {
    expect(fired({ ...calm, walk: 3 })).toContain('functioning-low'); // 33.3 < 40
    expect(fired({ ...calm, walk: 2 })).not.toContain('functioning-low'); // 66.7
  });

  it('fires "atOrAbove" at the value', () => {
    expect(fired({ ...calm, pain: 4 })).toContain('pain-high'); // 100 >= 67
    // 66.67 displays as 67 but is below it: thresholds compare unrounded scores
    expect(flag({ ...calm, pain: 3 }).reasons.find((r) => r.rule === 'pain-high')).toBeUndefined();
  });

  it('fires "answered" for non-empty text only', () => {
    expect(fired({ ...calm, other: 'Itching' })).toContain('other-text');
    expect(fired({ ...calm, other: '' })).not.toContain('other-text');
  });

  it('lets the highest level win and keeps every reason, highest first', () => {
    const result = flag({ ...calm, pain: 4, worry: 4, walk: 4, contact: ['nurse'] });
    expect(result.level).toBe('specialized');
    expect(result.reasons.map((r) => r.rule)).toEqual([
      'severe-pain-and-worry', 'two-areas', 'pain-need', 'wants-contact', 'functioning-low', 'pain-high',
    ]);
  });

  it('tests a scaleNeed as isNeed does: a global scale is a need below its threshold', () => {
    const json = minimalJson();
    json.scales.push({ id: 'ql', title: { da: 'Livskvalitet', en: 'Quality of life' }, area: 'physical', kind: 'global', items: ['walk'], min: 1, max: 4, threshold: { value: 50, source: 'test' } });
    json.flagging.rules.push({ id: 'ql-need', level: 'basic', ...documented, when: { scaleNeed: 'ql' }, reason: { da: 'Livskvalitet.', en: 'Quality of life.' } });
    const parsed = parseQuestionnaire(json);
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    const qlNeed = (walk: number) => assessResponse(parsed, { ...calm, walk }).flag.reasons.find((r) => r.rule === 'ql-need');
    expect(qlNeed(1)?.evidence).toEqual([{ kind: 'scale', scale: 'ql', value: 0, comparison: 'below', threshold: 50 }]);
    expect(qlNeed(3)).toBeUndefined(); // 66.7: not below 50
  });

  it('cites a test that several rules share with the same evidence in each', () => {
    const { reasons } = flag({ ...calm, pain: 4, worry: 3 });
    const painEvidence = { kind: 'scale', scale: 'pa', value: 100, comparison: 'atOrAbove', threshold: 25 };
    expect(reasons.find((r) => r.rule === 'pain-need')!.evidence).toEqual([painEvidence]);
    expect(reasons.find((r) => r.rule === 'two-areas')!.evidence).toEqual([painEvidence, { kind: 'item', item: 'worry', value: 3, comparison: 'atLeast', expected: 3 }]);
  });

  it('never fires a rule of the file on a missing score (only the engine\'s "incomplete")', () => {
    const scores = scoreQuestionnaire(questionnaire.definition, { pain: null, worry: null, walk: null });
    expect(evaluateFlags(questionnaire.definition, scores, {}).reasons.map((r) => r.rule)).toEqual(['incomplete']);
  });
});

describe('counting problems across areas', () => {
  // Three problems: pain and walking (physical, by their scales' area), worry (psychological).
  const counted = (areasAtLeast: number, atLeast = 2) => variant((j) => j.flagging.rules.push({
    id: 'spread', level: 'specialized', ...documented, reason: { da: 'Spredt.', en: 'Spread.' },
    when: { count: [{ item: 'pain', atLeast: 3 }, { item: 'walk', atLeast: 3 }, { item: 'worry', atLeast: 3 }], atLeast, areasAtLeast },
  }));
  const spread = (q: ReturnType<typeof counted>, answers: Record<string, unknown>) => assessResponse(q, { ...calm, ...answers }).flag.reasons.find((r) => r.rule === 'spread');

  it('holds only when the conditions that hold lie in enough areas', () => {
    const q = counted(2);
    expect(spread(q, { pain: 3, walk: 3 })).toBeUndefined(); // two problems, one area
    expect(spread(q, { pain: 3, worry: 3 })?.evidence).toEqual([
      { kind: 'item', item: 'pain', value: 3, comparison: 'atLeast', expected: 3 },
      { kind: 'item', item: 'worry', value: 3, comparison: 'atLeast', expected: 3 },
    ]);
  });

  it('still needs atLeast conditions, whatever the areas', () => {
    expect(spread(counted(2, 3), { pain: 3, worry: 3 })).toBeUndefined();
    expect(spread(counted(2, 3), { pain: 3, walk: 3, worry: 3 })).toBeDefined();
  });

  it('takes an explicit area from { area, when } (an item in no scale)', () => {
    const q = variant((j) => j.flagging.rules.push({
      id: 'spread', level: 'specialized', ...documented, reason: { da: 'Spredt.', en: 'Spread.' },
      when: { count: [{ item: 'pain', atLeast: 3 }, { area: 'psychological', when: { item: 'other', answered: true } }], atLeast: 2, areasAtLeast: 2 },
    }));
    expect(spread(q, { pain: 3 })).toBeUndefined();
    expect(spread(q, { pain: 3, other: 'Sad' })).toBeDefined();
  });
});

describe('urgency rules', () => {
  const q = variant((j) => (j.flagging.urgency = [
    { id: 'pain-worst', ...documented, when: { item: 'pain', atLeast: 4 }, reason: { da: 'Værst.', en: 'Worst.' } },
    { id: 'function-very-low', ...documented, when: { scale: 'pf', below: 17 }, reason: { da: 'Meget lav.', en: 'Very low.' } },
  ]));
  const urgentOf = (answers: Record<string, unknown>) => assessResponse(q, { ...calm, ...answers }).flag;

  it('marks urgent with the reasons and evidence of every urgency rule that fired, beside the level', () => {
    const flag = urgentOf({ pain: 4, walk: 4 });
    expect(flag.urgent).toBe(true);
    expect(flag.urgentReasons).toEqual([
      { rule: 'pain-worst', text: { da: 'Værst.', en: 'Worst.' }, evidence: [{ kind: 'item', item: 'pain', value: 4, comparison: 'atLeast', expected: 4 }] },
      { rule: 'function-very-low', text: { da: 'Meget lav.', en: 'Very low.' }, evidence: [{ kind: 'scale', scale: 'pf', value: 0, comparison: 'below', threshold: 17 }] },
    ]);
    expect(flag.reasons.map((r) => r.rule)).not.toContain('pain-worst'); // urgency never sets the level
  });

  it('is not urgent when no urgency rule fires, nor on a missing score', () => {
    expect(urgentOf({ pain: 3 })).toMatchObject({ urgent: false, urgentReasons: [] });
    expect(urgentOf({ walk: null })).toMatchObject({ urgent: false, urgentReasons: [] });
  });
});

describe('the engine\'s own reasons', () => {
  const q = variant((j) => (j.flagging.urgency = [
    { id: 'worry-worst', ...documented, when: { item: 'worry', atLeast: 4 }, reason: { da: 'Værst.', en: 'Worst.' } },
  ]));

  it('proposes basic with "urgent-review" when an urgency rule fired and no rule proposes a level, citing the urgent evidence', () => {
    const flag = assessResponse(q, { ...calm, worry: 4 }).flag;
    expect(flag).toMatchObject({ level: 'basic', urgent: true });
    expect(flag.reasons).toEqual([{
      rule: 'urgent-review',
      level: 'basic',
      text: { da: "Et svar er på det værste: se 'Vurdér i dag'.", en: 'An answer is at its worst: see urgent review.' },
      evidence: [{ kind: 'item', item: 'worry', value: 4, comparison: 'atLeast', expected: 4 }],
    }]);
  });

  it('adds no "urgent-review" when another reason already proposes a level, nor when nothing is urgent', () => {
    expect(assessResponse(q, { ...calm, worry: 4, pain: 2 }).flag.reasons.map((r) => r.rule)).not.toContain('urgent-review');
    expect(assessResponse(q, { ...calm, worry: 3 }).flag).toEqual(NONE);
  });

  it('proposes basic with "incomplete" when fewer than half of the scales could be scored', () => {
    // Three scales: one scored is fewer than half, two are not.
    const flag = assessResponse(questionnaire, { pain: 1 }).flag;
    expect(flag.level).toBe('basic');
    expect(flag.reasons).toEqual([{ rule: 'incomplete', level: 'basic', text: { da: 'Mange spørgsmål er ikke besvaret: spørg hvorfor.', en: 'Many questions are unanswered: ask why.' }, evidence: [] }]);
    expect(assessResponse(questionnaire, { pain: 1, worry: 1 }).flag).toEqual(NONE);
  });

  it('refuses a rule in the file that takes an engine reason\'s id', () => {
    for (const id of ['urgent-review', 'incomplete']) {
      const json = minimalJson();
      json.flagging.rules[0].id = id;
      expect(parseQuestionnaire(json)).toMatchObject({ problems: [{ path: '$.flagging.rules[0].id', message: `"${id}" is reserved for the engine's reason of that name` }] });
    }
  });
});

describe('own words', () => {
  it('adds a basic-level reason naming each free-text answer, before the file\'s basic rules', () => {
    const result = assessResponse(questionnaire, { ...calm, pain: 2, other: 'I cannot go on' }).flag;
    expect(result).toMatchObject({ level: 'basic', ownWords: true, ownWordsQuestions: ['other'] });
    expect(result.reasons.map((r) => r.rule)).toEqual(['own-words', 'pain-need', 'other-text']);
    expect(result.reasons[0]!.evidence).toEqual([{ kind: 'item', item: 'other', value: 'I cannot go on', comparison: 'answered' }]);
  });

  it('raises the level of an otherwise calm response to basic, and never lowers a higher one', () => {
    expect(assessResponse(questionnaire, { ...calm, other: 'x' }).flag.level).toBe('basic');
    expect(assessResponse(questionnaire, { ...calm, pain: 4, worry: 4, other: 'x' }).flag.level).toBe('specialized');
  });
});

/**
 * The shipped rule sets: every flagging rule and urgency rule of both questionnaires, when it fires
 * and when it does not, and the clinical scenarios of issue 10. Changes are made to a calm patient
 * (test/fixtures/answers/*-none.json) so each case shows the answers that matter.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import { OWN_WORDS_RULE } from '../../server/domain/own-words.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { FIXTURES } from './fixtures.js';

type Answers = Record<string, unknown>;
interface Case {
  fires: Answers;
  quiet: Answers;
}

const catalog = await loadQuestionnaires();
const answers = (name: string): Answers => JSON.parse(readFileSync(path.join(FIXTURES, 'answers', `${name}.json`), 'utf8'));
const assess = (id: string, given: Answers) => assessResponse(catalog.get(id)!, given);

describe('default rules on hand-worked answers', () => {
  it.each([
    ['palliative-needs', 'palliative-none', 'none', [], []],
    ['palliative-needs', 'palliative-basic', 'basic', ['pa-need'], []],
    ['palliative-needs', 'palliative-specialized', 'specialized',
      ['severe-with-other-needs', OWN_WORDS_RULE, 'ef-need', 'pa-need', 'any-item-at-worst', 'low-quality-of-life', 'contact-wish'],
      ['symptom-at-worst', 'emotional-functioning-very-low', 'depressed-at-worst']],
    ['palliative-needs', 'palliative-cannot-cope', 'specialized', ['cannot-cope', 'contact-wish'], []],
    ['rehabilitation-needs', 'rehabilitation-none', 'none', [], []],
    ['rehabilitation-needs', 'rehabilitation-basic', 'basic', ['fa-need', 'wants-help'], []],
    ['rehabilitation-needs', 'rehabilitation-specialized', 'specialized', ['severe-with-other-needs', 'ef-need', 'rf-need', 'late-effects-items-need', 'any-item-at-worst', 'wants-help'], []],
  ])('%s: %s proposes %s by exactly the rules %j, urgent by %j', (id, fixture, level, rules, urgent) => {
    const { flag } = assess(id, answers(fixture));
    expect(flag.level).toBe(level);
    expect(flag.reasons.map((r) => r.rule)).toEqual(rules);
    expect(flag.urgentReasons.map((r) => r.rule)).toEqual(urgent);
    expect(flag.urgent).toBe(urgent.length > 0);
  });
});

const PALLIATIVE_RULES: Record<string, Case> = {
  'pf-need': { fires: { c1: 2 }, quiet: {} }, // 73.3 < 83; calm is 93.3 (the table's best)
  'ef-need': { fires: { c13: 2, c14: 2 }, quiet: { c13: 2 } }, // 66.7 < 71; 83.3
  'fa-need': { fires: { c7: 2, c11: 3 }, quiet: { c7: 2, c11: 2 } }, // 55.6 >= 39; 33.3
  'nv-need': { fires: { c9: 2 }, quiet: {} }, // 16.7 >= 8
  'pa-need': { fires: { c5: 2, c12: 2 }, quiet: { c5: 2 } }, // 33.3 >= 25; 16.7
  'dy-need': { fires: { c4: 2 }, quiet: {} }, // 33.3 >= 17
  'sl-need': { fires: { c6: 3 }, quiet: { c6: 2 } }, // 66.7 >= 50; 33.3
  'ap-need': { fires: { c8: 3 }, quiet: { c8: 2 } },
  'co-need': { fires: { c10: 3 }, quiet: { c10: 2 } },
  'fi-need': { fires: { financial_problems: 2 }, quiet: {} },
  'physical-items-need': { fires: { other_symptoms: 'Itching', other_symptoms_bother: 3 }, quiet: { other_symptoms: 'Itching', other_symptoms_bother: 2 } },
  'social-items-need': { fires: { relatives_strain: 3 }, quiet: { relatives_strain: 2, practical_problems: 2 } },
  'existential-items-need': { fires: { faith_concerns: 3 }, quiet: { faith_concerns: 2, fear_future: 2 } },
  'any-item-at-worst': { fires: { faith_concerns: 4 }, quiet: { c1: 3, c5: 3, c13: 3, faith_concerns: 3 } },
  'low-quality-of-life': { fires: { c15: 2 }, quiet: { c15: 3 } },
  'contact-wish': { fires: { contact_wish: ['gp'] }, quiet: { contact_wish: ['none'] } },
  // The second area needs a problem at "Quite a bit" or more: money "A little" crosses its threshold, but is not enough.
  'severe-with-other-needs': { fires: { c5: 4, c12: 4, relatives_worry: 3 }, quiet: { c5: 4, c12: 4, financial_problems: 2, c9: 2 } },
  // Four problems in three areas; pain on both items is one problem, so the quiet case has three.
  'many-problems-across-areas': { fires: { c5: 3, c9: 3, c13: 3, relatives_worry: 3 }, quiet: { c5: 3, c12: 3, c9: 3, c13: 3 } },
  // Five problems in one area; the quiet case has four (weak and tired are one problem).
  'many-problems-any-area': { fires: { c4: 3, c5: 3, c6: 3, c8: 3, c10: 3 }, quiet: { c4: 3, c5: 3, c7: 3, c11: 3, c10: 3 } },
  'cannot-cope': { fires: { relatives_cannot_cope: 3 }, quiet: { cannot_cope: 2, relatives_cannot_cope: 2 } },
  [OWN_WORDS_RULE]: { fires: { talk_about_other: 'Jeg vil gerne tale om min datter.' }, quiet: { talk_about_other: '  \n ' } },
};

const PALLIATIVE_URGENCY: Record<string, Case> = {
  'symptom-at-worst': { fires: { c10: 4 }, quiet: { c4: 3, c5: 3, c6: 3, c7: 3, c8: 3, c9: 3, c10: 3, c11: 3, c12: 3 } },
  'emotional-functioning-very-low': { fires: { c13: 4, c14: 3 }, quiet: { c13: 3, c14: 3 } }, // 16.7; 33.3
  'depressed-at-worst': { fires: { c14: 4 }, quiet: { c13: 3, c14: 3 } },
  'lost-meaning-at-worst': { fires: { lost_meaning: 4 }, quiet: { lost_meaning: 3 } },
  'hopeless-at-worst': { fires: { hopeless: 4 }, quiet: { hopeless: 3 } },
  'cannot-cope-at-worst': { fires: { relatives_cannot_cope: 4 }, quiet: { cannot_cope: 3, relatives_cannot_cope: 3 } },
  'write-in-symptom-very-much': { fires: { other_symptoms: 'Svimmelhed', other_symptoms_bother: 4 }, quiet: { other_symptoms: 'Svimmelhed', other_symptoms_bother: 3 } },
};

const REHABILITATION_RULES: Record<string, Case> = {
  'pf-need': { fires: { walk_long: 2, heavy_tasks: 2 }, quiet: { walk_long: 2 } }, // 77.8 < 83; 88.9
  'fa-need': { fires: { tired: 3, weak: 3 }, quiet: { tired: 3 } }, // 44.4 >= 39; 22.2
  'pa-need': { fires: { pain: 2, pain_daily: 2 }, quiet: { pain: 2 } },
  'ef-need': { fires: { tense: 2, worry: 2, irritable: 2, depressed: 2 }, quiet: { tense: 2, worry: 2, irritable: 2 } }, // 66.7 < 71; 75
  'sf-need': { fires: { family_life: 3, social_life: 2 }, quiet: { family_life: 3 } }, // 50 < 58; 66.7
  'fi-need': { fires: { financial_problems: 2 }, quiet: {} },
  'rf-need': { fires: { role_work: 3, role_leisure: 2 }, quiet: { role_work: 3 } },
  'cf-need': { fires: { concentrate: 2, remember: 2 }, quiet: { concentrate: 2 } }, // 66.7 < 75; 83.3
  'existential-items-need': { fires: { life_questions: 3 }, quiet: { life_questions: 2 } },
  'work-items-need': { fires: { work_worry: 3 }, quiet: { work_worry: 2 } },
  'sexuality-items-need': { fires: { sex_physical: 3 }, quiet: { sex_interest: null, sex_physical: null, body_intimacy: null } },
  'late-effects-items-need': { fires: { bladder: 3 }, quiet: { bladder: 2, bowel: 2 } },
  'any-item-at-worst': { fires: { worry: 4 }, quiet: { worry: 3, tired: 3, pain: 3 } },
  'low-quality-of-life': { fires: { overall_quality_of_life: 2 }, quiet: { overall_quality_of_life: 3 } },
  'wants-help': { fires: { help_work: 'yes' }, quiet: { help_work: 'unsure' } },
  'severe-with-other-needs': { fires: { numbness: 4, work_worry: 3 }, quiet: { numbness: 4, financial_problems: 2, walk_long: 2 } },
  // Four problems in three areas; the quiet case has four late effects, all in one area.
  'many-problems-across-areas': { fires: { pain: 3, tense: 3, numbness: 3, swelling: 3 }, quiet: { numbness: 3, swelling: 3, bowel: 3, bladder: 3 } },
  // Five late effects in one area; the quiet case has four (concentrating and remembering are one problem).
  'many-problems-any-area': { fires: { concentrate: 3, numbness: 3, swelling: 3, bowel: 3, bladder: 3 }, quiet: { concentrate: 3, remember: 3, numbness: 3, swelling: 3, bowel: 3 } },
};

const REHABILITATION_URGENCY: Record<string, Case> = {
  'pain-at-worst': { fires: { pain_daily: 4 }, quiet: { pain: 3, pain_daily: 3 } },
  'emotional-functioning-very-low': { fires: { tense: 4, worry: 4, irritable: 3, depressed: 3 }, quiet: { tense: 4, worry: 3, irritable: 3, depressed: 3 } }, // 16.7; 25
  'depressed-at-worst': { fires: { depressed: 4 }, quiet: { depressed: 3 } },
  'lost-meaning-at-worst': { fires: { lost_meaning: 4 }, quiet: { lost_meaning: 3 } },
};

describe.each([
  ['palliative-needs', 'palliative-none', PALLIATIVE_RULES, PALLIATIVE_URGENCY],
  ['rehabilitation-needs', 'rehabilitation-none', REHABILITATION_RULES, REHABILITATION_URGENCY],
] as const)('%s', (id, calmFixture, rules, urgency) => {
  const calm = answers(calmFixture);
  const flagOf = (change: Answers) => assess(id, { ...calm, ...change }).flag;
  const { flagging } = catalog.get(id)!.definition;

  it('has a case for every rule and every urgency rule of the file', () => {
    expect(Object.keys(rules).filter((rule) => rule !== OWN_WORDS_RULE).sort()).toEqual(flagging.rules.map((r) => r.id).sort());
    expect(Object.keys(urgency).sort()).toEqual((flagging.urgency ?? []).map((r) => r.id).sort());
  });

  it.each(Object.entries(rules))('rule %s fires on its case and not on the nearby quiet one', (rule, { fires, quiet }) => {
    expect(flagOf(fires).reasons.map((r) => r.rule)).toContain(rule);
    expect(flagOf(quiet).reasons.map((r) => r.rule)).not.toContain(rule);
  });

  it.each(Object.entries(urgency))('urgency rule %s fires on its case and not on the nearby quiet one', (rule, { fires, quiet }) => {
    const urgent = flagOf(fires);
    expect(urgent.urgent).toBe(true);
    expect(urgent.urgentReasons.map((r) => r.rule)).toEqual([rule]);
    expect(urgent.urgentReasons[0]!.evidence.length).toBeGreaterThan(0);
    expect(flagOf(quiet).urgentReasons.map((r) => r.rule)).not.toContain(rule);
  });
});

describe('palliative-needs: the scenarios of issue 10', () => {
  const calm = answers('palliative-none');
  const flagOf = (change: Answers) => assess('palliative-needs', { ...calm, ...change }).flag;
  const fired = (change: Answers) => flagOf(change).reasons.map((r) => r.rule);

  it('brings suicidal thoughts written in free text, with mild answers elsewhere, to a nurse: own words, basic', () => {
    const text = 'Jeg har tanker om at tage mit eget liv. Jeg kan ikke mere.';
    const flag = flagOf({ c5: 2, c13: 2, talk_about_other: text });
    expect(flag.level).toBe('basic');
    expect(flag.ownWords).toBe(true);
    expect(flag.ownWordsQuestions).toEqual(['talk_about_other']);
    expect(flag.reasons[0]).toEqual({
      rule: OWN_WORDS_RULE,
      level: 'basic',
      text: { da: 'Patienten har skrevet med egne ord: læs dem.', en: 'The patient wrote in their own words: read them.' },
      evidence: [{ kind: 'item', item: 'talk_about_other', value: text, comparison: 'answered' }],
    });
  });

  it('finds own words in every free-text field, and in none when they are blank', () => {
    expect(flagOf({ other_symptoms: 'Kløe', talk_about_other: 'Min hund' }).ownWordsQuestions).toEqual(['other_symptoms', 'talk_about_other']);
    expect(flagOf({ other_symptoms: ' ', talk_about_other: '' })).toMatchObject({ level: 'none', ownWords: false, ownWordsQuestions: [] });
  });

  it('marks pain "Very much" on both items as urgent, at the basic level', () => {
    const flag = flagOf({ c5: 4, c12: 4 });
    expect(flag).toMatchObject({ level: 'basic', urgent: true });
    expect(flag.urgentReasons).toEqual([{
      rule: 'symptom-at-worst',
      text: expect.objectContaining({ en: expect.stringContaining("'Very much'") }),
      evidence: [
        { kind: 'item', item: 'c5', value: 4, comparison: 'atLeast', expected: 4 },
        { kind: 'item', item: 'c12', value: 4, comparison: 'atLeast', expected: 4 },
      ],
    }]);
  });

  it('marks emotional functioning 0 as urgent, and depression at its worst too', () => {
    const flag = flagOf({ c13: 4, c14: 4 });
    expect(flag.urgentReasons).toEqual([
      { rule: 'emotional-functioning-very-low', text: expect.anything(), evidence: [{ kind: 'scale', scale: 'ef', value: 0, comparison: 'below', threshold: 17 }] },
      { rule: 'depressed-at-worst', text: expect.anything(), evidence: [{ kind: 'item', item: 'c14', value: 4, comparison: 'atLeast', expected: 4 }] },
    ]);
    expect(flag.level).toBe('basic');
  });

  it('marks "life has lost its meaning: Very much" as urgent', () => {
    expect(flagOf({ lost_meaning: 4 })).toMatchObject({ level: 'basic', urgent: true, urgentReasons: [{ rule: 'lost-meaning-at-worst' }] });
  });

  it('keeps nausea "A little", money worries "A little" and fear of the future "Quite a bit" at the basic level', () => {
    const flag = flagOf({ c9: 2, financial_problems: 2, fear_future: 3 });
    expect(flag.level).toBe('basic');
    expect(flag.reasons.map((r) => r.rule)).toEqual(['nv-need', 'fi-need', 'existential-items-need']);
    expect(flag.urgent).toBe(false);
  });

  it('proposes specialized for eight physical problems at "Quite a bit" (one area: many-problems-any-area), and counts a second area as before', () => {
    // Second edition, item 6: these were basic before (the four-problem rule needs two areas).
    const physical = { c1: 3, c4: 3, c5: 3, c6: 3, c7: 3, c8: 3, c9: 3, c10: 3 }; // physical functioning, dyspnoea, pain, sleep, fatigue, appetite, nausea, constipation
    const flag = flagOf(physical);
    expect(flag).toMatchObject({ level: 'specialized', urgent: false });
    expect(flag.reasons[0]!.rule).toBe('many-problems-any-area');
    expect(flag.reasons[0]!.evidence).toHaveLength(8);
    expect(fired(physical)).not.toContain('many-problems-across-areas');
    const withWorry = flagOf({ ...physical, relatives_worry: 3 });
    expect(withWorry.reasons.map((r) => r.rule).slice(0, 2)).toEqual(['many-problems-across-areas', 'many-problems-any-area']);
    expect(withWorry.reasons[0]!.evidence).toContainEqual({ kind: 'item', item: 'relatives_worry', value: 3, comparison: 'atLeast', expected: 3 });
  });

  it('counts a written-in symptom as a physical problem', () => {
    const change = { other_symptoms: 'Kløe', other_symptoms_bother: 3, c9: 3, c5: 3 };
    expect(fired(change)).not.toContain('many-problems-across-areas'); // three problems, one area
    expect(fired({ ...change, c14: 3 })).toContain('many-problems-across-areas');
  });

  it('proposes basic for overall quality of life 1 with nothing else, and asks why', () => {
    const flag = flagOf({ c15: 1 });
    expect(flag.level).toBe('basic');
    expect(flag.reasons.map((r) => r.rule)).toEqual(['low-quality-of-life']);
    expect(flag.reasons[0]!.text.en).toContain('ask why');
    expect(flag.reasons[0]!.text.en).toContain("Lindring's own rule");
  });

  it('keeps one very severe symptom alone at the basic level, and goes specialized with a problem at "Quite a bit" in another area', () => {
    expect(fired({ c5: 4, c12: 4 })).toEqual(['pa-need', 'any-item-at-worst']);
    expect(fired({ c5: 4, c12: 4, relatives_worry: 3 })).toContain('severe-with-other-needs');
  });

  it('scores only what was answered: a patient who skips questions still gets a proposal, never a need from a blank', () => {
    const flag = flagOf({ c5: null, c12: null, c13: 4, c14: null });
    // EF is table-scored: one item missing is missing, never a need; the answer at its worst is a reason of its own.
    expect(flag.reasons.map((r) => r.rule)).toEqual(['any-item-at-worst']);
    expect(assess('palliative-needs', { c5: 3 }).scores.find((s) => s.scale === 'pa')!.score).toBeCloseTo(200 / 3); // half rule
  });
});

describe('clinical rules, second edition: the cases of the issue', () => {
  const palliative = (change: Answers) => assess('palliative-needs', { ...answers('palliative-none'), ...change }).flag;
  const rehabilitation = (change: Answers) => assess('rehabilitation-needs', { ...answers('rehabilitation-none'), ...change }).flag;
  const rules = (flag: { reasons: { rule: string }[] }) => flag.reasons.map((r) => r.rule);
  const urgentRules = (flag: { urgentReasons: { rule: string }[] }) => flag.urgentReasons.map((r) => r.rule);

  it('rehabilitation: "Very much" depressed with everything else "Not at all" (and no help wanted) is basic and urgent', () => {
    const flag = rehabilitation({ depressed: 4, help_psychological: 'no' });
    expect(flag).toMatchObject({ level: 'basic', urgent: true });
    expect(rules(flag)).toEqual(['any-item-at-worst']); // emotional functioning 75 is not past 71
    expect(urgentRules(flag)).toEqual(['depressed-at-worst']);
    expect(flag.reasons[0]!.text).toEqual({ da: "Et problem er besvaret med 'Meget'.", en: "A problem is answered 'Very much'." });
  });

  it.each([['worry'], ['tired']])('rehabilitation: "Very much" %s with everything else "Not at all" is basic, not urgent', (item) => {
    const flag = rehabilitation({ [item]: 4, help_psychological: 'no', help_physical: 'no' });
    expect(flag).toMatchObject({ level: 'basic', urgent: false });
    expect(rules(flag)).toEqual(['any-item-at-worst']);
  });

  it('palliative: a bedbound patient who stopped after five answers is not "none" while urgent', () => {
    // Before: physical functioning and fatigue have no score (table scales, an item missing), nothing else is a need, so "none" with "review today".
    const flag = assess('palliative-needs', { c2: 4, c4: 1, c5: 1, c6: 1, c7: 4 }).flag;
    expect(flag).toMatchObject({ level: 'basic', urgent: true });
    expect(rules(flag)).toEqual(['incomplete', 'any-item-at-worst']);
    expect(urgentRules(flag)).toEqual(['symptom-at-worst']);
  });

  it('palliative: pain "Very much" with money "A little" is basic, not specialized', () => {
    const flag = palliative({ c5: 4, financial_problems: 2 });
    expect(flag.level).toBe('basic');
    expect(rules(flag)).toEqual(['pa-need', 'fi-need', 'any-item-at-worst']);
    expect(palliative({ c5: 4, financial_problems: 3 }).reasons[0]).toMatchObject({
      rule: 'severe-with-other-needs',
      text: { en: "A problem is answered 'Very much' and another problem, in another problem area, is answered 'Quite a bit' or more (complex needs)." },
      evidence: [{ kind: 'item', item: 'c5', value: 4 }, { kind: 'item', item: 'financial_problems', value: 3 }],
    });
  });

  it('palliative: eight physical problems at "Quite a bit" are specialized', () => {
    expect(palliative({ c1: 3, c4: 3, c5: 3, c6: 3, c7: 3, c8: 3, c9: 3, c10: 3 }).level).toBe('specialized');
  });

  it('palliative: hopelessness is asked; "Quite a bit" is an existential problem, "Very much" is urgent', () => {
    expect(rules(palliative({ hopeless: 3 }))).toEqual(['existential-items-need']);
    expect(palliative({ hopeless: 3 }).urgent).toBe(false);
    expect(urgentRules(palliative({ hopeless: 4 }))).toEqual(['hopeless-at-worst']);
    // Counted in the existential area: four problems in three areas.
    expect(rules(palliative({ c5: 3, c9: 3, c13: 3, hopeless: 3 }))).toContain('many-problems-across-areas');
  });

  it("palliative: the patient's own coping and their relatives' are asked apart, and either one is specialized, and urgent at its worst", () => {
    for (const item of ['cannot_cope', 'relatives_cannot_cope']) {
      expect(palliative({ [item]: 3 })).toMatchObject({ level: 'specialized', urgent: false, reasons: [{ rule: 'cannot-cope' }] });
      expect(urgentRules(palliative({ [item]: 4 }))).toEqual(['cannot-cope-at-worst']);
    }
  });

  it('rehabilitation: work or money at "Very much" does not by itself make the level specialized, and both still count in four-across-two', () => {
    for (const item of ['work_worry', 'role_work', 'financial_problems']) {
      const flag = rehabilitation({ [item]: 4, tense: 3, worry: 3 });
      expect(flag.level, item).toBe('basic');
      expect(rules(flag), item).toContain('any-item-at-worst');
    }
    expect(rehabilitation({ work_worry: 3, financial_problems: 3, pain: 3, tense: 3 }).reasons[0]!.rule).toBe('many-problems-across-areas');
  });

  it.each([['palliative-needs'], ['rehabilitation-needs']])('%s: who is filling in is neither a problem nor own words', (id) => {
    for (const respondent of ['self', 'assisted', 'relative']) {
      expect(assess(id, { ...answers(id === 'palliative-needs' ? 'palliative-none' : 'rehabilitation-none'), respondent }).flag).toMatchObject({ level: 'none', reasons: [], ownWords: false });
    }
  });

  it('rehabilitation: "anything else" in the patient\'s own words is read', () => {
    expect(rehabilitation({ anything_else: 'Jeg sover dårligt.' })).toMatchObject({ level: 'basic', ownWords: true, ownWordsQuestions: ['anything_else'] });
  });
});

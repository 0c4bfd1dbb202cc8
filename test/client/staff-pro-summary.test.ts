import { describe, expect, it } from 'vitest';
import { translator } from '../../client/staff/i18n.js';
import { agenda, answerText, describeEvidence, isFreeText, reasonViews, referralText, responseCount, scaleSeries, withoutNurseInstruction, worseTexts } from '../../client/staff/logic/pro-summary.js';
import { planView } from '../../client/staff/logic/plan.js';
import { detailFixture, SELF_ANSWERED, URGENT_PAIN } from './staff-fixtures.js';

const en = translator('en');
const da = translator('da');

describe('the patient agenda and own words', () => {
  it('puts what matters most first, then the agenda text, then other free text', () => {
    const detail = detailFixture();
    const view = agenda(detail.answers, 'en');
    expect(view.topics).toEqual(['Pain', 'Worries']);
    expect(view.ownWords.map((w) => w.text)).toEqual(['I cannot sleep because of the pain.', 'Dry mouth']);
    expect(agenda(detail.answers, 'da').topics).toEqual(['Smerter', 'Bekymringer']);
  });

  it('keeps a choice text that contains a comma as one topic', () => {
    const answers = [{ question: 'talk_about', title: 'x', value: ['worries'], text: [{ default: 'Worries, fear or low mood', da: 'Bekymringer, angst eller tristhed' }] }];
    expect(agenda(answers, 'en').topics).toEqual(['Worries, fear or low mood']);
  });

  it('tells free text from a chosen choice', () => {
    expect(isFreeText({ question: 'x', title: 'x', value: 'hello' })).toBe(true);
    expect(isFreeText({ question: 'x', title: 'x', value: 'home', text: { default: 'At home', da: 'Hjemme' } })).toBe(false);
    expect(isFreeText({ question: 'x', title: 'x', value: 3 })).toBe(false);
    expect(isFreeText({ question: 'x', title: 'x', value: '  ' })).toBe(false);
  });

  it('never shows a chosen plain-string choice as the patient\'s own words', () => {
    // Plain-string choices: the server sends the choice itself as its text.
    const plain = { question: 'where', title: 'Where are you?', value: 'At home', text: 'At home' };
    expect(isFreeText(plain)).toBe(false);
    // A choice whose value is its English text.
    expect(isFreeText({ question: 'where', title: 'x', value: 'Hospital', text: { default: 'Hospital', da: 'Hospital' } })).toBe(false);
    expect(agenda([plain, { question: 'talk_about', title: 'x', value: 'Pain', text: 'Pain' }], 'en')).toEqual({ topics: ['Pain'], ownWords: [] });
  });

  it('writes an answer as its choice text, or its value', () => {
    expect(answerText({ value: 4, text: { default: 'Very much', da: 'Meget' } }, 'da')).toBe('Meget');
    expect(answerText({ value: ['a', 'b'] }, 'en')).toBe('a, b');
    expect(answerText({ value: null }, 'en')).toBe('');
  });
});

describe('reasons with what caused them', () => {
  it('names the question and the answer for an item, the scale, score and threshold for a scale', () => {
    const detail = detailFixture();
    const [item, scale] = detail.reasons[0]!.evidence;
    expect(describeEvidence(item!, detail.answers, detail.scores, 'en', en)).toBe('“Have you been in pain?”: Very much');
    expect(describeEvidence(scale!, detail.answers, detail.scores, 'en', en)).toBe('Emotional functioning: 17 (below the threshold 71)');
    expect(describeEvidence(detail.reasons[1]!.evidence[0]!, detail.answers, detail.scores, 'da', da)).toBe('Smerter: 83 (på eller over grænsen 25)');
  });

  it('names the one ticked choice that made an "includes" rule fire, and lists each line once', () => {
    const answers = [{ question: 'contact_wish', title: { default: 'Contact?' }, value: ['nurse', 'gp'], text: [{ default: 'Yes, a nurse' }, { default: 'Yes, my GP' }] }];
    const reason = {
      rule: 'contact', level: 'basic' as const, text: { da: 'x', en: 'x' },
      evidence: [
        { kind: 'item' as const, item: 'contact_wish', value: ['nurse', 'gp'], comparison: 'includes' as const, expected: 'gp' },
        { kind: 'item' as const, item: 'contact_wish', value: ['nurse', 'gp'], comparison: 'includes' as const, expected: 'gp' },
      ],
    };
    expect(reasonViews([reason], answers, [], 'en', en)[0]!.because).toEqual(['“Contact?”: Yes, my GP']);
  });

  it('falls back to the item name and value when the answer is not listed', () => {
    expect(describeEvidence({ kind: 'item', item: 'zz', value: 3, comparison: 'atLeast' }, [], [], 'en', en)).toBe('“zz”: 3');
  });

  it('keeps every reason with its level and text', () => {
    const detail = detailFixture();
    const views = reasonViews(detail.reasons, detail.answers, detail.scores, 'en', en);
    expect(views.map((v) => [v.reason.level, v.because.length])).toEqual([['specialized', 2], ['basic', 1], ['basic', 1]]);
  });
});

describe('the referral text', () => {
  it('is pre-filled from the PRO summary: patient, questionnaire, proposed level, reasons, needs, agenda and own words', () => {
    const text = referralText(detailFixture(), 'en', en);
    expect(text).toContain('Referral: Palliative team (specialized palliative care)');
    expect(text).toContain('Patient: Karen Jensen (DEMO-0001)');
    expect(text).toContain('Palliative needs 1.0.0');
    expect(text).toContain('trigger: Marked deterioration');
    expect(text).toContain("Proposed level (Lindring's decision support): Specialized");
    expect(text).toContain('- A severe problem and needs in other areas.');
    expect(text).toContain('- Pain: 83 (threshold 25)');
    expect(text).toContain('- Emotional functioning: 17 (threshold 71)');
    expect(text).not.toContain('Physical functioning');
    expect(text).toContain('What matters most to the patient: Pain, Worries');
    expect(text).toContain('- "I cannot sleep because of the pain."');
  });

  it('is written in Danish for a Danish user', () => {
    expect(referralText(detailFixture(), 'da', da)).toContain('Henvisning: Palliativt team (specialiseret palliativ indsats)');
  });

  it('names the service the referral goes to, not always the palliative team (issue 23)', () => {
    const rehab = detailFixture({ referralService: { da: 'Hospitalets rehabilitering', en: 'Hospital rehabilitation' } });
    expect(referralText(rehab, 'da', da).split('\n')[0]).toBe('Henvisning: Hospitalets rehabilitering');
    expect(referralText(rehab, 'da', da)).not.toContain('palliativ');
  });

  it('carries the urgency and its reasons to the team, without the nurse\'s "review today"', () => {
    const urgent = detailFixture({ flag: { ...detailFixture().flag, urgentReasons: [{ ...URGENT_PAIN, text: { da: "Et symptom er besvaret med 'Meget', det værste svar: vurdér i dag.", en: "A symptom is answered 'Very much', the worst answer: review today." } }] } });
    const lines = referralText(urgent, 'da', da).split('\n');
    expect(lines.slice(0, 4)).toEqual(['Henvisning: Palliativt team (specialiseret palliativ indsats)', '', 'Haster: se i dag', "- Et symptom er besvaret med 'Meget', det værste svar."]);
    expect(referralText(detailFixture({ flag: { ...detailFixture().flag, urgent: false, urgentReasons: [] } }), 'da', da)).not.toContain('Haster');
  });

  it('states exactly the contact she ticked and her preferred place of care, not the rule listing every choice', () => {
    const detail = detailFixture();
    detail.answers = detail.answers.map((a) => (a.question === 'preferred_place' ? { ...a, value: 'home', text: { default: 'At home', da: 'Hjemme' } } : a));
    const text = referralText(detail, 'da', da);
    expect(text).toContain('Ønsker at blive kontaktet: Ja, en sygeplejerske');
    expect(text).toContain('Foretrukket sted for pleje: Hjemme');
    // The contact-wish rule's own text ("Ønsker kontakt.") is not repeated as a reason.
    expect(text).not.toContain('Ønsker kontakt.');
    expect(referralText(detailFixture({ contact: undefined }), 'da', da)).not.toContain('kontaktet');
  });

  it('leaves out instructions meant for the nurse', () => {
    const detail = detailFixture({
      reasons: [
        { rule: 'own-words', level: 'basic', text: { da: 'Patienten har skrevet med egne ord: læs dem.', en: 'The patient wrote in their own words: read them.' }, evidence: [] },
        { rule: 'low-quality-of-life', level: 'basic', text: { da: 'Patienten vurderer sin samlede livskvalitet til 1 eller 2 ud af 7: spørg hvorfor (Lindrings egen regel; der findes ingen offentliggjort grænse).', en: "The patient rates their overall quality of life 1 or 2 of 7: ask why (Lindring's own rule; there is no published threshold)." }, evidence: [] },
      ],
    });
    const da_ = referralText(detail, 'da', da);
    expect(da_).toContain('- Patienten vurderer sin samlede livskvalitet til 1 eller 2 ud af 7.');
    expect(da_).not.toMatch(/læs dem|spørg hvorfor|Lindrings egen regel/);
    expect(referralText(detail, 'en', en)).not.toMatch(/read them|ask why/);
  });
});

describe('a reason without the nurse\'s instruction', () => {
  it.each([
    ['Følelsesmæssig funktion er meget lav (17 eller derunder ud af 100): patienten er meget anspændt og nedtrykt. Vurdér i dag.', 'Følelsesmæssig funktion er meget lav (17 eller derunder ud af 100): patienten er meget anspændt og nedtrykt.'],
    ['Et symptom, patienten selv har skrevet, generer i høj grad: læs det og vurdér i dag.', 'Et symptom, patienten selv har skrevet, generer i høj grad.'],
    ['Mange spørgsmål er ikke besvaret: spørg hvorfor.', 'Mange spørgsmål er ikke besvaret.'],
    ['Andre symptomer (se patientens egne ord) generer patienten en del eller meget.', 'Andre symptomer (se patientens egne ord) generer patienten en del eller meget.'],
    ['Fysisk funktion er nedsat: patienten har svært ved at gå.', 'Fysisk funktion er nedsat: patienten har svært ved at gå.'],
  ])('%s', (text, expected) => {
    expect(withoutNurseInstruction(text)).toBe(expected);
  });
});

describe('scores over time', () => {
  it('lists each scale oldest first and adds the current response when the history lacks it', () => {
    const series = scaleSeries(detailFixture());
    expect(series.get('pa')!.map((p) => p.score)).toEqual([16.67, 50, 83.33333]);
    expect(series.get('ql')!.map((p) => p.score)).toEqual([66.7, null, null]);
    expect(responseCount(series)).toBe(3);
  });

  it('does not count the current response twice when the history includes it', () => {
    const detail = detailFixture();
    detail.history.push({ ...SELF_ANSWERED, responseId: '30', submittedAt: detail.flag.submittedAt, scores: [{ scale: 'pa', score: 83.33333 }] });
    expect(scaleSeries(detail).get('pa')).toHaveLength(3);
  });
});

describe('the individual plan', () => {
  it('has purpose, responsible, what happens and next evaluation for a basic-level plan', () => {
    const detail = detailFixture({ decision: { action: 'basic', note: 'Home nurse visits Monday; pain medicine reviewed by the GP.', responsible: 'Home nurse Anna', nextEvaluation: '2025-03-24', decidedBy: { id: 'u1', username: 'nurse' }, decidedAt: '2025-03-11T10:00:00Z' } });
    const plan = planView(detail, 'en', en);
    expect(plan.kind).toBe('basic');
    expect(plan.purpose).toContain('10 Mar 2025');
    expect(plan.told).toEqual(['Pain', 'Emotional functioning', 'Worries']);
    expect(plan.responsible).toBe('Home nurse Anna');
    expect(plan.what).toBe('Home nurse visits Monday; pain medicine reviewed by the GP.');
    expect(plan.nextEvaluation).toBe('24 Mar 2025');
  });

  it("names a staff user responsible by full name and title as now, else the free text as written (issue 23)", () => {
    const decision = { action: 'basic' as const, note: 'Visit', responsible: 'Anne Hansen', nextEvaluation: '2025-03-24', decidedBy: { id: 'u1', username: 'nurse' }, decidedAt: '2025-03-11T10:00:00Z' };
    const user = { id: 'u2', username: 'ahan', fullName: 'Anne Holm', title: 'sygeplejerske' };
    expect(planView(detailFixture({ decision: { ...decision, responsibleUser: user } }), 'en', en).responsible).toBe('Anne Holm, sygeplejerske');
    expect(planView(detailFixture({ decision: { ...decision, responsibleUser: { ...user, fullName: null } } }), 'en', en).responsible).toBe('ahan');
    expect(planView(detailFixture({ decision: { ...decision, responsibleUser: null } }), 'en', en).responsible).toBe('Anne Hansen');
  });

  it('says so when there is no decision yet, and when the patient was referred', () => {
    expect(planView(detailFixture(), 'en', en)).toMatchObject({ kind: 'undecided', responsible: 'not set' });
    const referred = planView(detailFixture({ decision: { action: 'refer', note: '', responsible: null, nextEvaluation: null, decidedBy: { id: 'u1', username: 'nurse' }, decidedAt: '2025-03-11T10:00:00Z' } }), 'en', en);
    expect(referred.what).toBe('You have been referred to the palliative team. They will contact you.');
  });
});

describe('urgent review and worse since last time', () => {
  const en = translator('en');
  const da = translator('da');

  it('describes urgent reasons with their evidence, like reasons', () => {
    const detail = detailFixture();
    const [view] = reasonViews(detail.flag.urgentReasons, detail.answers, detail.scores, 'en', en);
    expect(view!.reason).toBe(URGENT_PAIN);
    expect(view!.because).toEqual(['“Have you been in pain?”: Very much']);
  });

  it('writes each worse scale as "title from → to" with whole scores, in both languages', () => {
    const { flag } = detailFixture();
    expect(worseTexts(flag.worseSinceLast, 'en', en)).toEqual(['Pain 50 → 83', 'Emotional functioning 50 → 17']);
    expect(worseTexts(flag.worseSinceLast, 'da', da)).toEqual(['Smerter 50 → 83', 'Følelsesmæssig funktion 50 → 17']);
    expect(worseTexts([], 'en', en)).toEqual([]);
  });
});

/** The FHIR R4 mapping (domain/fhir.ts): every resource conforms to the R4 StructureDefinitions, whatever the answers and the answer mode. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessResponse } from '../../server/domain/assessment.js';
import {
  collectionBundle, FHIR_EXTENSIONS, FHIR_SYSTEMS, fhirId, questionnaireIdOf, searchsetBundle, toFhirDetectedIssue, toFhirObservations, toFhirQuestionnaire,
  toFhirQuestionnaireResponse, type AnswerMode, type FhirOptions, type FhirResource, type FhirResponseInput,
} from '../../server/domain/fhir.js';
import { indexSurvey, type QuestionInfo } from '../../server/domain/survey-index.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import { fhirProblems } from '../fhir-validator.js';
import { minimalQuestionnaire } from './fixtures.js';

const catalog = await loadQuestionnaires();
const palliative = catalog.get('palliative-needs')!;
const OPTIONS: FhirOptions = { base: 'https://pro.example.org/api/fhir', patientSystem: 'urn:oid:1.2.208.176.1.2' };
const RESPONSE_ID = '0193b6f2-8c1e-7d3a-9f00-0123456789ab';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- FHIR JSON the tests reach into
type Json = any;

function input(answers: Record<string, unknown>, extra: Partial<FhirResponseInput> = {}): FhirResponseInput {
  return {
    id: RESPONSE_ID, questionnaireId: 'palliative-needs', questionnaireVersion: palliative.definition.version, patientExternalId: '010203-1234',
    submittedAt: '2026-03-02T09:00:00.000Z', locale: 'da', answers, ...extra,
  };
}

/** Every resource a response gives, from the real scoring and flagging of its answers. */
function resourcesOf(answers: Record<string, unknown>, extra: Partial<FhirResponseInput> = {}): FhirResource[] {
  const { scores, flag } = assessResponse(palliative, answers);
  const i = input(answers, extra);
  const response = toFhirQuestionnaireResponse(i, palliative, OPTIONS);
  const observations = toFhirObservations(i, palliative.definition, scores, OPTIONS);
  const issue = toFhirDetectedIssue(i, { id: 'f0193b6f-0000-7000-8000-000000000001', createdAt: i.submittedAt, ...flag }, OPTIONS);
  return [response, ...observations, issue, collectionBundle([response, ...observations, issue], new Date('2026-03-02T10:00:00Z'), OPTIONS)];
}

const SPECIALIZED = { c5: 4, c12: 4, c13: 3, c14: 4, c7: 3, c11: 4, cannot_cope: 3, c15: 2, talk_about: ['pain'], contact_wish: ['nurse'], talk_about_other: 'Nætterne er svære.' };

describe('the validator', () => {
  it('finds what breaks R4: a missing required element, a wrong type, a code outside its value set, a bad id, in bundle entries too', () => {
    expect(fhirProblems({ resourceType: 'Observation', status: 'final' })).toEqual([expect.stringContaining('Missing required property')]);
    expect(fhirProblems({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: '1' } })).not.toEqual([]);
    expect(fhirProblems({ resourceType: 'Observation', status: 'done', code: { text: 'x' } })).toEqual([expect.stringContaining('Observation.status')]);
    expect(fhirProblems({ resourceType: 'Questionnaire', id: 'a_b', status: 'active' })).toEqual([expect.stringContaining('not a FHIR id')]);
    expect(fhirProblems({ resourceType: 'Questionnaire', status: 'active', item: [{ linkId: 'g', type: 'group', item: [{ linkId: 'q', type: 'choise' }] }] })).toEqual([expect.stringContaining('Questionnaire.item.type')]);
    expect(fhirProblems({ resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:x', resource: { resourceType: 'DetectedIssue', status: 'final', severity: 'very' } }] })).not.toEqual([]);
  });
});

describe('Questionnaire', () => {
  const q: Json = toFhirQuestionnaire(palliative, 'active', OPTIONS);

  it('conforms to R4 for every shipped questionnaire and the test ones', () => {
    for (const questionnaire of catalog.values()) expect(fhirProblems(toFhirQuestionnaire(questionnaire, 'active', OPTIONS))).toEqual([]);
    expect(fhirProblems(toFhirQuestionnaire(minimalQuestionnaire(), 'retired', OPTIONS))).toEqual([]);
  });

  it('has an item for every question, its linkId the question name, in pages as groups', () => {
    const linkIds: string[] = [];
    const walk = (items: Json[]) => items.forEach((item) => (item.type === 'group' ? walk(item.item) : linkIds.push(item.linkId)));
    walk(q.item);
    expect(linkIds).toEqual([...palliative.questions.keys()]);
    expect(q.item.map((i: Json) => i.type)).toEqual(palliative.definition.survey.pages && (palliative.definition.survey.pages as unknown[]).map(() => 'group'));
  });

  it('gives each answer option its code and the scoring value as itemWeight, with Danish translations', () => {
    const c5 = q.item.flatMap((g: Json) => g.item).find((i: Json) => i.linkId === 'c5');
    expect(c5.type).toBe('choice');
    expect(c5.answerOption.map((o: Json) => o.valueCoding.code)).toEqual(['1', '2', '3', '4']);
    expect(c5.answerOption.map((o: Json) => o.extension)).toEqual([1, 2, 3, 4].map((v) => [{ url: FHIR_EXTENSIONS.itemWeight, valueDecimal: v }]));
    expect(c5.answerOption[3].valueCoding.display).toBe('Very much');
    expect(c5._text.extension[0]).toEqual({ url: FHIR_EXTENSIONS.translation, extension: [{ url: 'lang', valueCode: 'da' }, { url: 'content', valueString: expect.any(String) }] });
    expect(c5.answerOption[3].valueCoding._display.extension[0].extension[1].valueString).toBe('Meget');
    expect(q).toMatchObject({ url: `${OPTIONS.base}/Questionnaire/palliative-needs`, version: palliative.definition.version, status: 'active', title: palliative.definition.title.en });
  });

  it('lists codes without a weight for choices that are not scores, and repeats for several answers', () => {
    const talk = q.item.flatMap((g: Json) => g.item).find((i: Json) => i.linkId === 'contact_wish');
    expect(talk.repeats).toBe(true);
    expect(talk.answerOption.at(-1).valueCoding.code).toBe('none');
    expect(talk.answerOption.every((o: Json) => o.extension === undefined)).toBe(true);
  });
});

describe('question types beyond the shipped questionnaires', () => {
  const survey = {
    pages: [
      {
        name: 'pain', // the same name as a question: the group's linkId must differ
        title: { default: 'Pain', da: 'Smerter' },
        elements: [
          { type: 'html', name: 'intro', html: { default: '<p>Hi</p>', da: '<p>Hej</p>' } },
          { type: 'rating', name: 'pain', title: { default: 'Pain 0-10', da: 'Smerter 0-10' }, rateMin: 0, rateMax: 10 },
          {
            type: 'panel', name: 'more', title: { default: 'More', da: 'Mere' },
            elements: [
              { type: 'boolean', name: 'alone', title: { default: 'Alone?', da: 'Alene?' } },
              { type: 'text', name: 'weight', inputType: 'number', title: { default: 'Weight', da: 'Vægt' } },
              { type: 'text', name: 'since', inputType: 'date', title: { default: 'Since', da: 'Siden' } },
              {
                type: 'dropdown', name: 'place', showOtherItem: true, title: { default: 'Where?', da: 'Hvor?' },
                choices: [{ value: 'home', text: { default: 'Home', da: 'Hjemme' } }, { value: 'hospice', text: { default: 'Hospice', da: 'Hospice' } }],
              },
            ],
          },
        ],
      },
    ],
  };
  const definition = { ...minimalQuestionnaire().definition, survey };
  const { questions, pages } = indexSurvey(survey);
  const questionnaire = { definition, questions, pages };
  const answers = { pain: 7, alone: false, weight: 61.5, since: '2026-01-10', place: 'other', 'place-Comment': 'Hos min datter' };

  it('maps rating, yes/no, number, date and a choice with "other" text to conforming items and answers', () => {
    const q: Json = toFhirQuestionnaire(questionnaire, 'active', OPTIONS);
    const r: Json = toFhirQuestionnaireResponse(input(answers, { questionnaireId: 'minimal', questionnaireVersion: definition.version }), questionnaire, OPTIONS);
    expect([...fhirProblems(q), ...fhirProblems(r)]).toEqual([]);
    expect(q.item).toHaveLength(1);
    expect(q.item[0].linkId).toBe('pain-group');
    const [pain, more] = q.item[0].item;
    expect(pain).toMatchObject({ linkId: 'pain', type: 'choice' });
    expect(pain.answerOption.map((o: Json) => o.extension[0].valueDecimal)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(more.item.map((i: Json) => [i.linkId, i.type])).toEqual([['alone', 'boolean'], ['weight', 'decimal'], ['since', 'date'], ['place', 'open-choice']]);
    const items = r.item[0].item;
    expect(items[0]).toMatchObject({ linkId: 'pain', answer: [{ valueCoding: { code: '7' } }] });
    expect(items[1].item.map((i: Json) => i.answer)).toEqual([
      [{ valueBoolean: false }], [{ valueDecimal: 61.5 }], [{ valueDate: '2026-01-10' }],
      [{ valueCoding: { code: 'other', display: 'Other' } }, { valueString: 'Hos min datter' }],
    ]);
  });
});

describe('QuestionnaireResponse', () => {
  it('points to the exact questionnaire version and the patient by external id, with every answer coded', () => {
    const r: Json = toFhirQuestionnaireResponse(input(SPECIALIZED), palliative, OPTIONS);
    expect(fhirProblems(r)).toEqual([]);
    expect(r).toMatchObject({
      status: 'completed', questionnaire: `${OPTIONS.base}/Questionnaire/palliative-needs|${palliative.definition.version}`,
      subject: { type: 'Patient', identifier: { system: OPTIONS.patientSystem, value: '010203-1234' } }, authored: '2026-03-02T09:00:00.000Z', language: 'da',
    });
    const answered = r.item.flatMap((g: Json) => g.item);
    expect(answered.map((i: Json) => i.linkId).sort()).toEqual(Object.keys(SPECIALIZED).sort());
    expect(answered.find((i: Json) => i.linkId === 'c5').answer).toEqual([{ valueCoding: { code: '4', display: 'Very much' } }]);
    expect(answered.find((i: Json) => i.linkId === 'talk_about_other').answer).toEqual([{ valueString: 'Nætterne er svære.' }]);
  });

  const modes: [AnswerMode | undefined, Partial<FhirResponseInput>, Json][] = [
    [undefined, {}, { source: { type: 'Patient' }, author: { type: 'Patient' } }],
    ['self', {}, { source: { type: 'Patient' }, author: { type: 'Patient' } }],
    ['proxy', { relationship: 'datter' }, { source: { type: 'RelatedPerson', display: 'Relative (datter)' }, author: { type: 'RelatedPerson' } }],
    ['assisted', { recordedBy: 'nurse-anna' }, { source: { type: 'Patient' }, author: { type: 'Practitioner', display: 'nurse-anna' } }],
    ['paper', { recordedBy: 'nurse-anna', answeredOn: '2026-02-27' }, { source: { type: 'Patient' }, author: { type: 'Practitioner', display: 'nurse-anna' }, authored: '2026-02-27' }],
  ];
  it.each(modes)('takes source and author from the answer mode %s', (mode, extra, expected) => {
    const r = toFhirQuestionnaireResponse(input(SPECIALIZED, { ...(mode ? { mode } : {}), ...extra }), palliative, OPTIONS);
    expect(fhirProblems(r)).toEqual([]);
    expect(r).toMatchObject(expected);
  });
});

describe('Observations', () => {
  it('carries each score unrounded without a unit, need or no need, and a dataAbsentReason for a missing scale', () => {
    const answers = { ...SPECIALIZED, c15: null };
    const { scores } = assessResponse(palliative, answers);
    const observations: Json[] = toFhirObservations(input(answers), palliative.definition, scores, OPTIONS);
    expect(observations.flatMap(fhirProblems)).toEqual([]);
    expect(observations.map((o) => o.code.coding[0].code)).toEqual(palliative.definition.scales.map((s) => s.id));
    for (const o of observations) {
      const score = scores.find((s) => s.scale === o.code.coding[0].code)!.score;
      if (score === null) expect(o).toMatchObject({ dataAbsentReason: { coding: [{ system: FHIR_SYSTEMS.dataAbsentReason }] } });
      else expect(o.valueQuantity).toEqual({ value: score });
      expect(o.derivedFrom).toEqual([{ reference: `QuestionnaireResponse/${RESPONSE_ID}` }]);
      expect(o.category[0].coding[0]).toMatchObject({ system: FHIR_SYSTEMS.observationCategory, code: 'survey' });
    }
    const pain = observations.find((o) => o.code.coding[0].code === 'pa');
    expect(pain.interpretation[0].coding[0]).toMatchObject({ system: FHIR_SYSTEMS.need, code: 'need' });
    const ql = observations.find((o) => o.code.coding[0].code === 'ql');
    expect(ql.valueQuantity).toBeUndefined();
    expect(ql.dataAbsentReason).toBeDefined();
    // A score that is no whole number stays as computed (EF from the C15-PAL table: 100/12 x 10).
    expect(observations.find((o) => o.code.coding[0].code === 'ef').valueQuantity.value).toBe(scores.find((s) => s.scale === 'ef')!.score);
  });
});

describe('DetectedIssue', () => {
  it('codes the proposed level and gives every reason in both languages with its evidence', () => {
    const { flag } = assessResponse(palliative, SPECIALIZED);
    const issue: Json = toFhirDetectedIssue(input(SPECIALIZED), { id: 'flag-1', createdAt: '2026-03-02T09:00:00.000Z', ...flag }, OPTIONS);
    expect(fhirProblems(issue)).toEqual([]);
    expect(flag.level).toBe('specialized');
    expect(issue).toMatchObject({ status: 'final', severity: 'high', code: { coding: [{ system: FHIR_SYSTEMS.level, code: 'specialized' }] } });
    expect(issue.evidence).toHaveLength(flag.reasons.length + flag.urgentReasons.length);
    const first = issue.evidence.find((e: Json) => e.code[0].coding[0].system === FHIR_SYSTEMS.flaggingRule);
    expect(first.code[0].text).toBe(flag.reasons[0]!.text.en);
    expect(first.code[0]._text.extension[0].extension[1].valueString).toBe(flag.reasons[0]!.text.da);
    expect(issue.detail).toContain('Proposed level: Specialized palliative care.');
    expect(issue._detail.extension[0].extension[1].valueString).toContain('Foreslået niveau: Specialiseret palliativ indsats.');
    // Scale evidence points at the scale's Observation.
    expect(issue.evidence.flatMap((e: Json) => e.detail.map((d: Json) => d.reference))).toContain(`Observation/${RESPONSE_ID}-pa`);
  });
});

describe('bundles and ids', () => {
  it('makes a searchset and a collection that conform, with unique fullUrls', () => {
    const resources = resourcesOf(SPECIALIZED);
    const search: Json = searchsetBundle(resources.filter((r) => r.resourceType === 'Observation'), `${OPTIONS.base}/Observation?response=${RESPONSE_ID}`, OPTIONS);
    expect(fhirProblems(search)).toEqual([]);
    expect(search.total).toBe(palliative.definition.scales.length);
    const collection: Json = resources.at(-1);
    expect(new Set(collection.entry.map((e: Json) => e.fullUrl)).size).toBe(collection.entry.length);
  });

  it('maps ids with "_" to valid FHIR ids and back', () => {
    expect(fhirId('my_questionnaire')).toBe('my.questionnaire');
    expect(questionnaireIdOf(fhirId('my_questionnaire'))).toBe('my_questionnaire');
    expect(() => fhirId('x'.repeat(65))).toThrow(/not a valid FHIR id/);
  });

  it('keeps an Observation id valid for a scale id too long to append', () => {
    const { definition } = minimalQuestionnaire();
    const long = { ...definition, scales: definition.scales.map((s) => ({ ...s, id: `${s.id}_${'x'.repeat(40)}` })) };
    const observations = toFhirObservations(input({}, { questionnaireId: 'minimal' }), long, [], OPTIONS);
    expect(observations.flatMap(fhirProblems)).toEqual([]);
    expect(new Set(observations.map((o) => o.id)).size).toBe(observations.length);
  });

  const answerOf = (info: QuestionInfo): fc.Arbitrary<unknown> =>
    info.multiple ? fc.subarray((info.values ?? []).filter((v) => v !== 'none'), { minLength: 1 }) : info.values ? fc.constantFrom(...info.values) : fc.string({ minLength: 1 });

  it('conforms for any answers to the shipped questionnaires in any mode', () => {
    const arbitraryAnswers = fc.record(Object.fromEntries([...palliative.questions.values()].map((info) => [
      info.name,
      fc.option(answerOf(info), { nil: null, freq: 3 }),
    ])));
    fc.assert(
      fc.property(arbitraryAnswers, fc.constantFrom<AnswerMode>('self', 'assisted', 'proxy', 'paper'), (answers, mode) => {
        // Conditional questions answered while hidden are dropped by the assessment; the mapping gets what was stored.
        const kept = Object.fromEntries(Object.entries(answers).filter(([name, v]) => v !== null && !palliative.questions.get(name)!.visibleIf));
        const problems = resourcesOf(kept, { mode, recordedBy: 'nurse-anna', relationship: 'søn', answeredOn: '2026-03-01' }).flatMap(fhirProblems);
        expect(problems).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});

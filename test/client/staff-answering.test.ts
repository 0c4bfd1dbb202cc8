/** Staff answering (issue 13): the forms built on the patient page's setup, drafts per user, the paper date, provenance in words. */
import { describe, expect, it } from 'vitest';
import { blankSurvey, fillInSurvey, responseSurvey } from '../../client/staff/forms/form-models.js';
import {
  answeredOnProblem, answersFromDetail, localDay, readStaffDraft, removeStaffDraft, removeStaffDraftsOf, saveStaffDraft, staffDraftKey, type DraftOwner, type StaffDraft,
} from '../../client/staff/logic/answering.js';
import { modeLegend, provenanceText } from '../../client/staff/logic/provenance.js';
import { translator } from '../../client/staff/i18n.js';
import { createPatientSurvey } from '../../client/survey/survey-model.js';
import { loadQuestionnaires } from '../../server/questionnaire-loader.js';
import type { QuestionnaireForm, ResponseProvenance } from '../../server/contract/responses.js';
import { memoryStore } from './patient/memory-store.js';
import { detailFixture } from './staff-fixtures.js';
import { referralText, scaleSeries } from '../../client/staff/logic/pro-summary.js';

const { definition } = (await loadQuestionnaires()).get('palliative-needs')!;
const form: QuestionnaireForm = {
  id: definition.id, version: definition.version, title: definition.title, survey: definition.survey,
  site: { name: 'Test', phone: '70 20 30 40', hours: { da: 'hverdage 8-15', en: 'weekdays 8-15' }, afterHours: { da: '', en: '' } }, scoredItems: [],
};
const SAVE = { da: 'Gem svarene', en: 'Save the answers' };

describe('staff forms', () => {
  it('fill in with the patient: the patient page form, checked the same way, with "Save the answers"', () => {
    const model = fillInSurvey(form, { answers: { c1: 2 }, locale: 'da', pageNo: 0 }, SAVE);
    const patients = createPatientSurvey(form.survey, { answers: { c1: 2 }, locale: 'da', page: 0 });
    expect(model.completeText).toBe('Gem svarene');
    expect(model.checkErrorsMode).toBe(patients.checkErrorsMode);
    expect(model.clearInvisibleValues).toBe(patients.clearInvisibleValues);
    expect(model.getAllQuestions().map((q) => [q.name, q.isRequired])).toEqual(patients.getAllQuestions().map((q) => [q.name, q.isRequired]));
    expect(model.readOnly).toBe(false);
    expect(model.getQuestionByName('c1').value).toBe(2);
  });

  it('shows a response read-only on one page, the chosen answer set and questions it hid still hidden', () => {
    const model = responseSurvey(form, { c1: 3 }, 'en');
    expect(model.readOnly).toBe(true);
    expect(model.visiblePageCount).toBe(1);
    expect(model.showNavigationButtons).toBe(false);
    expect(model.getQuestionByName('c1').value).toBe(3);
    expect(model.getQuestionByName('other_symptoms_bother').isVisible).toBe(false);
  });

  it('prints a blank form with every question, also the ones the tablet shows only after an answer', () => {
    const model = blankSurvey(form, 'da');
    const questions = model.getAllQuestions(false, false, true).filter((q) => q.hasInput);
    const all = createPatientSurvey(form.survey, { answers: {}, locale: 'da', page: 0 }).getAllQuestions().filter((q) => q.hasInput).map((q) => q.name);
    expect(questions.map((q) => q.name).sort()).toEqual(all.sort());
    expect(questions.every((q) => q.isVisible)).toBe(true);
    expect(model.readOnly).toBe(true);
    expect(model.visiblePageCount).toBe(1);
    // The site's safety message is on paper too.
    expect(JSON.stringify(model.toJSON())).toContain('70 20 30 40');
  });
});

describe('staff drafts', () => {
  const owner: DraftOwner = { userId: 'u1', patientId: 'p1', questionnaireId: 'palliative-needs', mode: 'assisted' };
  const draft: StaffDraft = { id: 'id-1', answers: { c1: 2 }, locale: 'da', pageNo: 1, answeredOn: '' };

  it('keeps a draft per user, patient, questionnaire and mode', () => {
    const store = memoryStore();
    saveStaffDraft(store, owner, draft);
    expect(readStaffDraft(store, owner)).toEqual(draft);
    expect(readStaffDraft(store, { ...owner, userId: 'u2' })).toBeNull();
    expect(readStaffDraft(store, { ...owner, patientId: 'p2' })).toBeNull();
    expect(readStaffDraft(store, { ...owner, mode: 'paper' })).toBeNull();
    removeStaffDraft(store, owner);
    expect(readStaffDraft(store, owner)).toBeNull();
  });

  it('removes only the leaving user\'s drafts at logout', () => {
    const data = new Map<string, string>();
    const store = {
      getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k),
      get length() { return data.size; }, key: (i: number) => [...data.keys()][i] ?? null,
    };
    saveStaffDraft(store, owner, draft);
    saveStaffDraft(store, { ...owner, mode: 'paper' }, draft);
    saveStaffDraft(store, { ...owner, userId: 'u10' }, draft);
    data.set('lindring.staff.lang', 'da');
    removeStaffDraftsOf(store, 'u1');
    expect([...data.keys()].sort()).toEqual([staffDraftKey({ ...owner, userId: 'u10' }), 'lindring.staff.lang'].sort());
  });

  it('ignores a stored draft that is not one', () => {
    const store = memoryStore();
    store.setItem(staffDraftKey(owner), '{"answers":{}}');
    expect(readStaffDraft(store, owner)).toBeNull();
  });
});

describe('the paper form\'s date', () => {
  it('is required, a real day, and not after today', () => {
    expect(answeredOnProblem('', '2026-03-02')).toBe('missing');
    expect(answeredOnProblem('2026-02-30', '2026-03-02')).toBe('invalid');
    expect(answeredOnProblem('2.3.2026', '2026-03-02')).toBe('invalid');
    expect(answeredOnProblem('2026-03-03', '2026-03-02')).toBe('future');
    expect(answeredOnProblem('2026-03-02', '2026-03-02')).toBeNull();
    expect(answeredOnProblem('2025-12-31', '2026-03-02')).toBeNull();
  });

  it('counts today in the device\'s time zone', () => {
    expect(localDay(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('a response turned back into form data', () => {
  it('takes each value and "Other" text, and leaves out what was not answered', () => {
    expect(answersFromDetail([
      { question: 'c1', title: 'x', value: 2 },
      { question: 'c2', title: 'x', value: null },
      { question: 'help', title: 'x', value: ['other'], comment: 'A ramp' },
    ])).toEqual({ c1: 2, help: ['other'], 'help-Comment': 'A ramp' });
  });
});

describe('provenance', () => {
  const t = translator('en');
  const base: ResponseProvenance = { mode: 'self', respondent: 'patient', relationship: null, recordedBy: null, answeredOn: '2026-03-01', verifiedBy: null, verifiedAt: null };
  const nurse = { id: '1', username: 'nurse' };

  it('says who answered and how, and that a paper form awaits verification in words', () => {
    expect(provenanceText(base, 'en', t)).toBe('Answered by the patient on the link');
    expect(provenanceText({ ...base, mode: 'assisted', recordedBy: nurse }, 'en', t)).toBe('Filled in with the patient by nurse');
    expect(provenanceText({ ...base, mode: 'proxy', respondent: 'relative', relationship: 'daughter' }, 'en', t)).toBe('Answered by a relative (daughter) about the patient');
    expect(provenanceText({ ...base, mode: 'paper', recordedBy: nurse }, 'en', t)).toBe('Paper form filled in 1 Mar 2026, entered by nurse; awaiting verification');
    expect(provenanceText({ ...base, mode: 'paper', recordedBy: nurse, verifiedBy: { id: '2', username: 'admin' } }, 'da', translator('da'))).toMatch(/^Papirskema udfyldt .*, indtastet af nurse; kontrolleret af admin$/);
  });

  it('puts how the response was given into the referral text', () => {
    const detail = detailFixture();
    const text = referralText({ ...detail, flag: { ...detail.flag, mode: 'proxy', respondent: 'relative', relationship: 'son' } }, 'en', t);
    expect(text).toContain('How it was answered: Answered by a relative (son) about the patient');
  });

  it('gives each chart point the mode of its response, for its marker', () => {
    const detail = detailFixture();
    const paper = { ...base, mode: 'paper' as const, recordedBy: nurse };
    const series = scaleSeries({ ...detail, history: [{ ...paper, responseId: 'old', submittedAt: '2025-01-01T09:00:00.000Z', scores: [{ scale: 'pa', score: 50 }] }] });
    expect(series.get('pa')!.map((p) => p.mode)).toEqual(['paper', detail.flag.mode]);
  });

  it('lists the markers of the modes present, in a fixed order', () => {
    expect(modeLegend(['paper', 'self', 'paper'], t)).toBe('● answered by the patient, ■ paper form');
  });
});

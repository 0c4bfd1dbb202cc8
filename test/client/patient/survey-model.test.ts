import { describe, expect, it } from 'vitest';
import { loadQuestionnaires } from '../../../server/questionnaire-loader.js';
import { withSafetyMessages } from '../../../client/patient/logic/safety.js';
import { createPatientSurvey, currentAnswers, currentLocale, firstIncompletePageNo, surveyLocale } from '../../../client/patient/logic/survey-model.js';

const catalog = await loadQuestionnaires();
const survey = catalog.get('palliative-needs')!.definition.survey as Record<string, unknown>;
const start = { answers: {}, locale: 'da' as const, pageNo: 0 };

describe('createPatientSurvey', () => {
  it('opens in Danish with our plain navigation words, a page progress bar and no SurveyJS completion page', () => {
    const model = createPatientSurvey(survey, start);
    expect(model.locale).toBe('da');
    expect([model.pagePrevText, model.pageNextText, model.completeText]).toEqual(['Tilbage', 'Næste', 'Send svar']);
    expect(model.progressText).toBe('Side 1 af 8');
    expect(model.showProgressBar).toBe(true);
    expect(model.showCompletePage).toBe(false);
    expect(model.showPrevButton).toBe(true);
    expect(model.focusFirstQuestionAutomatic).toBe(false);
  });

  it('speaks English when asked', () => {
    const model = createPatientSurvey(survey, { ...start, locale: 'en' });
    expect(currentLocale(model)).toBe('en');
    expect([model.pagePrevText, model.pageNextText, model.completeText]).toEqual(['Back', 'Next', 'Send answers']);
    expect(model.getQuestionByName('c1').processedTitle).toBe('Is it hard for you to take a short walk outside?');
    model.locale = surveyLocale('da');
    expect(model.getQuestionByName('c1').processedTitle).toBe('Er det svært for dig at gå en kort tur udenfor?');
  });

  it("keeps a questionnaire's own navigation words", () => {
    const model = createPatientSurvey({ ...survey, pageNextText: { default: 'Onwards', da: 'Frem' } }, start);
    expect(model.pageNextText).toBe('Frem');
  });

  it('restores the answers and the page', () => {
    const model = createPatientSurvey(survey, { answers: { c1: 2, c13: 3 }, locale: 'da', pageNo: 1 });
    expect(currentAnswers(model)).toEqual({ c1: 2, c13: 3 });
    expect(model.currentPageNo).toBe(1);
    expect(createPatientSurvey(survey, { ...start, pageNo: 99 }).currentPageNo).toBe(7);
  });

  it('without a page, resumes at the first page with a choice question unanswered', () => {
    const page1 = Object.fromEntries(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12'].map((n) => [n, 1]));
    expect(createPatientSurvey(survey, { answers: {}, locale: 'da', pageNo: null }).currentPageNo).toBe(0);
    expect(createPatientSurvey(survey, { answers: { ...page1, c13: 1 }, locale: 'da', pageNo: null }).currentPage.name).toBe('psychological');
    const model = createPatientSurvey(survey, { answers: { ...page1, c13: 1, c14: 1 }, locale: 'da', pageNo: null });
    expect(model.currentPage.name).toBe('social');
    expect(firstIncompletePageNo(model)).toBe(4);
  });

  it('resumes past a page whose only unanswered element is the safety message (html, nothing to answer)', () => {
    const page1 = Object.fromEntries(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12'].map((n) => [n, 1]));
    const withSafety = withSafetyMessages(survey, { name: 'Palliativt Team', phone: '70 20 30 40', hours: { da: 'hverdage', en: 'weekdays' } });
    expect(createPatientSurvey(withSafety, { answers: { ...page1, c13: 1 }, locale: 'da', pageNo: null }).currentPage.name).toBe('psychological');
  });

  it('drops the answer to a question as soon as it is hidden, so what is saved is what is shown', () => {
    const model = createPatientSurvey(survey, start);
    model.setValue('other_symptoms', 'itching');
    model.setValue('other_symptoms_bother', 3);
    model.setValue('other_symptoms', '');
    expect(currentAnswers(model)).not.toHaveProperty('other_symptoms_bother');
  });

  it('stays open when "Send answers" is handed over to us instead of completing', () => {
    const model = createPatientSurvey(survey, { answers: {}, locale: 'da', pageNo: 7 });
    model.setValue('contact_wish', ['none']);
    let handed = 0;
    model.onCompleting.add((_, options) => {
      options.allow = false;
      handed += 1;
    });
    model.tryComplete();
    expect(handed).toBe(1);
    expect(model.state).toBe('running');
    expect(currentAnswers(model)).toEqual({ contact_wish: ['none'] });
  });
});

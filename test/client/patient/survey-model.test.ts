import { describe, expect, it } from 'vitest';
import { loadQuestionnaires } from '../../../server/questionnaire-loader.js';
import { nameThePatientOnEveryPage } from '../../../client/patient/logic/relative-line.js';
import { withSafetyMessages } from '../../../client/survey/safety.js';
import { createPatientSurvey, currentAnswers, currentLocale, firstIncompletePageNo, progressText, questionProgress, surveyLocale } from '../../../client/survey/survey-model.js';

const catalog = await loadQuestionnaires();
const survey = catalog.get('palliative-needs')!.definition.survey as Record<string, unknown>;
const start = { answers: {}, locale: 'da' as const, page: 0 };

describe('createPatientSurvey', () => {
  it('opens in Danish with our plain navigation words, a question progress bar and no SurveyJS completion page', () => {
    const model = createPatientSurvey(survey, start);
    expect(model.locale).toBe('da');
    expect([model.pagePrevText, model.pageNextText, model.completeText]).toEqual(['Tilbage', 'Næste', 'Send svar']);
    expect(model.progressText).toBe('Spørgsmål 1 af 31');
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

  describe('question progress', () => {
    const site = { name: 'Palliativt Team', phone: '70 20 30 40', hours: { da: 'hverdage', en: 'weekdays' }, afterHours: { da: '', en: '' } };

    it('counts the questions the patient can see, and where the current page starts among them, in Danish', () => {
      const model = createPatientSurvey(survey, start);
      // 32 questions, one of them a follow-up hidden until "other symptoms" is written.
      expect(questionProgress(model)).toEqual({ position: 1, total: 31 });
      model.nextPage();
      expect(model.currentPage.name).toBe('symptoms');
      expect(model.progressText).toBe('Spørgsmål 5 af 31');
      model.nextPage();
      model.nextPage();
      expect(model.currentPage.name).toBe('psychological');
      expect(model.progressText).toBe('Spørgsmål 15 af 31');
    });

    it('speaks English, and changes language with the survey', () => {
      const model = createPatientSurvey(survey, { ...start, locale: 'en', page: 7 });
      expect(model.progressText).toBe('Question 28 of 31');
      model.locale = surveyLocale('da');
      expect(model.progressText).toBe('Spørgsmål 28 af 31');
      model.locale = surveyLocale('en');
      expect(model.progressText).toBe('Question 28 of 31');
    });

    it('counts a follow-up question once it shows, and never the safety messages (html)', () => {
      const model = createPatientSurvey(withSafetyMessages(survey, site), { ...start, page: 3 });
      expect(model.progressText).toBe('Spørgsmål 15 af 31');
      model.setValue('other_symptoms', 'itching');
      expect(model.progressText).toBe('Spørgsmål 16 af 32');
      expect(progressText(model)).toBe('Spørgsmål 16 af 32');
    });

    it('counts every question of the rehabilitation questionnaire', () => {
      const rehabilitation = catalog.get('rehabilitation-needs')!.definition.survey as Record<string, unknown>;
      const model = createPatientSurvey(rehabilitation, { ...start, locale: 'en' });
      expect(model.progressText).toBe('Question 1 of 40');
    });
  });

  it("keeps a questionnaire's own navigation words", () => {
    const model = createPatientSurvey({ ...survey, pageNextText: { default: 'Onwards', da: 'Frem' } }, start);
    expect(model.pageNextText).toBe('Frem');
  });

  it('restores the answers and the page', () => {
    const model = createPatientSurvey(survey, { answers: { c1: 2, c13: 3 }, locale: 'da', page: 1 });
    expect(currentAnswers(model)).toEqual({ c1: 2, c13: 3 });
    expect(model.currentPageNo).toBe(1);
    expect(createPatientSurvey(survey, { ...start, page: 99 }).currentPageNo).toBe(7);
  });

  it('opens a page by its name, and where a name is not in the survey (an older version), at the first page still awaiting an answer', () => {
    expect(createPatientSurvey(survey, { answers: { c1: 2 }, locale: 'da', page: 'social' }).currentPage.name).toBe('social');
    expect(createPatientSurvey(survey, { answers: { c1: 2 }, locale: 'da', page: 'gone' }).currentPage.name).toBe('physical');
    const page1 = { respondent: 'self', c1: 1, c2: 1, c3: 1 };
    expect(createPatientSurvey(survey, { answers: page1, locale: 'da', page: 'gone' }).currentPage.name).toBe('symptoms');
  });

  it('without a page, resumes at the first page with a choice question unanswered', () => {
    const page1 = { respondent: 'self', ...Object.fromEntries(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12'].map((n) => [n, 1])) };
    expect(createPatientSurvey(survey, { answers: {}, locale: 'da', page: null }).currentPageNo).toBe(0);
    expect(createPatientSurvey(survey, { answers: { ...page1, c13: 1 }, locale: 'da', page: null }).currentPage.name).toBe('psychological');
    const model = createPatientSurvey(survey, { answers: { ...page1, c13: 1, c14: 1 }, locale: 'da', page: null });
    expect(model.currentPage.name).toBe('social');
    expect(firstIncompletePageNo(model)).toBe(4);
  });

  it('resumes past a page whose only unanswered element is the safety message (html, nothing to answer)', () => {
    const page1 = { respondent: 'self', ...Object.fromEntries(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12'].map((n) => [n, 1])) };
    const withSafety = withSafetyMessages(survey, { name: 'Palliativt Team', phone: '70 20 30 40', hours: { da: 'hverdage', en: 'weekdays' }, afterHours: { da: '', en: '' } });
    expect(createPatientSurvey(withSafety, { answers: { ...page1, c13: 1 }, locale: 'da', page: null }).currentPage.name).toBe('psychological');
  });

  it('drops the answer to a question as soon as it is hidden, so what is saved is what is shown', () => {
    const model = createPatientSurvey(survey, start);
    model.setValue('other_symptoms', 'itching');
    model.setValue('other_symptoms_bother', 3);
    model.setValue('other_symptoms', '');
    expect(currentAnswers(model)).not.toHaveProperty('other_symptoms_bother');
  });

  it('stays open when "Send answers" is handed over to us instead of completing', () => {
    const model = createPatientSurvey(survey, { answers: {}, locale: 'da', page: 7 });
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

describe('nameThePatientOnEveryPage', () => {
  it("puts the patient's first name under every page's title, in Danish and English, before the page's own description", () => {
    const model = createPatientSurvey(survey, start);
    nameThePatientOnEveryPage(model, 'Karen');
    expect(model.pages.map((p) => p.description.split('\n')[0])).toEqual(model.pages.map(() => 'Svar om Karen – som du tror, Karen har det.'));
    expect(model.pages[0]!.description).toBe('Svar om Karen – som du tror, Karen har det.\nSpørgsmålene handler om den seneste uge. Vælg det svar, der passer bedst på dig.');
    model.locale = surveyLocale('en');
    expect(model.pages.every((p) => p.description.startsWith('Answer about Karen – as you think Karen feels.\n'))).toBe(true);
  });

  it('names the patient also on a page without a description, and keeps an English-only description in Danish', () => {
    const json = { pages: [{ name: 'a', elements: [{ type: 'text', name: 'q1' }] }, { name: 'b', description: 'Only English', elements: [{ type: 'text', name: 'q2' }] }] };
    const model = createPatientSurvey(json, start);
    nameThePatientOnEveryPage(model, 'Ole');
    expect(model.pages.map((p) => p.description)).toEqual(['Svar om Ole – som du tror, Ole har det.', 'Svar om Ole – som du tror, Ole har det.\nOnly English']);
    model.locale = surveyLocale('en');
    expect(model.pages.map((p) => p.description)).toEqual(['Answer about Ole – as you think Ole feels.', 'Answer about Ole – as you think Ole feels.\nOnly English']);
  });
});

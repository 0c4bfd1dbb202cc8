/**
 * The SurveyJS models of the staff app (issue 13), built with the patient page's own setup
 * (createPatientSurvey: same questionnaire JSON, validation, theme and wording), so a form filled in
 * by staff checks answers exactly as the patient's link does. No React: unit-tested under Node.
 */
import type { Model, PanelModel } from 'survey-core';
import type { Locale } from '../../../server/contract/codes.js';
import type { Answers, QuestionnaireForm } from '../../../server/contract/responses.js';
import { withSafetyMessages } from '../../survey/safety.js';
import { createPatientSurvey, surveyLocale } from '../../survey/survey-model.js';

/** The form to fill in, resumed where the draft left off; "Send answers" says what staff do: save. */
export function fillInSurvey(form: QuestionnaireForm, start: { answers: Answers; locale: Locale; pageNo: number }, saveText: Record<Locale, string>): Model {
  const model = createPatientSurvey(form.survey, { answers: start.answers, locale: start.locale, page: start.pageNo });
  if (form.survey.completeText === undefined) {
    model.locCompleteText.setLocaleText('default', saveText.en);
    model.locCompleteText.setLocaleText('da', saveText.da);
  }
  return model;
}

/** Every page at once, nothing to click: for reading and printing. */
function asDocument(model: Model): Model {
  model.readOnly = true;
  model.questionsOnPageMode = 'singlePage';
  model.showProgressBar = false;
  model.showNavigationButtons = false;
  return model;
}

/**
 * A response read-only (display mode): each question with all its choices and the chosen ones
 * marked. Questions hidden by the answers stay hidden, as they were when the patient answered.
 */
export function responseSurvey(form: QuestionnaireForm, answers: Answers, locale: Locale): Model {
  return asDocument(createPatientSurvey(form.survey, { answers, locale, page: 0 }));
}

/**
 * The blank form for paper: every question shown, also those that appear on the tablet only after
 * an answer (on paper the patient skips what does not apply), with the site's safety message.
 */
export function blankSurvey(form: QuestionnaireForm, locale: Locale): Model {
  const model = asDocument(createPatientSurvey(withSafetyMessages(form.survey, form.site), { answers: {}, locale, page: 0 }));
  for (const question of model.getAllQuestions(false, true)) {
    question.visibleIf = '';
    question.visible = true;
  }
  for (const container of [...model.pages, ...(model.getAllPanels(false, true) as PanelModel[])]) {
    container.visibleIf = '';
    container.visible = true;
  }
  return model;
}

export function setSurveyLocale(model: Model, locale: Locale): void {
  model.locale = surveyLocale(locale);
}

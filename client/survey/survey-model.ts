/**
 * Builds the SurveyJS model from the server's JSON, for the patient page and the staff app's forms.
 * Only generic settings live here (progress bar, navigation wording, theme, where to resume):
 * nothing knows any questionnaire.
 * No React: the same code runs in unit tests under Node.
 */
import { Model, settings, SvgRegistry, type ITheme, type LocalizableString } from 'survey-core';
import 'survey-core/i18n/danish';
import type { Locale } from '../../server/contract/codes.js';
import type { Answers } from '../../server/contract/responses.js';
import { patientTheme } from './theme.js';

export interface StartingPoint {
  answers: Answers;
  locale: Locale;
  /**
   * The page to open: its name (as saved with a draft: robust when a new questionnaire version adds
   * or splits pages) or its number. Null, or a name the survey does not show, means the first page
   * with a question still awaited.
   */
  page: string | number | null;
}

// A plain bar with "Spørgsmål 5 af 32" rather than a row of small step buttons that scrolls sideways.
settings.legacyProgressBarView = true;
// Real headings, so a screen reader can jump between the survey, its pages and its questions.
Object.assign(settings.titleTags, { survey: 'h1', page: 'h2', panel: 'h3', question: 'h3' });

/** Our wording for the navigation, used where the questionnaire file does not set its own. */
const NAVIGATION: Record<'pagePrevText' | 'pageNextText' | 'completeText', Record<Locale, string>> = {
  pagePrevText: { da: 'Tilbage', en: 'Back' },
  pageNextText: { da: 'Næste', en: 'Next' },
  completeText: { da: 'Send svar', en: 'Send answers' },
};

const PROGRESS: Record<Locale, (position: number, total: number) => string> = {
  da: (position, total) => `Spørgsmål ${position} af ${total}`,
  en: (position, total) => `Question ${position} of ${total}`,
};

/**
 * Where the patient is, counted in questions rather than pages (pages differ in length): the
 * position of the current page's first question among all the questions the patient can see now
 * (input questions only: the safety message is no question), and how many there are. A question
 * that appears after an answer (a follow-up) is counted from the moment it shows.
 */
export function questionProgress(model: Model): { position: number; total: number } {
  const perPage = model.visiblePages.map((page) => page.questions.filter((q) => q.isVisible && q.hasInput).length);
  const current = model.visiblePages.indexOf(model.currentPage);
  const before = perPage.slice(0, Math.max(current, 0)).reduce((sum, n) => sum + n, 0);
  const total = perPage.reduce((sum, n) => sum + n, 0);
  return { position: Math.min(before + 1, total), total };
}

/** "Spørgsmål 5 af 32" / "Question 5 of 32", in the survey's language as it is now. */
export function progressText(model: Model): string {
  const { position, total } = questionProgress(model);
  return PROGRESS[currentLocale(model)](position, total);
}

/** SurveyJS keeps English under "default"; "en" is our name for it. */
export const surveyLocale = (locale: Locale): string => (locale === 'en' ? '' : locale);

export function createPatientSurvey(json: Record<string, unknown>, start: StartingPoint, theme: ITheme = patientTheme): Model {
  const model = new Model(json);
  model.locale = surveyLocale(start.locale);
  for (const [property, texts] of Object.entries(NAVIGATION)) {
    if (json[property] !== undefined) continue;
    const loc = (model as unknown as Record<string, LocalizableString | undefined>)[`loc${property[0]!.toUpperCase()}${property.slice(1)}`];
    loc?.setLocaleText('default', texts.en);
    loc?.setLocaleText('da', texts.da);
  }
  model.showProgressBar = true;
  if (!json.progressBarLocation) model.progressBarLocation = 'top';
  if (!json.progressBarType) {
    model.progressBarType = 'pages';
    // SurveyJS asks again on every page change, answer and change of language.
    model.onGetProgressText.add((_, options) => {
      options.text = progressText(model);
    });
  }
  model.showPrevButton = true;
  model.showCompletePage = false; // our own completion page says what happens next
  model.checkErrorsMode = 'onNextPage';
  model.autoFocusFirstError = true;
  // Focusing a text box would pop up the tablet's keyboard over the question.
  model.focusFirstQuestionAutomatic = false;
  // Answers to questions that become hidden are dropped at once, so what we save is what is shown.
  model.clearInvisibleValues = 'onHidden';
  model.applyTheme(theme);
  // The theme's stylesheet comes as a file (client/build/survey-theme.ts): an inline <style> breaks the CSP.
  model.generateStylesheet = false;
  withoutInlineStyledIcons();
  model.data = start.answers;
  model.currentPageNo = startPageNo(model, start.page);
  return model;
}

function startPageNo(model: Model, page: StartingPoint['page']): number {
  if (typeof page === 'number') return Math.min(Math.max(page, 0), Math.max(model.visiblePageCount - 1, 0));
  const named = page === null ? -1 : model.visiblePages.findIndex((p) => p.name === page);
  return named >= 0 ? named : firstIncompletePageNo(model);
}

/**
 * survey-react-ui writes its icon sprite with innerHTML, and a style attribute in it (the timer's
 * circle; we use no timer) is refused by the Content-Security-Policy: drop such attributes.
 */
function withoutInlineStyledIcons(): void {
  for (const [id, svg] of Object.entries(SvgRegistry.icons)) {
    if (svg.includes(' style=')) SvgRegistry.icons[id] = svg.replace(/\sstyle="[^"]*"/g, '');
  }
}

/**
 * Where to resume from answers alone: the first page with a visible question unanswered that asks for a
 * choice (or is required). No shipped question is required, so required alone would always resume at
 * the end; free text is left out because most patients rightly leave it blank.
 */
export function firstIncompletePageNo(model: Model): number {
  // hasInput is false for what only shows something (the safety message is an html element).
  const awaited = (q: Model['currentPage']['questions'][number]) => q.hasInput && (q.isRequired || (q.getType() !== 'comment' && q.getType() !== 'text'));
  const index = model.visiblePages.findIndex((page) => page.questions.some((q) => q.isVisible && q.isEmpty() && awaited(q)));
  return index === -1 ? Math.max(model.visiblePageCount - 1, 0) : index;
}

/** The answers as they are now, without SurveyJS's internal bookkeeping. */
export function currentAnswers(model: Model): Answers {
  return { ...model.data } as Answers;
}

export function currentLocale(model: Model): Locale {
  return model.locale === 'da' ? 'da' : 'en';
}

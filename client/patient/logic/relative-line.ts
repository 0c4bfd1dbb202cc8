import type { Model } from 'survey-core';
import { surveyLocale } from '../../survey/survey-model.js';
import { texts } from '../i18n.js';

/**
 * A relative's link: a line right under every page's title, in both languages, saying whom the
 * questions are about ("Svar om Karen – som du tror, Karen har det"), since the questions
 * themselves say "you". The page's own description follows on the next line (patient.css keeps
 * the line break). Generic: it reads no questionnaire's pages by name.
 */
export function nameThePatientOnEveryPage(model: Model, firstName: string): void {
  for (const page of model.pages) {
    const loc = page.locDescription;
    const english = loc.getLocaleText('default');
    for (const locale of ['en', 'da'] as const) {
      const key = surveyLocale(locale) || 'default';
      // A page without a Danish description shows the English one in Danish too (SurveyJS's fallback): keep that.
      const own = loc.getLocaleText(key) || english;
      const line = texts[locale].relativePageLine(firstName);
      loc.setLocaleText(key, own ? `${line}\n${own}` : line);
    }
  }
}

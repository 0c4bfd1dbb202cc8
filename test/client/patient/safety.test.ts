import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { blankScoredItems } from '../../../client/patient/logic/blank-items.js';
import { completionText, phoneHours, SAFETY_ELEMENT_PREFIX, safetyText, telHref, withSafetyMessages } from '../../../client/patient/logic/safety.js';
import { createPatientSurvey, surveyLocale } from '../../../client/patient/logic/survey-model.js';
import type { SiteInfo } from '../../../server/contract/settings.js';
import { loadQuestionnaires } from '../../../server/questionnaire-loader.js';

const catalog = await loadQuestionnaires();
const palliative = catalog.get('palliative-needs')!.definition;
const SITE: SiteInfo = { name: 'Palliativt Team Nord', phone: '70 20 30 40', hours: { da: 'hverdage kl. 8-15', en: 'weekdays 8 am to 3 pm' } };
const NO_PHONE: SiteInfo = { name: 'Lindring', phone: null, hours: { da: '', en: '' } };

const safetyNames = (model: Model, pageNo: number) =>
  model.visiblePages[pageNo]!.elements.map((e) => e.name);

describe('the safety message', () => {
  it('names the site phone and hours, or the contact person when no phone is set, in both languages', () => {
    expect(safetyText(SITE, 'da')).toBe('Dine svar bliver ikke læst med det samme. Hvis det haster, så ring til 70 20 30 40 (hverdage kl. 8-15) eller 112.');
    expect(safetyText(SITE, 'en')).toBe('Your answers are not read right away. If it is urgent, call 70 20 30 40 (weekdays 8 am to 3 pm) or 112.');
    expect(safetyText({ ...SITE, hours: { da: '', en: '' } }, 'en')).toBe('Your answers are not read right away. If it is urgent, call 70 20 30 40 or 112.');
    expect(safetyText(NO_PHONE, 'da')).toBe('Dine svar bliver ikke læst med det samme. Hvis det haster, så ring til din kontaktperson eller 112.');
    expect(safetyText(NO_PHONE, 'en')).toBe('Your answers are not read right away. If it is urgent, call your contact person or 112.');
  });

  it('stands before the first question and after every free-text and contact-wish question, without changing the answers', () => {
    const json = withSafetyMessages(palliative.survey as Record<string, unknown>, SITE);
    const model = new Model(json);
    expect(model.jsonErrors ?? []).toEqual([]);
    expect(model.pages[0]!.elements[0]!.name).toBe(`${SAFETY_ELEMENT_PREFIX}first`);
    const all = model.getAllQuestions().map((q) => q.name);
    for (const name of ['other_symptoms', 'talk_about_other', 'contact_wish']) {
      expect(all[all.indexOf(name) + 1], name).toBe(`${SAFETY_ELEMENT_PREFIX}${name}`);
    }
    expect(all.filter((n) => n.startsWith(SAFETY_ELEMENT_PREFIX))).toHaveLength(4);
    model.setValue('c1', 2);
    expect(model.data).toEqual({ c1: 2 });
    // The original JSON is not changed.
    expect(JSON.stringify(palliative.survey)).not.toContain(SAFETY_ELEMENT_PREFIX);
  });

  it('follows the language of the survey, with the number as a link', () => {
    const model = createPatientSurvey(withSafetyMessages(palliative.survey as Record<string, unknown>, SITE), { answers: {}, locale: 'da', page: 0 });
    const first = model.getQuestionByName(`${SAFETY_ELEMENT_PREFIX}first`) as unknown as { locHtml: { renderedHtml: string } };
    expect(first.locHtml.renderedHtml).toContain('Dine svar bliver ikke læst med det samme');
    expect(first.locHtml.renderedHtml).toContain('<a href="tel:70203040">70 20 30 40</a>');
    model.locale = surveyLocale('en');
    expect(first.locHtml.renderedHtml).toContain('Your answers are not read right away');
    expect(safetyNames(model, 0)[0]).toBe(`${SAFETY_ELEMENT_PREFIX}first`);
  });

  it('escapes what an admin typed', () => {
    const json = withSafetyMessages({ pages: [{ name: 'p', elements: [{ type: 'comment', name: 'x' }] }] }, { ...SITE, hours: { da: '<b>8-15</b>', en: '' } });
    expect(JSON.stringify(json)).toContain('&lt;b&gt;8-15&lt;/b&gt;');
    expect(JSON.stringify(json)).not.toContain('<b>');
  });
});

describe('the completion text', () => {
  it('points its urgent line to the site phone instead of "the phone number in your letter"', () => {
    expect(completionText(palliative.completion.da, SITE, 'da')).toContain('ring til din kontaktperson eller 70 20 30 40 (hverdage kl. 8-15). Ring 112');
    expect(completionText(palliative.completion.en, SITE, 'en')).toContain('call your contact person or 70 20 30 40 (weekdays 8 am to 3 pm). In an emergency');
    expect(completionText(palliative.completion.en, NO_PHONE, 'en')).toContain('If something is urgent, call your contact person. In an emergency, call 112.');
    expect(completionText(palliative.completion.da, null, 'da')).not.toContain('brev');
    expect(completionText('Thank you.', SITE, 'en')).toBe('Thank you.');
  });
});

describe('the phone as a link', () => {
  it('dials the digits and the leading + only', () => {
    expect(telHref('+45 70 20-30-40')).toBe('tel:+4570203040');
  });

  it("gives the hours in the page's language, else the other language's, else nothing", () => {
    const site: SiteInfo = { name: 'x', phone: '70 20 30 40', hours: { da: 'hverdage', en: '' } };
    expect(phoneHours(site, 'da')).toBe('hverdage');
    expect(phoneHours(site, 'en')).toBe('hverdage');
    expect(phoneHours({ ...site, hours: { da: ' ', en: '' } }, 'en')).toBe('');
  });
});

describe('blank scored items', () => {
  it('lists the visible scored questions on a page that have no answer, in page order', () => {
    const model = new Model(palliative.survey);
    const scored = new Set(palliative.scales.flatMap((s) => s.items));
    model.setValue('c1', 1);
    model.setValue('c5', 4);
    model.setValue('c11', 2);
    expect(blankScoredItems(model.getPageByName('physical'), scored)).toEqual(['c2', 'c3']);
    expect(blankScoredItems(model.getPageByName('symptoms'), scored)).toEqual(['c4', 'c6', 'c7', 'c8', 'c9']);
    // Free text and its follow-up are not scored items.
    expect(blankScoredItems(model.getPageByName('more_symptoms'), scored)).toEqual(['c10', 'c12']);
  });
});

import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { blankScoredItems } from '../../../client/patient/logic/blank-items.js';
import {
  completionText, helpText, phoneHours, SAFETY_ELEMENT_PREFIX, safetyText, telHref, urgentCompletionText, withSafetyMessages,
} from '../../../client/survey/safety.js';
import { createPatientSurvey, surveyLocale } from '../../../client/survey/survey-model.js';
import type { SiteInfo } from '../../../server/contract/settings.js';
import { loadQuestionnaires } from '../../../server/questionnaire-loader.js';

const catalog = await loadQuestionnaires();
const palliative = catalog.get('palliative-needs')!.definition;
const NOT_SET = { da: '', en: '' };
const SITE: SiteInfo = { name: 'Palliativt Team Nord', phone: '70 20 30 40', hours: { da: 'hverdage kl. 8-15', en: 'weekdays 8 am to 3 pm' }, afterHours: NOT_SET };
const AFTER_HOURS: SiteInfo = { ...SITE, afterHours: { da: 'lægevagten på 1813', en: 'the out-of-hours doctor on 1813' } };
const NO_PHONE: SiteInfo = { name: 'Lindring', phone: null, hours: NOT_SET, afterHours: NOT_SET };

const safetyNames = (model: Model, pageNo: number) =>
  model.visiblePages[pageNo]!.elements.map((e) => e.name);

describe('the safety message', () => {
  it('says the spec\'s words (clinical rules v2, item 15) with the site phone, hours and after-hours number, in both languages', () => {
    expect(safetyText(AFTER_HOURS, 'da')).toBe(
      'Vi læser ikke dine svar med det samme. Har du brug for hjælp nu, så ring til 70 20 30 40 (hverdage kl. 8-15). Uden for telefontiden: ring til lægevagten på 1813. Ring 112, hvis det er livstruende.',
    );
    expect(safetyText(AFTER_HOURS, 'en')).toBe(
      'We do not read your answers straight away. If you need help now, call 70 20 30 40 (weekdays 8 am to 3 pm). Outside these hours, call the out-of-hours doctor on 1813. If it is life-threatening, call 112.',
    );
  });

  it('leaves out the after-hours sentence when none is set, and names the contact person when no phone is set', () => {
    expect(safetyText(SITE, 'da')).toBe('Vi læser ikke dine svar med det samme. Har du brug for hjælp nu, så ring til 70 20 30 40 (hverdage kl. 8-15). Ring 112, hvis det er livstruende.');
    expect(safetyText({ ...SITE, hours: NOT_SET }, 'en')).toBe('We do not read your answers straight away. If you need help now, call 70 20 30 40. If it is life-threatening, call 112.');
    expect(safetyText(NO_PHONE, 'da')).toBe('Vi læser ikke dine svar med det samme. Har du brug for hjælp nu, så ring til din kontaktperson. Ring 112, hvis det er livstruende.');
    expect(safetyText(NO_PHONE, 'en')).toBe('We do not read your answers straight away. If you need help now, call your contact person. If it is life-threatening, call 112.');
    // An after-hours number in one language only is shown in both (better than none).
    expect(safetyText({ ...NO_PHONE, afterHours: { da: 'lægevagten på 1813', en: '' } }, 'en')).toContain('Outside these hours, call lægevagten på 1813.');
  });

  it('has the same help on the pages around the questionnaire, without its first sentence', () => {
    expect(helpText(AFTER_HOURS, 'en')).toBe('If you need help now, call 70 20 30 40 (weekdays 8 am to 3 pm). Outside these hours, call the out-of-hours doctor on 1813. If it is life-threatening, call 112.');
    expect(helpText(null, 'da')).toBe('Har du brug for hjælp nu, så ring til din kontaktperson. Ring 112, hvis det er livstruende.');
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
    expect(first.locHtml.renderedHtml).toContain('Vi læser ikke dine svar med det samme');
    expect(first.locHtml.renderedHtml).toContain('<a href="tel:70203040">70 20 30 40</a>');
    model.locale = surveyLocale('en');
    expect(first.locHtml.renderedHtml).toContain('We do not read your answers straight away');
    expect(safetyNames(model, 0)[0]).toBe(`${SAFETY_ELEMENT_PREFIX}first`);
  });

  it('escapes what an admin typed', () => {
    const json = withSafetyMessages({ pages: [{ name: 'p', elements: [{ type: 'comment', name: 'x' }] }] }, { ...SITE, hours: { da: '<b>8-15</b>', en: '' } });
    expect(JSON.stringify(json)).toContain('&lt;b&gt;8-15&lt;/b&gt;');
    expect(JSON.stringify(json)).not.toContain('<b>');
  });
});

describe('the completion text', () => {
  it('is the spec\'s text (item 17) in both shipped questionnaires, with the site phone or the contact person', () => {
    for (const id of ['palliative-needs', 'rehabilitation-needs']) {
      const { completion } = catalog.get(id)!.definition;
      expect(completionText(completion.da, SITE, 'da')).toBe(
        'Tak for dine svar. Vi læser dem, men ikke med det samme. Har du bedt om at blive kontaktet, kontakter vi dig. Har du brug for hjælp før, så ring til 70 20 30 40 (hverdage kl. 8-15). Ring 112, hvis det er livstruende.',
      );
      expect(completionText(completion.en, NO_PHONE, 'en')).toBe(
        'Thank you for your answers. We will read them, but not straight away. If you asked to be contacted, we will contact you. If you need help before then, call your contact person. If it is life-threatening, call 112.',
      );
    }
    expect(completionText('Thank you.', SITE, 'en')).toBe('Thank you.');
  });

  it('points an older version\'s "the phone number in your letter" to the site phone', () => {
    const older = 'If something is urgent, call your contact person or the phone number in your letter. In an emergency, call 112.';
    expect(completionText(older, SITE, 'en')).toBe('If something is urgent, call your contact person or 70 20 30 40 (weekdays 8 am to 3 pm). In an emergency, call 112.');
    expect(completionText(older, NO_PHONE, 'en')).toBe('If something is urgent, call your contact person. In an emergency, call 112.');
  });
});

describe('the urgent completion text', () => {
  it('tells the patient not to wait but to call today (item 18), with the after-hours number when set', () => {
    expect(urgentCompletionText(AFTER_HOURS, 'da')).toBe(
      'Du har svaret, at noget er meget svært lige nu. Vent ikke på, at vi kontakter dig: ring til 70 20 30 40 (hverdage kl. 8-15) i dag. Uden for telefontiden: ring til lægevagten på 1813. Ring 112, hvis det er livstruende.',
    );
    expect(urgentCompletionText(AFTER_HOURS, 'en')).toBe(
      'You told us something is very hard right now. Do not wait for us to contact you: call 70 20 30 40 (weekdays 8 am to 3 pm) today. Outside these hours, call the out-of-hours doctor on 1813. If it is life-threatening, call 112.',
    );
    expect(urgentCompletionText(NO_PHONE, 'da')).toBe('Du har svaret, at noget er meget svært lige nu. Vent ikke på, at vi kontakter dig: ring til din kontaktperson i dag. Ring 112, hvis det er livstruende.');
  });
});

describe('the phone as a link', () => {
  it('dials the digits and the leading + only', () => {
    expect(telHref('+45 70 20-30-40')).toBe('tel:+4570203040');
  });

  it("gives the hours in the page's language, else the other language's, else nothing", () => {
    const site: SiteInfo = { name: 'x', phone: '70 20 30 40', hours: { da: 'hverdage', en: '' }, afterHours: NOT_SET };
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

describe('site texts in the questionnaire (issue 21)', () => {
  const HOSTILE: SiteInfo = {
    name: 'Lindring',
    phone: '70 20 30 40',
    hours: { da: '<img src=x onerror="alert(1)"> & "hverdage"', en: "<b>weekdays</b> 'n' {other}" },
    afterHours: { da: 'lægevagten {other}', en: '<meta http-equiv="refresh" content="0;url=https://evil.example"> {pain}' },
  };
  const PIPED_ANSWER = '<meta http-equiv="refresh" content="0;url=https://evil.example/answer">';

  it.each(['da', 'en'] as const)('shows a site text with <, >, &, quotes and {placeholders} as text, never HTML and never an answer piped in (%s)', (locale) => {
    const model = createPatientSurvey(withSafetyMessages(palliative.survey, HOSTILE), { answers: { other: PIPED_ANSWER, pain: 4 }, locale, page: 0 });
    const first = model.getQuestionByName(`${SAFETY_ELEMENT_PREFIX}first`) as unknown as { processedHtml: string };
    const html = first.processedHtml;
    // Only our own markup: the paragraph and the phone's link.
    expect([...html.matchAll(/<([a-z]+)/g)].map((m) => m[1])).toEqual(['p', 'a']);
    expect(html).not.toContain('evil.example/answer');
    // What the reader sees is the site's text, character for character.
    const shown = html.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(shown).toBe(safetyText(HOSTILE, locale));
  });
});

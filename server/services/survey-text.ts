/** The texts a reader of stored answers needs: each question's title and each choice's text, from the survey JSON. */
import type { SurveyJson } from '../domain/questionnaire-schema.js';

interface QuestionTexts {
  title: unknown;
  choices: Map<unknown, unknown>;
}

const cache = new WeakMap<SurveyJson, Map<string, QuestionTexts>>();

function choiceEntries(q: Record<string, unknown>): [unknown, unknown][] {
  const list = Array.isArray(q.choices) ? q.choices : Array.isArray(q.rateValues) ? q.rateValues : [];
  const entries: [unknown, unknown][] = list.map((c: unknown) =>
    typeof c === 'object' && c !== null && 'value' in c ? [(c as { value: unknown }).value, (c as { text?: unknown }).text ?? (c as { value: unknown }).value] : [c, c],
  );
  if (q.showNoneItem === true || q.hasNone === true) entries.push(['none', q.noneText ?? { default: 'None', da: 'Ingen' }]);
  if (q.showOtherItem === true || q.hasOther === true) entries.push(['other', q.otherText ?? { default: 'Other', da: 'Andet' }]);
  if (q.type === 'boolean') entries.push([q.valueTrue ?? true, q.labelTrue ?? { default: 'Yes', da: 'Ja' }], [q.valueFalse ?? false, q.labelFalse ?? { default: 'No', da: 'Nej' }]);
  return entries;
}

/** Question name → title and choice texts, for every question (panels included). */
export function surveyTexts(survey: SurveyJson): Map<string, QuestionTexts> {
  const cached = cache.get(survey);
  if (cached) return cached;
  const texts = new Map<string, QuestionTexts>();
  const walk = (elements: unknown): void => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (typeof element !== 'object' || element === null) continue;
      const q = element as Record<string, unknown>;
      if (q.type === 'panel') walk(q.elements);
      else if (typeof q.name === 'string') texts.set(q.name, { title: q.title ?? q.name, choices: new Map(choiceEntries(q)) });
    }
  };
  for (const page of Array.isArray(survey.pages) ? survey.pages : []) walk((page as Record<string, unknown> | null)?.elements);
  cache.set(survey, texts);
  return texts;
}

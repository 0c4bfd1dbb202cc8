/**
 * SurveyJS fills `{question}` placeholders in HTML properties (an `html` element, `completedHtml`,
 * `completedHtmlOnCondition`, `loadingHtml`...) with the answer as it is, unescaped: a patient's
 * free text would become live HTML in the nurse's "Show the questionnaire" (a `<meta refresh>` took
 * the browser elsewhere). So no HTML property of a questionnaire may hold a placeholder, in any
 * language, at any depth. Pure: the caller reads the file.
 */
import type { DefinitionProblem } from './definition-problem.js';
import { walkProperties, withValueAt, type SurveyJson } from './survey-index.js';

/** A SurveyJS placeholder: `{name}`, `{panel.name}`, `{row.col}`... */
const PLACEHOLDER = /\{[^{}]*\}/;

const path = (parts: (string | number)[]): string => parts.reduce<string>((p, part) => (typeof part === 'number' ? `${p}[${part}]` : `${p}.${part}`), '$.survey');

/** Every HTML property (a key `html` or ending in `Html`, each language) that holds a `{…}` placeholder, at its JSON path. */
export function pipedHtmlProblems(survey: SurveyJson): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const refuse = (at: (string | number)[], text: string) =>
    problems.push({
      path: path(at),
      message: `"${PLACEHOLDER.exec(text)![0]}" in HTML: SurveyJS would put the answer there unescaped, as live HTML. Write the text without {…} placeholders`,
    });
  const checkHtml = (value: unknown, at: (string | number)[]): void => {
    if (typeof value === 'string') {
      if (PLACEHOLDER.test(value)) refuse(at, value);
    } else if (typeof value === 'object' && value !== null) {
      // A text per language ({"default": ..., "da": ...}), or a list (completedHtmlOnCondition) walked below.
      if (!Array.isArray(value)) for (const [locale, text] of Object.entries(value)) if (typeof text === 'string') checkHtml(text, [...at, locale]);
    }
  };
  walkProperties(survey, (key, value, at) => {
    if (isHtmlKey(key)) checkHtml(value, at);
  });
  return problems;
}

/**
 * The survey with every `{` and `}` in its HTML properties as character references, so SurveyJS
 * pipes nothing into them: for versions stored before the load check refused placeholders (a
 * response answered with one is still shown to nurses). A survey that passed the check is returned
 * with the same content.
 */
export function withoutPipedHtml(survey: SurveyJson): SurveyJson {
  const defuse = (text: string): string => text.replace(/[{}]/g, (c) => (c === '{' ? '&#123;' : '&#125;'));
  let defused = survey;
  walkProperties(survey, (key, value, at) => {
    if (!isHtmlKey(key)) return;
    if (typeof value === 'string') defused = withValueAt(defused, at, defuse(value));
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      defused = withValueAt(defused, at, Object.fromEntries(Object.entries(value).map(([locale, text]) => [locale, typeof text === 'string' ? defuse(text) : text])));
    } else return; // a list (completedHtmlOnCondition's kind) or nothing: walked on
    return false;
  });
  return defused;
}

/** `html`, or a key ending in `Html` (`completedHtml`, `loadingHtml`...). */
function isHtmlKey(key: string): boolean {
  return key === 'html' || key.endsWith('Html');
}

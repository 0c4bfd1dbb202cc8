/**
 * Who is filling in (clinical rules v2, 13): the patient's own link asks, first and optionally, the
 * survey question named `respondent` ("I am" / "I am, with help from someone" / "A relative, for
 * me"); a relative's own link does not show it. Pure: no I/O.
 */
import type { Respondent, ResponseMode } from '../contract/codes.js';

/** The name of the question, in any questionnaire that asks it. */
export const RESPONDENT_QUESTION = 'respondent';

/**
 * How answers on the patient's own link were given, from the answer to `respondent`: with help
 * (assisted, the patient answering), by a relative (proxy), or, for "I am" or no answer, by the
 * patient alone (self).
 */
export function ownLinkProvenance(answers: Record<string, unknown>): { mode: ResponseMode; respondent: Respondent } {
  switch (answers[RESPONDENT_QUESTION]) {
    case 'assisted':
      return { mode: 'assisted', respondent: 'patient' };
    case 'relative':
      return { mode: 'proxy', respondent: 'relative' };
    default:
      return { mode: 'self', respondent: 'patient' };
  }
}

/**
 * The SurveyJS JSON with the named question hidden (`visible: false`) wherever it stands, in pages
 * and nested panels; the input is not changed. A relative's own link is not asked who is filling in.
 */
export function withQuestionHidden(survey: Record<string, unknown>, name: string): Record<string, unknown> {
  const hide = (element: unknown): unknown => {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) return element;
    const e = element as Record<string, unknown>;
    const copy: Record<string, unknown> = { ...e };
    if (Array.isArray(e.elements)) copy.elements = e.elements.map(hide);
    if (e.name === name && e.type !== undefined && e.type !== 'panel') copy.visible = false;
    return copy;
  };
  return { ...survey, ...(Array.isArray(survey.pages) ? { pages: survey.pages.map(hide) } : {}), ...(Array.isArray(survey.elements) ? { elements: survey.elements.map(hide) } : {}) };
}

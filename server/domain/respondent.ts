/**
 * Who is filling in (clinical rules v2, 13): the patient's own link asks, first and optionally, the
 * survey question named `respondent` ("I am" / "I am, with help from someone" / "A relative, for
 * me"); a relative's own link does not show it. Pure: no I/O.
 */
import type { Respondent, ResponseMode } from '../contract/codes.js';
import { walkSurvey, withValueAt, type SurveyJson } from './survey-index.js';

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
export function withQuestionHidden(survey: SurveyJson, name: string): SurveyJson {
  let hidden = survey;
  walkSurvey(survey, ({ kind, node, at }) => {
    if (kind === 'element' && node.name === name && node.type !== undefined && node.type !== 'panel') hidden = withValueAt(hidden, [...at, 'visible'], false);
  });
  return hidden;
}

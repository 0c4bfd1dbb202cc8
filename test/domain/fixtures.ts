import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire-schema.js';
import type { QuestionInfo, SurveyGroup } from '../../server/domain/survey-index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

/** A fresh, mutable copy of the minimal definition's JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document the tests reach into and break freely
export function minimalJson(): Record<string, any> {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'definitions', 'minimal.json'), 'utf8'));
}

export function minimalQuestionnaire(): { definition: QuestionnaireDefinition; questions: Map<string, QuestionInfo>; pages: SurveyGroup[] } {
  const result = parseQuestionnaire(minimalJson());
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result;
}

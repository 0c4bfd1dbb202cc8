import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Model } from 'survey-core';
import { jsonPath, type DefinitionProblem } from './domain/definition-problem.js';
import { parseQuestionnaire, type QuestionnaireDefinition } from './domain/questionnaire-schema.js';
import type { QuestionInfo, SurveyGroup } from './domain/survey-index.js';
import { pipedHtmlProblems } from './domain/piped-html.js';
import { unsupportedSurveyFeatures } from './domain/survey-features.js';

export interface LoadedQuestionnaire {
  definition: QuestionnaireDefinition;
  /** The survey's questions by name. */
  questions: Map<string, QuestionInfo>;
  /** Its pages and panels, with the questions they hold. */
  pages: SurveyGroup[];
  file: string;
}

export type QuestionnaireCatalog = Map<string, LoadedQuestionnaire>;

interface FileProblem extends DefinitionProblem {
  file: string;
}

/** One or more questionnaire files are invalid; the message lists each problem as `file: path: message`. */
export class QuestionnaireLoadError extends Error {
  override readonly name = 'QuestionnaireLoadError';
  constructor(readonly problems: FileProblem[]) {
    super(`Invalid questionnaire definitions:\n${problems.map((p) => `  ${p.file}: ${p.path}: ${p.message}`).join('\n')}`);
  }
}

export const DEFAULT_QUESTIONNAIRE_DIR = path.resolve(import.meta.dirname, '..', 'questionnaires');

/** SurveyJS's own view of the survey JSON: properties or question types it does not know, each at the path of the object it names. */
function surveyJsonProblems(survey: Record<string, unknown>): DefinitionProblem[] {
  return (new Model(survey).jsonErrors ?? []).map((error) => {
    const { jsonObj, propertyName } = error as { jsonObj?: unknown; propertyName?: string };
    const at = pathTo(survey, jsonObj) ?? [];
    const where = error.constructor.name === 'JsonUnknownPropertyError' && propertyName ? [...at, propertyName] : at;
    return { path: jsonPath(['survey', ...where]), message: `SurveyJS: ${error.message}` };
  });
}

/** The path from `root` to the very object `target` (SurveyJS reports the JSON objects it read). */
function pathTo(root: unknown, target: unknown): (string | number)[] | null {
  if (root === target) return [];
  if (typeof root !== 'object' || root === null) return null;
  for (const [key, child] of Object.entries(root)) {
    const rest = pathTo(child, target);
    if (rest) return [Array.isArray(root) ? Number(key) : key, ...rest];
  }
  return null;
}

/** Parses and validates one file's text; `file` only names it in problems. */
function parseQuestionnaireFile(file: string, content: string): LoadedQuestionnaire | FileProblem[] {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return [{ file, path: '$', message: `not valid JSON: ${(error as Error).message}` }];
  }
  const result = parseQuestionnaire(json);
  if ('problems' in result) return result.problems.map((p) => ({ file, ...p }));
  const expectedId = path.basename(file, '.json');
  // Refused here, not in parseQuestionnaire: versions stored before these checks must stay readable.
  const survey = result.definition.survey;
  const problems: DefinitionProblem[] = [...surveyJsonProblems(survey), ...unsupportedSurveyFeatures(survey), ...pipedHtmlProblems(survey)];
  if (result.definition.id !== expectedId) problems.push({ path: '$.id', message: `id "${result.definition.id}" must match the file name "${expectedId}"` });
  return problems.length > 0 ? problems.map((p) => ({ file, ...p })) : { ...result, file };
}

/** Loads every `*.json` in the folder; throws QuestionnaireLoadError naming each problem. */
export async function loadQuestionnaires(dir = DEFAULT_QUESTIONNAIRE_DIR): Promise<QuestionnaireCatalog> {
  const files = (await readdir(dir).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'ENOENT' && (error as { code?: unknown }).code !== 'ENOTDIR') throw error;
    throw new Error(`Questionnaire folder not found: ${path.resolve(dir)} (set QUESTIONNAIRE_DIR to the folder with the questionnaire files)`, { cause: error });
  })).filter((f) => f.endsWith('.json')).sort();
  const catalog: QuestionnaireCatalog = new Map();
  const problems: FileProblem[] = [];
  for (const name of files) {
    const file = path.join(path.relative(process.cwd(), dir) || '.', name);
    const result = parseQuestionnaireFile(file, await readFile(path.join(dir, name), 'utf8'));
    if (Array.isArray(result)) problems.push(...result);
    else catalog.set(result.definition.id, result);
  }
  if (files.length === 0) problems.push({ file: dir, path: '$', message: 'no questionnaire files (*.json) found' });
  if (problems.length > 0) throw new QuestionnaireLoadError(problems);
  return catalog;
}

/** `npm run score -- <questionnaire-id> <answers.json>`: scores one set of answers and prints the proposed level. */
import { readFile } from 'node:fs/promises';
import { loadQuestionnaires, QuestionnaireLoadError } from '../questionnaire-loader.js';
import { assessResponse, AnswerValidationError } from '../domain/assessment.js';
import type { Evidence } from '../domain/flagging.js';

function describeEvidence(e: Evidence): string {
  if (e.kind === 'scale') return `${e.scale} ${e.value.toFixed(1)} ${e.comparison === 'below' ? '<' : '>='} ${e.threshold}`;
  return e.comparison === 'answered' ? `${e.item} answered` : `${e.item} = ${JSON.stringify(e.value)}`;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const [questionnaireId, answersFile] = process.argv.slice(2);
if (!questionnaireId || !answersFile) fail('Usage: npm run score -- <questionnaire-id> <answers.json>');

const catalog = await loadQuestionnaires().catch((error: unknown) => fail(error instanceof QuestionnaireLoadError ? error.message : String(error)));
const questionnaire = catalog.get(questionnaireId);
if (!questionnaire) fail(`Unknown questionnaire "${questionnaireId}". Known: ${[...catalog.keys()].join(', ')}`);

const text = await readFile(answersFile, 'utf8').catch((error: Error) => fail(`Cannot read ${answersFile}: ${error.message}`));
let answers: unknown;
try {
  answers = JSON.parse(text);
} catch (error) {
  fail(`${answersFile} is not valid JSON: ${(error as Error).message}`);
}

try {
  const { scores, flag } = assessResponse(questionnaire, answers);
  const { definition } = questionnaire;
  console.log(`${definition.title.en} (${definition.id}@${definition.version})\n`);
  for (const scale of definition.scales) {
    const { score } = scores.find((s) => s.scale === scale.id)!;
    const shown = score === null ? 'not enough answers' : score.toFixed(1);
    const threshold = scale.threshold ? `  (threshold ${scale.threshold.value}, ${scale.kind === 'symptom' ? 'need at or above' : 'need below'})` : '';
    console.log(`  ${scale.title.en.padEnd(28)} ${shown.padStart(18)}${threshold}`);
  }
  console.log(`\nProposed level: ${flag.level}`);
  for (const reason of flag.reasons) {
    console.log(`  [${reason.level}] ${reason.rule}: ${reason.text.en}\n      evidence: ${reason.evidence.map(describeEvidence).join('; ')}`);
  }
} catch (error) {
  if (error instanceof AnswerValidationError) fail(`Invalid answers in ${answersFile}:\n${error.problems.map((p) => `  ${p.question}: ${p.message}`).join('\n')}`);
  throw error;
}

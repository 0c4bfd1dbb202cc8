/**
 * `npm run score -- <questionnaire-id> <answers.json> [--json]`: scores one set of answers and prints
 * the proposed level, urgency and own words (as text, or as one JSON object with `--json`).
 */
import { readFile } from 'node:fs/promises';
import { loadQuestionnaires, QuestionnaireLoadError } from '../questionnaire-loader.js';
import { assessResponse, AnswerValidationError, type Assessment } from '../domain/assessment.js';
import type { Evidence } from '../domain/flagging.js';
import { ownWordsExcerpt } from '../domain/own-words.js';
import type { QuestionnaireDefinition } from '../domain/questionnaire-schema.js';
import { isNeed } from '../domain/scoring.js';

function describeEvidence(e: Evidence): string {
  if (e.kind === 'scale') return `${e.scale} ${e.value.toFixed(1)} ${e.comparison === 'below' ? '<' : '>='} ${e.threshold}`;
  if (e.comparison === 'answered') return typeof e.value === 'string' ? `${e.item}: "${ownWordsExcerpt(e.value)}"` : `${e.item} answered`;
  return `${e.item} = ${JSON.stringify(e.value)}`;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The machine-readable result: one object, scores unrounded, a missing scale with `"score": null`. */
function asJson(definition: QuestionnaireDefinition, { scores, flag }: Assessment): unknown {
  return {
    questionnaireId: definition.id,
    version: definition.version,
    level: flag.level,
    urgent: flag.urgent,
    urgentReasons: flag.urgentReasons.map((r) => ({ ruleId: r.rule, text: r.text, evidence: r.evidence })),
    ownWords: flag.ownWords,
    scores: definition.scales.map((scale) => {
      const { score } = scores.find((s) => s.scale === scale.id)!;
      const threshold = scale.threshold?.value ?? null;
      return { scale: scale.id, score, threshold, need: threshold !== null && isNeed(scale.kind, score, threshold) };
    }),
    reasons: flag.reasons.map((r) => ({ ruleId: r.rule, level: r.level, text: r.text, evidence: r.evidence })),
  };
}

function printText(definition: QuestionnaireDefinition, { scores, flag }: Assessment): void {
  console.log(`${definition.title.en} (${definition.id}@${definition.version})\n`);
  for (const scale of definition.scales) {
    const { score } = scores.find((s) => s.scale === scale.id)!;
    const shown = score === null ? 'not enough answers' : score.toFixed(1);
    const threshold = scale.threshold ? `  (threshold ${scale.threshold.value}, ${scale.kind === 'symptom' ? 'need at or above' : 'need below'})` : '';
    console.log(`  ${scale.title.en.padEnd(28)} ${shown.padStart(18)}${threshold}`);
  }
  console.log(`\nUrgent review: ${flag.urgent ? 'YES' : 'no'}`);
  for (const reason of flag.urgentReasons) {
    console.log(`  [urgent] ${reason.rule}: ${reason.text.en}\n      evidence: ${reason.evidence.map(describeEvidence).join('; ')}`);
  }
  console.log(`Own words: ${flag.ownWords ? `yes (${flag.ownWordsQuestions.join(', ')})` : 'no'}`);
  console.log(`\nProposed level: ${flag.level}`);
  for (const reason of flag.reasons) {
    // The engine's "incomplete" cites no single answer: its evidence is the scale scores above.
    const evidence = reason.evidence.length > 0 ? reason.evidence.map(describeEvidence).join('; ') : 'the scale scores above';
    console.log(`  [${reason.level}] ${reason.rule}: ${reason.text.en}\n      evidence: ${evidence}`);
  }
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const [questionnaireId, answersFile] = args.filter((a) => a !== '--json');
if (!questionnaireId || !answersFile) fail('Usage: npm run score -- <questionnaire-id> <answers.json> [--json]');

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
  const assessment = assessResponse(questionnaire, answers);
  if (json) console.log(JSON.stringify(asJson(questionnaire.definition, assessment), null, 2));
  else printText(questionnaire.definition, assessment);
} catch (error) {
  if (error instanceof AnswerValidationError) fail(`Invalid answers in ${answersFile}:\n${error.problems.map((p) => `  ${p.question}: ${p.message}`).join('\n')}`);
  throw error;
}

/**
 * The work of `npm run score` (bin: score.ts): scores one set of answers and prints the proposed
 * level, urgency and own words, as text or as one JSON object with `--json`. A function of its
 * arguments and an output, so tests run it in-process (a `tsx` start costs about a second).
 */
import { readFile } from 'node:fs/promises';
import { loadQuestionnaires, QuestionnaireLoadError } from '../questionnaire-loader.js';
import { assessResponse, AnswerValidationError, type Assessment } from '../domain/assessment.js';
import type { Evidence } from '../domain/flagging.js';
import { ownWordsExcerpt } from '../domain/own-words.js';
import type { QuestionnaireDefinition } from '../domain/questionnaire-schema.js';
import { isNeed } from '../domain/scoring.js';

/** Where the command writes: `console` in the bin; lines, without their newline. */
export interface ScoreOutput {
  log(line: string): void;
  error(line: string): void;
}

/** A refusal: its message goes to stderr and the command exits 1. */
class ScoreFailure extends Error {}

function fail(message: string): never {
  throw new ScoreFailure(message);
}

function describeEvidence(e: Evidence): string {
  if (e.kind === 'scale') return `${e.scale} ${e.value.toFixed(1)} ${e.comparison === 'below' ? '<' : '>='} ${e.threshold}`;
  if (e.comparison === 'answered') return typeof e.value === 'string' ? `${e.item}: "${ownWordsExcerpt(e.value)}"` : `${e.item} answered`;
  return `${e.item} = ${JSON.stringify(e.value)}`;
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

function printText(out: ScoreOutput, definition: QuestionnaireDefinition, { scores, flag }: Assessment): void {
  out.log(`${definition.title.en} (${definition.id}@${definition.version})\n`);
  for (const scale of definition.scales) {
    const { score } = scores.find((s) => s.scale === scale.id)!;
    const shown = score === null ? 'not enough answers' : score.toFixed(1);
    const threshold = scale.threshold ? `  (threshold ${scale.threshold.value}, ${scale.kind === 'symptom' ? 'need at or above' : 'need below'})` : '';
    out.log(`  ${scale.title.en.padEnd(28)} ${shown.padStart(18)}${threshold}`);
  }
  out.log(`\nUrgent review: ${flag.urgent ? 'YES' : 'no'}`);
  for (const reason of flag.urgentReasons) {
    out.log(`  [urgent] ${reason.rule}: ${reason.text.en}\n      evidence: ${reason.evidence.map(describeEvidence).join('; ')}`);
  }
  out.log(`Own words: ${flag.ownWords ? `yes (${flag.ownWordsQuestions.join(', ')})` : 'no'}`);
  out.log(`\nProposed level: ${flag.level}`);
  for (const reason of flag.reasons) {
    // The engine's "incomplete" cites no single answer: its evidence is the scale scores above.
    const evidence = reason.evidence.length > 0 ? reason.evidence.map(describeEvidence).join('; ') : 'the scale scores above';
    out.log(`  [${reason.level}] ${reason.rule}: ${reason.text.en}\n      evidence: ${evidence}`);
  }
}

async function score(args: string[], out: ScoreOutput): Promise<void> {
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
    if (json) out.log(JSON.stringify(asJson(questionnaire.definition, assessment), null, 2));
    else printText(out, questionnaire.definition, assessment);
  } catch (error) {
    if (error instanceof AnswerValidationError) fail(`Invalid answers in ${answersFile}:\n${error.problems.map((p) => `  ${p.question}: ${p.message}`).join('\n')}`);
    throw error;
  }
}

/** Runs `npm run score` with these arguments; resolves with the exit code (1: refused, the reason on `error`). */
export async function runScore(args: string[], out: ScoreOutput): Promise<number> {
  try {
    await score(args, out);
    return 0;
  } catch (error) {
    if (!(error instanceof ScoreFailure)) throw error;
    out.error(error.message);
    return 1;
  }
}

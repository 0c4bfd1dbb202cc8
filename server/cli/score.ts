/**
 * `npm run score -- <questionnaire-id> <answers.json> [--json]`: scores one set of answers and prints
 * the proposed level, urgency and own words (as text, or as one JSON object with `--json`).
 * The work is in score-command.ts.
 */
import { runScore } from './score-command.js';

process.exitCode = await runScore(process.argv.slice(2), console);

/** `npm run check:questionnaires [dir]`: validates every questionnaire file, as the server does at start. */
import { loadQuestionnaires, QuestionnaireLoadError } from '../questionnaire-loader.js';

try {
  const catalog = await loadQuestionnaires(process.argv[2]);
  for (const { definition, file } of catalog.values()) {
    console.log(`ok  ${file}  ${definition.id}@${definition.version}: ${definition.scales.length} scales, ${definition.flagging.rules.length} rules`);
  }
} catch (error) {
  if (!(error instanceof QuestionnaireLoadError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}

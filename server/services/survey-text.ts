/** The texts a reader of stored answers needs: each question's title and each choice's text, from the survey index built at load. */
import type { QuestionInfo } from '../domain/survey-index.js';

interface QuestionTexts {
  title: unknown;
  choices: Map<unknown, unknown>;
}

const cache = new WeakMap<ReadonlyMap<string, QuestionInfo>, Map<string, QuestionTexts>>();

/** Question name → title (the name when it has none) and choice value → text (the value when it has none). */
export function surveyTexts(questions: ReadonlyMap<string, QuestionInfo>): Map<string, QuestionTexts> {
  const cached = cache.get(questions);
  if (cached) return cached;
  const texts = new Map([...questions.values()].map((q) => [q.name, { title: q.title ?? q.name, choices: new Map(q.options.map((o) => [o.value, o.text ?? o.value])) }]));
  cache.set(questions, texts);
  return texts;
}

/**
 * The patient's own words: free text is never scored and never keyword-matched, and it is never
 * left unread. Any non-empty free-text answer is found here, whatever it says. Pure: no I/O.
 */
import { isAgendaAnswer, type Respondent } from '../contract/codes.js';
import type { FlagResult, Localized } from './flagging.js';
import type { QuestionInfo } from './survey-index.js';

/** The id of the reason the engine adds for own words (not a rule in the file: no file can leave it out). */
export const OWN_WORDS_RULE = 'own-words';

export const OWN_WORDS_REASON: Localized = {
  da: 'Patienten har skrevet med egne ord: læs dem.',
  en: 'The patient wrote in their own words: read them.',
};

/** The reason when a relative answered (clinical rules v2, 13): the words are the relative's, not the patient's. */
export const OWN_WORDS_RELATIVE_REASON: Localized = {
  da: 'Den pårørende har skrevet med egne ord: læs dem.',
  en: 'The relative wrote in their own words: read them.',
};

/** The flag with its own-words reason saying who wrote: the relative, when a relative answered. */
export function ownWordsBy(flag: FlagResult, respondent: Respondent): FlagResult {
  if (respondent !== 'relative' || !flag.ownWords) return flag;
  return { ...flag, reasons: flag.reasons.map((r) => (r.rule === OWN_WORDS_RULE ? { ...r, text: OWN_WORDS_RELATIVE_REASON } : r)) };
}

/** SurveyJS keeps the text of an "Other" choice or a question's comment box under `<name>-Comment`. */
export const COMMENT_SUFFIX = '-Comment';

export interface OwnWordsAnswer {
  /** The answer's key: a question name, or `<name>-Comment`. */
  question: string;
  text: string;
}

/** Every non-empty (after trimming) free-text answer, in survey order: `comment` and `text` questions and `-Comment` boxes. */
export function findOwnWords(questions: ReadonlyMap<string, QuestionInfo>, answers: Record<string, unknown>): OwnWordsAnswer[] {
  const found: OwnWordsAnswer[] = [];
  const take = (key: string): void => {
    const value = answers[key];
    if (typeof value === 'string' && value.trim() !== '') found.push({ question: key, text: value });
  };
  for (const q of questions.values()) {
    if (q.freeText) take(q.name);
    take(q.name + COMMENT_SUFFIX);
  }
  return found;
}

/** The first words of a text, for a marker on the worklist: whitespace collapsed, cut at a word with "…". */
export function ownWordsExcerpt(text: string, maxChars = 60): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  if (flat.length <= maxChars) return flat;
  const cut = flat.slice(0, maxChars + 1);
  const lastSpace = cut.lastIndexOf(' ');
  // A single very long word is cut mid-word rather than shown whole.
  return `${(lastSpace > 0 ? cut.slice(0, lastSpace) : flat.slice(0, maxChars)).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/** About how much of each text the worklist shows: enough for a sentence such as a plan to take an overdose. */
export const WORKLIST_EXCERPT_CHARS = 140;

/**
 * Every text of a response for the worklist, each cut to about 140 characters: the agenda's text
 * ("what matters most to talk about") first, then the others in survey order. Not only the first
 * text: the alarming one may come last (clinical rules v2, 9).
 */
export function ownWordsExcerpts(texts: readonly OwnWordsAnswer[]): string[] {
  const agendaFirst = [...texts.filter((t) => isAgendaAnswer(t.question)), ...texts.filter((t) => !isAgendaAnswer(t.question))];
  return agendaFirst.map((t) => ownWordsExcerpt(t.text, WORKLIST_EXCERPT_CHARS));
}

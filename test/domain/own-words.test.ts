import { describe, expect, it } from 'vitest';
import { findOwnWords, ownWordsExcerpt, ownWordsExcerpts } from '../../server/domain/own-words.js';
import { parseQuestionnaire } from '../../server/domain/questionnaire-schema.js';
import { minimalJson, minimalQuestionnaire } from './fixtures.js';

const { questions } = minimalQuestionnaire();

describe('findOwnWords', () => {
  it('finds a comment question answered with text, whatever it says', () => {
    expect(findOwnWords(questions, { pain: 1, other: 'Nothing much' })).toEqual([{ question: 'other', text: 'Nothing much' }]);
  });

  it('ignores empty and whitespace-only text, and choice answers', () => {
    expect(findOwnWords(questions, { pain: 4, other: ' \n\t ', contact: ['nurse'] })).toEqual([]);
    expect(findOwnWords(questions, { other: '' })).toEqual([]);
  });

  it('finds the text of a "-Comment" box, after its question', () => {
    expect(findOwnWords(questions, { 'contact-Comment': 'Only in the mornings', other: 'Dizzy' })).toEqual([
      { question: 'other', text: 'Dizzy' },
      { question: 'contact-Comment', text: 'Only in the mornings' },
    ]);
  });

  it('finds text questions, but not those with a special input type such as a date', () => {
    const json = minimalJson();
    json.survey.pages[0].elements.push(
      { type: 'text', name: 'note', title: { default: 'Note', da: 'Note' } },
      { type: 'text', name: 'when', inputType: 'date', title: { default: 'When?', da: 'Hvornår?' } },
    );
    const parsed = parseQuestionnaire(json);
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    expect(findOwnWords(parsed.questions, { note: 'Call my son', when: '2025-01-02' })).toEqual([{ question: 'note', text: 'Call my son' }]);
  });
});

describe('ownWordsExcerpt', () => {
  it('keeps a short text whole, with its whitespace collapsed', () => {
    expect(ownWordsExcerpt('  Jeg kan\n ikke mere. ')).toBe('Jeg kan ikke mere.');
  });

  it('cuts a long text at a word and marks the cut', () => {
    const text = 'Jeg har tanker om at tage mit eget liv. Jeg kan ikke mere, og jeg ved ikke, hvem jeg skal ringe til.';
    const excerpt = ownWordsExcerpt(text, 40);
    expect(excerpt).toBe('Jeg har tanker om at tage mit eget liv…');
    expect(excerpt.length).toBeLessThanOrEqual(41);
  });

  it('cuts a single over-long word', () => {
    expect(ownWordsExcerpt('x'.repeat(100), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});

describe('ownWordsExcerpts', () => {
  it('puts the agenda\'s text first, then the others in survey order, each cut at a word to about 140 characters', () => {
    const long = `${'word '.repeat(40)}end`;
    const excerpts = ownWordsExcerpts([
      { question: 'other_symptoms', text: 'Lidt tør i munden.' },
      { question: 'cannot_cope-Comment', text: long },
      { question: 'talk_about_other', text: 'Jeg vil ikke mere.' },
    ]);
    expect(excerpts[0]).toBe('Jeg vil ikke mere.');
    expect(excerpts[1]).toBe('Lidt tør i munden.');
    expect(excerpts[2]).toBe(`${'word '.repeat(28).trim()}…`);
  });
});

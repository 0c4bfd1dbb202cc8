import { describe, expect, it } from 'vitest';
import { csvNumber, csvText } from '../../server/domain/csv.js';

describe('csvText (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","x")', `'=HYPERLINK("https://evil.example","x")`],
    ['+4520304050', `'+4520304050`],
    ['-3.5', `'-3.5`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
  ])('prefixes a text a spreadsheet would run as a formula: %j', (text, cell) => {
    expect(csvText(text)).toBe(cell);
  });

  it.each(['ext-12', 'Called her, she said "I manage"', '', 'a=b', "'quoted"])('leaves other text as it is: %j', (text) => {
    expect(csvText(text)).toBe(text);
  });
});

describe('csvNumber', () => {
  it('writes a number as a number, a negative one too, and missing as empty', () => {
    expect(csvNumber(-3.5)).toBe('-3.5');
    expect(csvNumber(100 / 3)).toBe(String(100 / 3));
    expect(csvNumber(null)).toBe('');
    expect(csvNumber(undefined)).toBe('');
  });
});

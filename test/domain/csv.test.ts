import { describe, expect, it } from 'vitest';
import { csvNumber, csvText, excelDaNumber, excelDaText, excelDaTime } from '../../server/domain/csv.js';

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

describe('CSV til Excel (dansk)', () => {
  it('rounds a score to one decimal with a decimal comma; missing is empty', () => {
    expect(excelDaNumber(100 / 3)).toBe('33,3');
    expect(excelDaNumber(66.66666)).toBe('66,7');
    expect(excelDaNumber(100)).toBe('100,0');
    expect(excelDaNumber(0)).toBe('0,0');
    expect(excelDaNumber(-0.04)).toBe('0,0');
    expect(excelDaNumber(null)).toBe('');
    expect(excelDaNumber(undefined)).toBe('');
  });

  it('writes a time in the clinic time zone as Excel reads a date and time', () => {
    expect(excelDaTime('2026-12-05T13:30:00.000Z', 'Europe/Copenhagen')).toBe('2026-12-05 14:30');
    expect(excelDaTime('2026-07-01T22:15:00.000Z', 'Europe/Copenhagen')).toBe('2026-07-02 00:15');
    expect(excelDaTime('', 'Europe/Copenhagen')).toBe('');
  });

  it('writes codes in Danish words and still neutralises formulas', () => {
    expect(excelDaText('proposed_level', 'specialized')).toBe('specialiseret');
    expect(excelDaText('urgent', 'true')).toBe('ja');
    expect(excelDaText('decision', 'refer')).toBe('henvist');
    expect(excelDaText('decision_note', '=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(excelDaText('patient_external_id', 'specialized')).toBe('specialized');
  });
});

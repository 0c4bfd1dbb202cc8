import { describe, expect, it } from 'vitest';
import { ageLabel, daysLabel, interpolate, localized, MESSAGE_KEYS, messages, surveyText, translator } from '../../client/staff/i18n.js';

describe('staff UI text', () => {
  it('has every message in Danish and English, none empty', () => {
    for (const lang of ['da', 'en'] as const) {
      const table = messages(lang);
      for (const key of MESSAGE_KEYS) expect(table[key]?.trim(), `${lang}.${key}`).toBeTruthy();
      expect(Object.keys(table).sort()).toEqual([...MESSAGE_KEYS].sort());
    }
  });

  it('uses the same placeholders in both languages', () => {
    const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    for (const key of MESSAGE_KEYS) expect(names(messages('da')[key]), key).toEqual(names(messages('en')[key]));
  });

  it('fills placeholders and leaves unknown ones as they are', () => {
    expect(interpolate('Waiting {days} for {who}', { days: '3 days' })).toBe('Waiting 3 days for {who}');
    expect(translator('en')('waiting', { days: '2 days' })).toBe('Waiting 2 days');
    expect(translator('da')('waiting', { days: '2 dage' })).toBe('Venter 2 dage');
  });

  it('says the proposed level is decision support, not a national algorithm, in both languages', () => {
    expect(messages('en').decisionSupport).toMatch(/not a national algorithm/);
    expect(messages('da').decisionSupport).toMatch(/ikke en national algoritme/);
    expect(messages('en').eortcStyle).toMatch(/EORTC-style/);
  });

  it('picks our {da, en} text and falls back to the other language', () => {
    expect(localized({ da: 'Smerter', en: 'Pain' }, 'da')).toBe('Smerter');
    expect(localized({ da: '', en: 'Pain' }, 'da')).toBe('Pain');
    expect(localized(undefined, 'en')).toBe('');
  });

  it('reads SurveyJS localizable strings: English under "default", Danish under "da"', () => {
    expect(surveyText({ default: 'Pain', da: 'Smerter' }, 'en')).toBe('Pain');
    expect(surveyText({ default: 'Pain', da: 'Smerter' }, 'da')).toBe('Smerter');
    expect(surveyText({ default: 'Pain' }, 'da')).toBe('Pain');
    expect(surveyText([{ default: 'A', da: 'Æ' }, 'B'], 'da')).toBe('Æ, B');
    expect(surveyText('plain', 'en')).toBe('plain');
  });

  it('writes ages and waits in whole days', () => {
    const t = translator('en');
    expect(ageLabel(0.4, t)).toBe('today');
    expect(ageLabel(1, t)).toBe('1 day ago');
    expect(ageLabel(12.9, t)).toBe('12 days ago');
    expect(daysLabel(1, t)).toBe('1 day');
    expect(daysLabel(0, translator('da'))).toBe('0 dage');
  });
});

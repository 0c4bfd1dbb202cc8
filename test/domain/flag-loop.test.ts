import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../server/contract/settings.js';
import { dueAtFor, endOfDay, escalationMessage, isOverdue, median, overdueMinutes, overviewFigures } from '../../server/domain/flag-loop.js';

const CREATED = new Date('2026-03-02T09:00:00.000Z');
const at = (iso: string) => new Date(iso);
const { deadlines } = DEFAULT_SITE_SETTINGS;

describe('dueAtFor', () => {
  it.each([
    [{ urgent: true, level: 'none', ownWords: false }, '2026-03-03T09:00:00.000Z'], // PT24H, whatever the level
    [{ urgent: true, level: 'specialized', ownWords: false }, '2026-03-03T09:00:00.000Z'],
    [{ urgent: false, level: 'specialized', ownWords: false }, '2026-03-04T09:00:00.000Z'], // P2D
    [{ urgent: false, level: 'basic', ownWords: false }, '2026-03-07T09:00:00.000Z'], // P5D
    [{ urgent: false, level: 'none', ownWords: false }, '2026-03-12T09:00:00.000Z'], // P10D
    [{ urgent: false, level: 'basic', ownWords: true }, '2026-03-03T09:00:00.000Z'], // own words: PT24H, earlier than P5D
  ] as const)('gives %o the deadline %s', (flag, due) => {
    expect(dueAtFor(CREATED, deadlines, flag).toISOString()).toBe(due);
  });

  it('keeps an earlier deadline than the own-words one', () => {
    expect(dueAtFor(CREATED, { ...deadlines, ownWords: 'P3D' }, { urgent: true, level: 'basic', ownWords: true }).toISOString()).toBe('2026-03-03T09:00:00.000Z');
    expect(dueAtFor(CREATED, { ...deadlines, ownWords: 'PT2H' }, { urgent: true, level: 'basic', ownWords: true }).toISOString()).toBe('2026-03-02T11:00:00.000Z');
  });

  it('counts days as 24 hours across the change to summer time', () => {
    expect(dueAtFor(at('2026-03-28T12:00:00.000Z'), { ...deadlines, basic: 'P1DT1M' }, { urgent: false, level: 'basic', ownWords: false }).toISOString()).toBe('2026-03-29T12:01:00.000Z');
  });
});

describe('overdue', () => {
  const flag = { dueAt: '2026-03-02T10:00:00.000Z', closedAt: null };
  it('is not overdue at or before the deadline', () => {
    expect([isOverdue(flag, at('2026-03-02T10:00:00.000Z')), overdueMinutes(flag, at('2026-03-02T10:00:00.000Z'))]).toEqual([false, null]);
  });
  it('says for how many whole minutes a flag has been overdue', () => {
    expect(overdueMinutes(flag, at('2026-03-02T13:05:59.000Z'))).toBe(185);
  });
  it('is never overdue once closed', () => {
    expect(isOverdue({ ...flag, closedAt: '2026-03-02T12:00:00.000Z' }, at('2026-03-03T00:00:00.000Z'))).toBe(false);
  });
});

describe('escalationMessage', () => {
  it('says only that a flag is overdue, with the link, in English and Danish', () => {
    const m = escalationMessage('Palliativt Team Nord', 'https://pro.example.org/flags/f1');
    expect(m.text).toContain('https://pro.example.org/flags/f1');
    expect(m.text).toMatch(/overdue/);
    expect(m.text).toMatch(/forsinket/);
  });
});

describe('endOfDay', () => {
  it('ends the day at midnight in Copenhagen, winter and summer', () => {
    expect(endOfDay(at('2026-03-02T09:00:00.000Z'), 'Europe/Copenhagen').toISOString()).toBe('2026-03-02T23:00:00.000Z');
    expect(endOfDay(at('2026-07-01T21:30:00.000Z'), 'Europe/Copenhagen').toISOString()).toBe('2026-07-01T22:00:00.000Z');
    // 23:30 UTC is already the next day in Copenhagen.
    expect(endOfDay(at('2026-03-02T23:30:00.000Z'), 'Europe/Copenhagen').toISOString()).toBe('2026-03-03T23:00:00.000Z');
    // The day summer time starts has 23 hours: it ends at 22:00 UTC.
    expect(endOfDay(at('2026-03-29T12:00:00.000Z'), 'Europe/Copenhagen').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones; null for none', () => {
    expect([median([3, 1, 2]), median([4, 1, null, 2, 3]), median([null]), median([])]).toEqual([2, 2.5, null, null]);
  });
});

describe('overviewFigures', () => {
  it('counts and divides as docs/staff-app.md says', () => {
    const now = at('2026-03-10T12:00:00.000Z');
    const flag = (createdAt: string, dueAt: string, rest: Partial<{ firstActionAt: string; closedAt: string; level: 'none' | 'basic' | 'specialized' }> = {}) => ({
      createdAt, dueAt, firstActionAt: rest.firstActionAt ?? null, closedAt: rest.closedAt ?? null, ownerId: null, level: rest.level ?? 'basic',
    });
    const figures = overviewFigures({
      now,
      endOfToday: at('2026-03-10T23:00:00.000Z'),
      openFlags: [{ dueAt: '2026-03-10T11:00:00.000Z', ownerId: 'u' }, { dueAt: '2026-03-10T20:00:00.000Z', ownerId: null }, { dueAt: '2026-03-11T20:00:00.000Z', ownerId: null }],
      recentFlags: [
        flag('2026-03-09T12:00:00.000Z', '2026-03-10T12:00:00.000Z', { firstActionAt: '2026-03-09T14:00:00.000Z', closedAt: '2026-03-09T16:00:00.000Z' }), // in time: 2 h, 4 h
        flag('2026-03-08T12:00:00.000Z', '2026-03-09T12:00:00.000Z', { firstActionAt: '2026-03-09T12:00:00.000Z', closedAt: '2026-03-10T12:00:00.000Z' }), // late: 24 h, 48 h
        flag('2026-03-10T11:00:00.000Z', '2026-03-10T11:30:00.000Z', { level: 'none' }), // open, past due
        flag('2026-03-10T11:00:00.000Z', '2026-03-11T11:00:00.000Z'), // open, not due: not counted in the share
      ],
      recentResponses: 8,
      failedMessages: 2,
      emergencyAccesses: 1,
    });
    expect(figures).toEqual({
      overdueNow: 1, dueToday: 1, unowned: 2, closedWithinDeadlinePct: 33.3, medianHoursToFirstAction: 13, medianHoursToClose: 26, flagsPer100Responses: 37.5, failedMessages: 2,
      emergencyAccesses: 1,
    });
  });
});

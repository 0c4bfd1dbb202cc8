import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decisionProblems, decisionRequest, EMPTY_DRAFT, isoDateAfter } from '../../client/staff/logic/decision.js';
import { needsCall, oldestFirst, telHref } from '../../client/staff/logic/invitations.js';
import { startPolling } from '../../client/staff/logic/polling.js';
import { sortReferrals } from '../../client/staff/logic/referrals.js';
import { overdueText, ownerText } from '../../client/staff/logic/flag-ownership.js';
import { translator } from '../../client/staff/i18n.js';
import { countText, filterFromSearch, pageView, searchFromFilter, topReasons } from '../../client/staff/logic/worklist.js';
import { queryString } from '../../client/staff/api.js';
import { COUNT_CAP } from '../../server/contract/codes.js';
import type { FlagReason } from '../../server/contract/responses.js';

describe('the worklist', () => {
  it('keeps its filter in the address bar and ignores unknown values', () => {
    expect(filterFromSearch('?level=specialized&status=returned')).toEqual({ level: 'specialized', status: 'returned', overdue: false, offset: 0 });
    expect(filterFromSearch('?level=urgent&status=&overdue=yes&offset=-5')).toEqual({ level: '', status: '', overdue: false, offset: 0 });
    expect(filterFromSearch('?offset=200')).toEqual({ level: '', status: '', overdue: false, offset: 200 });
    expect(filterFromSearch('?level=all&overdue=true')).toEqual({ level: 'all', status: '', overdue: true, offset: 0 });
    expect(searchFromFilter({ level: 'basic', status: '', overdue: false, offset: 0 })).toBe('?level=basic');
    expect(searchFromFilter({ level: '', status: 'open', overdue: false, offset: 400 })).toBe('?status=open&offset=400');
    expect(searchFromFilter({ level: 'all', status: '', overdue: true, offset: 0 })).toBe('?level=all&overdue=true');
    expect(searchFromFilter({ level: '', status: '', overdue: false, offset: 0 })).toBe('');
  });

  it('shows the top reasons, highest level first, and counts the rest from the total the server sends', () => {
    const r = (rule: string, level: FlagReason['level']): FlagReason => ({ rule, level, text: { da: rule, en: rule }, evidence: [] });
    const { shown, more } = topReasons({ reasons: [r('a', 'basic'), r('b', 'specialized'), r('c', 'basic')], reasonCount: 3 });
    expect(shown.map((x) => x.rule)).toEqual(['b', 'a']);
    expect(more).toBe(1);
    // The server sends three reasons of ten: eight more than the two shown.
    expect(topReasons({ reasons: [r('a', 'specialized'), r('b', 'basic'), r('c', 'basic')], reasonCount: 10 }).more).toBe(8);
  });

  it('says which flags of how many this page shows, where the page before starts and the cursor of the page after', () => {
    const items = (n: number) => Array.from({ length: n }, () => ({}));
    expect(pageView({ items: items(200), total: 950, offset: 0, limit: 200, nextCursor: 'c1' })).toEqual({ from: 1, to: 200, total: 950, limit: 200, previous: null, next: 'c1', nextCount: 200 });
    expect(pageView({ items: items(150), total: 950, offset: 800, limit: 200, nextCursor: null })).toEqual({ from: 801, to: 950, total: 950, limit: 200, previous: 600, next: null, nextCount: 1 });
    expect(pageView({ items: items(3), total: 3, offset: 0, limit: 200, nextCursor: null })).toMatchObject({ previous: null, next: null });
    // Flags decided meanwhile can leave a later page empty: the way back stays.
    expect(pageView({ items: [], total: 150, offset: 200, limit: 200, nextCursor: null })).toMatchObject({ from: 0, to: 0, previous: 0, next: null });
    // Past the server's count ("10 000+"), the next page is as long as a full one.
    expect(pageView({ items: items(200), total: COUNT_CAP + 1, offset: COUNT_CAP, limit: 200, nextCursor: 'c2' })).toMatchObject({ next: 'c2', nextCount: 200 });
    // Flags that came meanwhile: the count says fewer than the server has after this page; the next page still says at least one.
    expect(pageView({ items: items(200), total: 200, offset: 0, limit: 200, nextCursor: 'c3' })).toMatchObject({ next: 'c3', nextCount: 1 });
  });

  it('keeps the cursor of a next page in the address bar instead of the offset', () => {
    expect(filterFromSearch('?status=open&after=abc_-1')).toEqual({ level: '', status: 'open', overdue: false, offset: 0, after: 'abc_-1' });
    expect(filterFromSearch('?after=abc&offset=400')).toMatchObject({ offset: 0, after: 'abc' });
    expect(searchFromFilter({ level: '', status: 'open', overdue: false, offset: 0, after: 'abc_-1' })).toBe('?status=open&after=abc_-1');
    expect(searchFromFilter({ level: '', status: '', overdue: false, offset: 400, after: 'abc' })).toBe('?after=abc');
  });

  it('writes a count past the cap as "10 000+" in the UI language', () => {
    expect(countText(950, 'en')).toBe('950');
    expect(countText(COUNT_CAP, 'en')).toBe('10,000');
    expect(countText(COUNT_CAP + 1, 'en')).toBe('10,000+');
    expect(countText(COUNT_CAP + 1, 'da')).toBe('10.000+');
  });

  it('sends only the filters that are set', () => {
    expect(queryString({ level: 'basic', status: '' })).toBe('?level=basic');
    expect(queryString({ level: undefined })).toBe('');
    expect(queryString({ query: 'Jens Ø' })).toBe('?query=Jens+%C3%98');
  });
});

describe('the decision form', () => {
  it('needs who is responsible, the next evaluation and a plan for the basic level', () => {
    expect(decisionProblems({ ...EMPTY_DRAFT, action: 'basic' })).toEqual({ responsible: 'needResponsible', nextEvaluation: 'needNextEvaluation', note: 'needPlan' });
    const draft = { ...EMPTY_DRAFT, action: 'basic' as const, responsible: ' Anna ', nextEvaluation: '2025-04-01', note: ' Visit on Monday ' };
    expect(decisionRequest(draft)).toEqual({ action: 'basic', note: 'Visit on Monday', responsible: 'Anna', nextEvaluation: '2025-04-01' });
  });

  it('sends a chosen staff user as responsibleUserId instead of the free text (issue 23)', () => {
    const draft = { ...EMPTY_DRAFT, action: 'basic' as const, responsible: 'left over', responsibleUserId: 'u-1', nextEvaluation: '2025-04-01', note: 'Visit' };
    expect(decisionRequest(draft)).toEqual({ action: 'basic', note: 'Visit', responsibleUserId: 'u-1', nextEvaluation: '2025-04-01' });
    expect(decisionProblems({ ...draft, responsibleUserId: '', responsible: ' ' })).toEqual({ responsible: 'needResponsible' });
  });

  it('needs the referral text to refer, and a note for no action', () => {
    expect(decisionProblems({ ...EMPTY_DRAFT, action: 'refer' })).toEqual({ referralText: 'needReferralText' });
    expect(decisionRequest({ ...EMPTY_DRAFT, action: 'refer', referralText: 'Please see' })).toEqual({ action: 'refer', note: '', referralText: 'Please see' });
    expect(decisionProblems({ ...EMPTY_DRAFT, action: 'no_action' })).toEqual({ note: 'needNote' });
    expect(decisionRequest({ ...EMPTY_DRAFT, action: 'no_action', note: 'Talked by phone', responsible: 'x' })).toEqual({ action: 'no_action', note: 'Talked by phone' });
  });

  it('sends nothing until an action is chosen', () => {
    expect(decisionProblems(EMPTY_DRAFT)).toEqual({});
    expect(decisionRequest(EMPTY_DRAFT)).toBeNull();
  });

  it('proposes the next evaluation two weeks ahead as a local date', () => {
    expect(isoDateAfter(new Date(2025, 11, 25), 14)).toBe('2026-01-08');
  });
});

describe('invitations', () => {
  const now = new Date('2025-03-10T12:00:00Z');
  it('asks for a call when no reminder reaches the patient or none is left, or the invitation has expired', () => {
    expect(needsCall({ call: true, expiresAt: '2025-03-21T00:00:00Z', answeredAt: null }, now)).toBe(true);
    expect(needsCall({ call: false, expiresAt: '2025-03-21T00:00:00Z', answeredAt: null }, now)).toBe(false);
    expect(needsCall({ call: false, expiresAt: '2025-03-10T00:00:00Z', answeredAt: null }, now)).toBe(true);
    expect(needsCall({ call: true, expiresAt: '2025-01-15T00:00:00Z', answeredAt: '2025-01-02T00:00:00Z' }, now)).toBe(false);
  });

  it('lists the longest-waiting first', () => {
    expect(oldestFirst([{ createdAt: '2025-03-09T00:00:00Z' }, { createdAt: '2025-03-01T00:00:00Z' }]).map((i) => i.createdAt)).toEqual(['2025-03-01T00:00:00Z', '2025-03-09T00:00:00Z']);
  });
});

describe('the call list', () => {
  it('makes a tel: link of a number as stored or as typed', () => {
    expect(telHref('+4512345678')).toBe('tel:+4512345678');
    expect(telHref('+45 12 34-56 78')).toBe('tel:+4512345678');
  });
});

describe('the referral queue', () => {
  it('puts the longest waiting first', () => {
    const list = [
      { id: 1, waitingDays: 0, createdAt: '2025-03-10T00:00:00Z', level: 'basic' as const, urgent: false },
      { id: 2, waitingDays: 4, createdAt: '2025-03-06T00:00:00Z', level: 'specialized' as const, urgent: false },
    ];
    expect(sortReferrals(list).map((r) => r.id)).toEqual([2, 1]);
  });

  it('puts an urgent referral first, however short it has waited (issue 23)', () => {
    const list = [
      { id: 1, createdAt: '2025-03-01T00:00:00Z', level: 'specialized' as const, urgent: false },
      { id: 2, createdAt: '2025-03-10T00:00:00Z', level: 'basic' as const, urgent: true },
      { id: 3, createdAt: '2025-03-05T00:00:00Z', level: 'basic' as const, urgent: true },
    ];
    expect(sortReferrals(list).map((r) => r.id)).toEqual([3, 2, 1]);
  });
});

describe('polling', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('refreshes on the interval and when the window regains focus, and stops cleanly', () => {
    const win = new EventTarget();
    let ticks = 0;
    const stop = startPolling({ intervalMs: 30_000, onTick: () => ticks++, window: win, minGapMs: 1000 });
    vi.advanceTimersByTime(30_000);
    expect(ticks).toBe(1);
    vi.advanceTimersByTime(5_000);
    win.dispatchEvent(new Event('focus'));
    expect(ticks).toBe(2);
    win.dispatchEvent(new Event('focus')); // right after: dropped
    expect(ticks).toBe(2);
    stop();
    vi.advanceTimersByTime(120_000);
    win.dispatchEvent(new Event('focus'));
    expect(ticks).toBe(2);
  });

  it('does not poll a hidden tab', () => {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
    let ticks = 0;
    const stop = startPolling({ intervalMs: 1000, onTick: () => ticks++, document: doc });
    vi.advanceTimersByTime(10_000);
    expect(ticks).toBe(0);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(ticks).toBe(1);
    stop();
  });
});

describe('the owner and deadline texts', () => {
  const t = translator('en');
  const da = translator('da');
  it('says "you" ("dig") for the viewer, a colleague by name, and "unowned"', () => {
    expect(ownerText({ id: 'u1', username: 'anna' }, { id: 'u1' }, t)).toBe('you');
    expect(ownerText({ id: 'u1', username: 'anna' }, { id: 'u1' }, da)).toBe('dig');
    expect(ownerText({ id: 'u2', username: 'bo' }, { id: 'u1' }, t)).toBe('bo');
    expect(ownerText(null, { id: 'u1' }, t)).toBe('unowned');
  });
  it('says how long a flag is overdue in the largest whole unit', () => {
    expect(overdueText({ overdueFor: 45 }, t)).toBe('Overdue 45 min');
    expect(overdueText({ overdueFor: 3 * 60 + 59 }, t)).toBe('Overdue 3 h');
    expect(overdueText({ overdueFor: 3 * 60 }, da)).toBe('Forsinket 3 t');
    expect(overdueText({ overdueFor: 3 * 24 * 60 }, t)).toBe('Overdue 3 d');
    expect(overdueText({ overdueFor: null }, t)).toBeNull();
  });
});

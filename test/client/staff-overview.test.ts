import { describe, expect, it } from 'vitest';
import { filterFromSearch, searchFromFilter } from '../../client/staff/logic/worklist.js';
import { OVERVIEW_FIGURES } from '../../client/staff/logic/overview.js';

describe('the Overview figures', () => {
  it('lists all nine, the figures of now first', () => {
    expect(OVERVIEW_FIGURES.map((f) => f.key)).toEqual([
      'overdueNow', 'dueToday', 'unowned', 'failedMessages', 'closedWithinDeadlinePct', 'medianHoursToFirstAction', 'medianHoursToClose', 'flagsPer100Responses',
      'emergencyAccesses',
    ]);
  });

  it('links the flags of now to the worklist with its own filters only, and nothing else', () => {
    const links = Object.fromEntries(OVERVIEW_FIGURES.filter((f) => f.worklist).map((f) => [f.key, f.worklist]));
    expect(links).toEqual({ overdueNow: '/worklist?level=all&overdue=true', dueToday: '/worklist?level=all&dueToday=true', unowned: '/worklist?level=all&owner=none' });
    // Every link is one the worklist reads back as a filter it knows.
    for (const href of Object.values(links)) {
      const search = href!.slice('/worklist'.length);
      expect(searchFromFilter(filterFromSearch(search))).toBe(search);
    }
    expect(OVERVIEW_FIGURES.filter((f) => f.window).every((f) => f.worklist === undefined)).toBe(true);
  });

  it('reads the due-today and no-owner filters back from the address, and leaves them out when off', () => {
    expect(filterFromSearch('?level=all&dueToday=true&owner=none')).toMatchObject({ level: 'all', dueToday: true, unowned: true, overdue: false });
    expect(filterFromSearch('?dueToday=yes&owner=me')).toEqual({ level: '', status: '', overdue: false, offset: 0 });
    expect(searchFromFilter({ level: '', status: '', overdue: false, dueToday: false, unowned: false, offset: 0 })).toBe('');
  });
});

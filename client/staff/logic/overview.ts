/**
 * The Overview's figures (GET /api/overview) in the order the page shows them, and where each one
 * leads on the worklist (issue 23): the worklist's own address filters (logic/worklist.ts: `level`,
 * `overdue`, `dueToday`, `owner`), the same definitions the server counts with, of every level. Pure.
 */
import type { Overview } from '../../../server/contract/responses.js';
import type { MessageKey } from '../i18n.js';
import { searchFromFilter } from './worklist.js';

export interface OverviewFigure {
  key: keyof Overview;
  label: MessageKey;
  unit?: 'hours' | 'percent';
  /** Counted over the flags of the last 30 days, not now. */
  window?: true;
  /** The worklist's address for what it counts; none for the 30-day figures and the outbox. */
  worklist?: string;
}

export const OVERVIEW_FIGURES: readonly OverviewFigure[] = [
  // Every open flag past its deadline, of any level (the Overview counts them all).
  { key: 'overdueNow', label: 'ovOverdueNow', worklist: `/worklist${searchFromFilter({ level: 'all', status: '', overdue: true, offset: 0 })}` },
  // Open, not yet overdue, due before the clinic's midnight.
  { key: 'dueToday', label: 'ovDueToday', worklist: `/worklist${searchFromFilter({ level: 'all', status: '', overdue: false, dueToday: true, offset: 0 })}` },
  // Every open flag nobody has taken or been given.
  { key: 'unowned', label: 'ovUnowned', worklist: `/worklist${searchFromFilter({ level: 'all', status: '', overdue: false, unowned: true, offset: 0 })}` },
  { key: 'failedMessages', label: 'ovFailedMessages' },
  { key: 'closedWithinDeadlinePct', label: 'ovClosedWithinDeadline', unit: 'percent', window: true },
  { key: 'medianHoursToFirstAction', label: 'ovMedianFirstAction', unit: 'hours', window: true },
  { key: 'medianHoursToClose', label: 'ovMedianClose', unit: 'hours', window: true },
  { key: 'flagsPer100Responses', label: 'ovFlagsPer100', window: true },
  // issue 24: patients opened outside one's units ("break the glass"), in the last 30 days.
  { key: 'emergencyAccesses', label: 'ovEmergencyAccesses', window: true },
];

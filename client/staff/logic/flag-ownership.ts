/** The closed loop's texts, pure: who owns a flag (as the viewer sees it) and how long it is overdue. */
import type { FlagSummary, StaffRef } from '../../../server/contract/responses.js';
import type { Translate } from '../i18n.js';

/** "you" ("dig"), a colleague's name, or "unowned". */
export function ownerText(owner: StaffRef | null, me: { id: string } | null, t: Translate): string {
  if (owner === null) return t('ownerNone');
  return me !== null && owner.id === me.id ? t('ownerMine') : owner.username;
}

/** Minutes as the largest whole unit: "45 min", "3 h", "2 d". */
function durationText(minutes: number, t: Translate): string {
  if (minutes < 60) return t('durationMinutes', { n: minutes });
  if (minutes < 48 * 60) return t('durationHours', { n: Math.floor(minutes / 60) });
  return t('durationDays', { n: Math.floor(minutes / (24 * 60)) });
}

/** "Overdue 3 h", or null when the flag is not overdue. */
export function overdueText(flag: Pick<FlagSummary, 'overdueFor'>, t: Translate): string | null {
  return flag.overdueFor === null ? null : t('overdueFor', { duration: durationText(flag.overdueFor, t) });
}

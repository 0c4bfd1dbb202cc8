/**
 * The closed loop on the staff pages (issue 11): the worklist's owner-and-deadline cell, the
 * response page's strip to take, release or assign a flag, and its closed panel to reopen one.
 */
import { useState, type FormEvent } from 'react';
import type { FlagOwnership, FlagSummary } from '../../../server/contract/responses.js';
import { api } from '../api.js';
import { useCurrentUser } from '../hooks/use-current-user.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { formatDate, formatMoment, formatTime, outcomeLabel, type Lang } from '../i18n.js';
import { overdueText, ownerText } from '../logic/flag-ownership.js';
import { useAnnounce } from './announcer.js';
import { ErrorMessage } from './messages.js';
import { staffName } from '../logic/staff-name.js';

const staffNameOf = (u: Parameters<typeof staffName>[0] | undefined): string => (u ? staffName(u) : '');

export type Loop = Pick<FlagSummary, 'owner' | 'dueAt' | 'overdueFor' | 'closedAt' | 'outcome' | 'acknowledgedAt'>;

export function dueText(flag: Pick<Loop, 'dueAt' | 'overdueFor' | 'closedAt' | 'outcome'>, lang: Lang, t: ReturnType<typeof useLang>['t']): string {
  if (flag.closedAt !== null && flag.outcome !== null) return t('closedAt', { date: formatDate(flag.closedAt, lang), outcome: outcomeLabel(flag.outcome, lang) });
  return overdueText(flag, t) ?? t('dueAt', { date: `${formatDate(flag.dueAt, lang)} ${formatTime(new Date(flag.dueAt), lang)}` });
}

/** The worklist cell: owner, then the deadline or how long the flag is overdue. */
export function OwnershipCell({ flag }: { flag: Loop }) {
  const { lang, t } = useLang();
  const me = useCurrentUser();
  return (
    <>
      <div className="owner">{ownerText(flag.owner, me, t)}</div>
      <div className={flag.overdueFor !== null ? 'overdue' : 'muted small'}>{dueText(flag, lang, t)}</div>
    </>
  );
}

/** "you" when the viewer owns the flag, else the owner's name or "no owner" (the response page's wording, issue 23). */
function ownerOnPage(owner: FlagSummary['owner'], me: { id: string } | null, t: ReturnType<typeof useLang>['t']): string {
  return owner !== null && me !== null && owner.id === me.id ? t('ownerYou') : ownerText(owner, me, t);
}

/**
 * The response page's strip at its top (nurses and admins): owner and deadline, and while the flag
 * is open: take, release, assign. Closing is the decision form's second step and reopening is the
 * closed panel's (issue 23), so this strip never offers either.
 */
export function FlagOwnershipPanel({ flag, onChanged }: { flag: FlagSummary & { id: string }; onChanged: () => void }) {
  const { lang, t } = useLang();
  const me = useCurrentUser();
  const [error, setError] = useState<unknown>(null);
  const [assignee, setAssignee] = useState('');
  const assignees = useResource(() => api.assignees(flag.id), [flag.id]);
  const closed = flag.closedAt !== null;
  const announce = useAnnounce();

  /** Runs one change, then confirms it (visible and announced) and reloads the response. */
  const act = (call: () => Promise<FlagOwnership>, done: string) => async (event?: FormEvent) => {
    event?.preventDefault();
    setError(null);
    try {
      await call();
      announce(done);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  const takenAt = flag.acknowledgedAt ? formatMoment(flag.acknowledgedAt, lang, new Date()) : null;

  return (
    <section className="panel flag-ownership no-print" aria-labelledby="ownership-title">
      <h2 id="ownership-title" className="visually-hidden">{t('ownershipTitle')}</h2>
      <div className="ownership-facts">
        <p><strong>{t('ownerLabel')}:</strong> {ownerOnPage(flag.owner, me, t)}</p>
        <p className={flag.overdueFor !== null ? 'overdue' : undefined}>{dueText(flag, lang, t)}</p>
        {takenAt ? <p className="muted small">{t('acknowledgedAt', takenAt)}</p> : null}
      </div>
      <ErrorMessage error={error} />
      {closed ? null : (
        <div className="ownership-actions">
          {flag.owner?.id !== me?.id ? <button type="button" className="primary take-flag" onClick={() => void act(() => api.takeFlag(flag.id), t('flagTakenDone'))()}>{t('takeFlag')}</button> : null}
          {flag.owner !== null ? <button type="button" onClick={() => void act(() => api.releaseFlag(flag.id), t('flagReleasedDone'))()}>{t('releaseFlag')}</button> : null}
          <form className="assign-form" onSubmit={act(() => api.assignFlag(flag.id, assignee), t('flagAssignedDone', { name: staffNameOf(assignees.data?.find((u) => u.id === assignee)) }))}>
            <label htmlFor="assign-to" className="visually-hidden">{t('assignTo')}</label>
            <select id="assign-to" value={assignee} required onChange={(e) => setAssignee(e.target.value)}>
              <option value="">{t('assignTo')}</option>
              {(assignees.data ?? []).map((u) => <option key={u.id} value={u.id}>{staffName(u)}</option>)}
            </select>
            <button type="submit">{t('assignButton')}</button>
          </form>
        </div>
      )}
    </section>
  );
}

/** A closed response's panel (issue 23): when and how it was closed, and the one thing left to do, reopen with a reason. */
export function ClosedFlagPanel({ flag, mayReopen, onChanged }: { flag: FlagSummary & { id: string }; mayReopen: boolean; onChanged: () => void }) {
  const { lang, t } = useLang();
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const announce = useAnnounce();
  if (flag.closedAt === null) return null;
  const reopen = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      await api.reopenFlag(flag.id, reason);
      announce(t('flagReopenedDone'));
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="panel panel-closed" aria-labelledby="closed-title">
      <h2 id="closed-title" tabIndex={-1}>{t('closedTitle')}</h2>
      <p>{flag.outcome ? t('closedAt', { date: formatDate(flag.closedAt, lang), outcome: outcomeLabel(flag.outcome, lang) }) : formatDate(flag.closedAt, lang)}</p>
      {flag.outcomeNote ? <p className="pre">{t('closedNote', { note: flag.outcomeNote })}</p> : null}
      {mayReopen ? (
        <form className="no-print" onSubmit={(e) => void reopen(e)}>
          <p className="muted small">{t('closedOnlyReopen')}</p>
          <ErrorMessage error={error} />
          <label htmlFor="reopen-reason">{t('reopenReason')}</label>
          <textarea id="reopen-reason" value={reason} required onChange={(e) => setReason(e.target.value)} />
          <button type="submit">{t('reopenFlagButton')}</button>
        </form>
      ) : null}
    </section>
  );
}

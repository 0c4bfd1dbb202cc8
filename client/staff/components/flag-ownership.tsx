/**
 * The closed loop on the staff pages (issue 11): the worklist's owner-and-deadline cell, and the
 * detail page's panel to take, release, assign, close with an outcome, or reopen a flag.
 */
import { useState, type FormEvent } from 'react';
import { FLAG_OUTCOMES, OUTCOMES_NEEDING_NOTE, type FlagOutcome } from '../../../server/contract/codes.js';
import type { FlagOwnership, FlagSummary } from '../../../server/contract/responses.js';
import { api } from '../api.js';
import { useCurrentUser } from '../hooks/use-current-user.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { formatDate, formatTime, outcomeLabel } from '../i18n.js';
import { overdueText, ownerText } from '../logic/flag-ownership.js';
import { useAnnounce } from './announcer.js';
import { ErrorMessage } from './messages.js';
import { staffName } from '../logic/staff-name.js';

const staffNameOf = (u: Parameters<typeof staffName>[0] | undefined): string => (u ? staffName(u) : '');

type Loop = Pick<FlagSummary, 'owner' | 'dueAt' | 'overdueFor' | 'closedAt' | 'outcome' | 'acknowledgedAt'>;

function dueText(flag: Loop, lang: 'da' | 'en', t: ReturnType<typeof useLang>['t']): string {
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

/** The detail page's panel (nurses and admins). */
export function FlagOwnershipPanel({ flag, onChanged }: { flag: FlagSummary & { id: string }; onChanged: () => void }) {
  const { lang, t } = useLang();
  const me = useCurrentUser();
  const [error, setError] = useState<unknown>(null);
  const [assignee, setAssignee] = useState('');
  const [outcome, setOutcome] = useState<FlagOutcome | ''>('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const assignees = useResource(() => api.assignees(), []);
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
  const noteRequired = outcome !== '' && OUTCOMES_NEEDING_NOTE.includes(outcome);

  return (
    <section className="panel flag-ownership" aria-labelledby="ownership-title">
      <h2 id="ownership-title">{t('ownershipTitle')}</h2>
      <p><strong>{t('ownerLabel')}:</strong> {ownerText(flag.owner, me, t)}</p>
      <p className={flag.overdueFor !== null ? 'overdue' : undefined}>{dueText(flag, lang, t)}</p>
      {flag.acknowledgedAt ? <p className="muted small">{t('acknowledgedAt', { date: formatDate(flag.acknowledgedAt, lang) })}</p> : null}
      <ErrorMessage error={error} />
      {closed ? (
        <form onSubmit={act(() => api.reopenFlag(flag.id, reason), t('flagReopenedDone'))}>
          <label htmlFor="reopen-reason">{t('reopenReason')}</label>
          <textarea id="reopen-reason" value={reason} required onChange={(e) => setReason(e.target.value)} />
          <button type="submit">{t('reopenFlagButton')}</button>
        </form>
      ) : (
        <>
          <p className="actions">
            {flag.owner?.id !== me?.id ? <button type="button" onClick={() => void act(() => api.takeFlag(flag.id), t('flagTakenDone'))()}>{t('takeFlag')}</button> : null}
            {flag.owner !== null ? <button type="button" onClick={() => void act(() => api.releaseFlag(flag.id), t('flagReleasedDone'))()}>{t('releaseFlag')}</button> : null}
          </p>
          <form onSubmit={act(() => api.assignFlag(flag.id, assignee), t('flagAssignedDone', { name: staffNameOf(assignees.data?.find((u) => u.id === assignee)) }))}>
            <label htmlFor="assign-to">{t('assignTo')}</label>
            <select id="assign-to" value={assignee} required onChange={(e) => setAssignee(e.target.value)}>
              <option value="">{t('assignTo')}</option>
              {(assignees.data ?? []).map((u) => <option key={u.id} value={u.id}>{staffName(u)}</option>)}
            </select>
            <button type="submit">{t('assignButton')}</button>
          </form>
          <form onSubmit={act(() => api.closeFlag(flag.id, outcome as FlagOutcome, note), t('flagClosedDone', { outcome: outcome ? outcomeLabel(outcome, lang) : '' }))}>
            <h3>{t('closeFlagTitle')}</h3>
            <label htmlFor="close-outcome">{t('outcomeLabel')}</label>
            <select id="close-outcome" value={outcome} required onChange={(e) => setOutcome(e.target.value as FlagOutcome | '')}>
              <option value="">{t('outcomeLabel')}</option>
              {FLAG_OUTCOMES.map((o) => <option key={o} value={o}>{outcomeLabel(o, lang)}</option>)}
            </select>
            <label htmlFor="close-note">{noteRequired ? t('outcomeNoteRequired') : t('outcomeNoteLabel')}</label>
            <textarea id="close-note" value={note} required={noteRequired} onChange={(e) => setNote(e.target.value)} />
            <button type="submit">{t('closeFlagButton')}</button>
          </form>
        </>
      )}
    </section>
  );
}

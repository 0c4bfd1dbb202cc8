import { useState } from 'react';
import { api } from '../api.js';
import { ageLabel, formatDate, localized, triggerLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import type { InvitationStatus } from '../../../server/contract/codes.js';
import { daysBetween } from '../../../server/contract/duration.js';
import { needsCall, oldestFirst, telHref } from '../logic/invitations.js';
import { CallHistory, CallOutcomeButtons } from '../components/invitation-calls.js';
import { Link } from '../components/link.js';
import { ErrorMessage, Loading } from '../components/messages.js';

const TABS: { tab: InvitationStatus; label: 'tabOpen' | 'tabExpired' | 'tabAnswered' }[] = [
  { tab: 'open', label: 'tabOpen' },
  { tab: 'expired', label: 'tabExpired' },
  { tab: 'answered', label: 'tabAnswered' },
];

/** Invitations by state; the open and expired ones are the non-responders, who most need a call. */
export function InvitationsScreen() {
  const { lang, t } = useLang();
  const [tab, setTab] = useState<InvitationStatus>('open');
  const invitations = useResource(() => api.invitations(tab), [tab], { pollMs: 60_000 });
  const questionnaires = useResource(() => api.questionnaires(), []);
  const titles = new Map((questionnaires.data ?? []).map((q) => [q.id, localized(q.title, lang)]));
  const now = new Date();

  return (
    <>
      <div className="page-head">
        <h1>{t('invitationsTitle')}</h1>
        <p className="muted">{t('invitationsIntro')}</p>
      </div>
      <div className="tabs" role="group" aria-label={t('invitationsTitle')}>
        {TABS.map(({ tab: id, label }) => (
          <button key={id} type="button" aria-pressed={tab === id} className={tab === id ? 'is-chosen' : ''} onClick={() => setTab(id)}>{t(label)}</button>
        ))}
      </div>
      <ErrorMessage error={invitations.error} />
      {invitations.data === undefined ? (invitations.error ? null : <Loading />) : invitations.data.length === 0 ? (
        <p className="empty">{t('invitationsEmpty')}</p>
      ) : (
        <table className="invitations">
          <thead>
            <tr>
              <th scope="col">{t('colPatient')}</th>
              <th scope="col">{t('colQuestionnaire')}</th>
              <th scope="col">{t('colTrigger')}</th>
              <th scope="col">{t('colSent')}</th>
              <th scope="col">{tab === 'answered' ? t('colAnswered') : t('colExpires')}</th>
              <th scope="col">{t('colReminders')}</th>
              <th scope="col">{t('colCall')}</th>
            </tr>
          </thead>
          <tbody>
            {oldestFirst(invitations.data).map((inv) => (
              <tr key={inv.id}>
                <td>
                  <Link to={{ name: 'patient', id: inv.patient.id }} className="call-list-name"><strong>{inv.patient.name}</strong></Link> <span className="muted small">{inv.patient.externalId}</span>
                  {inv.respondent === 'relative' ? <div className="mode-tag small">{t('invitationRelative', { relationship: inv.relationship ?? '' })}</div> : null}
                  {inv.mobile ? <div><a className="tel-link" href={telHref(inv.mobile)} aria-label={t('callNumber', { name: inv.patient.name, number: inv.mobile })}>☎ {inv.mobile}</a></div> : null}
                </td>
                <td>{titles.get(inv.questionnaireId) ?? inv.questionnaireId}</td>
                <td>{triggerLabel(inv.trigger, lang)}</td>
                <td>{formatDate(inv.createdAt, lang)} <span className="muted small">({ageLabel(daysBetween(inv.createdAt, now), t)})</span></td>
                <td>{formatDate(tab === 'answered' ? inv.answeredAt : inv.expiresAt, lang)}</td>
                <td className="small">
                  {inv.channels.length === 0 ? t('noChannel') : inv.channels.map((c) => t(c === 'smtp' ? 'channelSmtp' : 'channelWebhook')).join(', ')}
                  {inv.remindersSent > 0 ? <> · {t('remindersSent', { n: inv.remindersSent })}{inv.lastReminderAt ? `, ${t('lastReminder', { date: formatDate(inv.lastReminderAt, lang) })}` : ''}</> : null}
                </td>
                <td>
                  {needsCall(inv, now) ? <span className="call">☎ {t(inv.respondent === 'relative' ? 'callRelative' : 'callPatient')}</span> : null}
                  {inv.answeredAt === null ? <CallOutcomeButtons invitationId={inv.id} patientName={inv.patient.name} onRecorded={() => void invitations.reload()} /> : null}
                  <CallHistory calls={inv.calls} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

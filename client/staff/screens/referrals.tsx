import { useState } from 'react';
import { api } from '../api.js';
import { daysLabel, formatDate, formatTime, localized } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { needs } from '../logic/pro-summary.js';
import { sortReferrals } from '../logic/referrals.js';
import type { Referral } from '../../../server/contract/responses.js';
import { LevelBadge } from '../components/level-badge.js';
import { Link } from '../components/link.js';
import { DecisionSupportNote, ErrorMessage, Loading } from '../components/messages.js';
import { ScaleBar } from '../components/scale-bar.js';

const REFERRALS_POLL_MS = 30_000;

/** The palliative team's queue: pending referrals, longest waiting first; accept or return with a reason. */
export function ReferralsScreen() {
  const { lang, t } = useLang();
  const referrals = useResource(() => api.referrals('pending'), [], { pollMs: REFERRALS_POLL_MS });
  const [message, setMessage] = useState('');

  return (
    <>
      <div className="page-head">
        <h1>{t('referralsTitle')}</h1>
        <p className="muted">{t('referralsIntro')}</p>
      </div>
      <DecisionSupportNote scores />
      <div className="filters-refresh">
        <button type="button" onClick={() => void referrals.reload()}>{t('refresh')}</button>
        <span className="muted">{referrals.updatedAt ? t('updatedAt', { time: formatTime(referrals.updatedAt, lang) }) : ''}</span>
      </div>
      <p role="status" className={message ? 'notice' : 'visually-hidden'}>{message}</p>
      <ErrorMessage error={referrals.error} />
      {referrals.data === undefined ? (
        referrals.error ? null : <Loading />
      ) : referrals.data.length === 0 ? (
        <p className="empty">{t('referralsEmpty')}</p>
      ) : (
        <ol className="referral-list">
          {sortReferrals(referrals.data).map((r) => (
            <ReferralCard
              key={r.id}
              referral={r}
              onDone={(text) => {
                setMessage(text);
                void referrals.reload();
              }}
            />
          ))}
        </ol>
      )}
    </>
  );
}

function ReferralCard({ referral, onDone }: { referral: Referral; onDone: (message: string) => void }) {
  const { lang, t } = useLang();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = `return-reason-${referral.id}`;
  const needList = needs(referral.scores ?? []);

  const decide = async (action: 'accept' | 'return'): Promise<void> => {
    if (action === 'return' && !reason.trim()) {
      setProblem(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.decideReferral(referral.id, action, reason.trim());
      onDone(t(action === 'accept' ? 'referralAccepted' : 'referralReturned', { name: referral.patient.name }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <li className="panel referral" data-referral-id={referral.id}>
      <header className="referral-head">
        <div>
          <h2>{referral.patient.name} <span className="muted small">{referral.patient.externalId}</span></h2>
          <p className="muted">
            {localized(referral.questionnaire.title, lang)} · {t('referredAt', { date: formatDate(referral.createdAt, lang) })}
          </p>
        </div>
        <div className="referral-meta">
          <LevelBadge level={referral.level} />
          <span className={`waiting ${referral.waitingDays >= 3 ? 'waiting-long' : ''}`}>{t('waiting', { days: daysLabel(referral.waitingDays, t) })}</span>
        </div>
      </header>
      <div className="referral-body">
        <div>
          <h3>{t('referralTitle')}</h3>
          <pre className="referral-text">{referral.text}</pre>
          <p><Link to={{ name: 'flag', id: referral.flagId }}>{t('openFullResponse')}</Link></p>
        </div>
        <div>
          <h3>{t('proSummary')}</h3>
          <ul className="reasons">
            {referral.reasons.map((r) => (
              <li key={r.rule} className={`reason reason-${r.level}`}>
                <div className="reason-head"><LevelBadge level={r.level} /> <span>{localized(r.text, lang)}</span></div>
              </li>
            ))}
          </ul>
          {needList.length > 0 ? <ul className="scales compact">{needList.map((s) => <ScaleBar key={s.scale} scale={s} />)}</ul> : null}
        </div>
      </div>
      <div className="referral-actions">
        <label htmlFor={reasonId}>{t('returnReason')}</label>
        <textarea
          id={reasonId}
          rows={2}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setProblem(false);
          }}
          aria-invalid={problem || undefined}
          aria-describedby={problem ? `${reasonId}-problem` : undefined}
        />
        {problem ? <p id={`${reasonId}-problem`} className="field-problem">{t('needReturnReason')}</p> : null}
        <ErrorMessage error={error} />
        <div className="buttons">
          <button type="button" className="primary" disabled={busy} onClick={() => void decide('accept')}>{t('accept')}</button>
          <button type="button" disabled={busy} onClick={() => void decide('return')}>{t('returnToBasic')}</button>
        </div>
      </div>
    </li>
  );
}

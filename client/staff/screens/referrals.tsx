import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { daysLabel, formatDate, formatTime, localized } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { contactWishTexts, needs, teamReasons, withoutNurseInstruction } from '../logic/pro-summary.js';
import { sortReferrals } from '../logic/referrals.js';
import { REFERRAL_HISTORY_DAYS, REFERRAL_LIST_LIMIT, type ReferralStatus } from '../../../server/contract/codes.js';
import type { Referral } from '../../../server/contract/responses.js';
import { useAnnounce } from '../components/announcer.js';
import { LevelBadge } from '../components/level-badge.js';
import { Link } from '../components/link.js';
import { DecisionSupportNote, ErrorMessage, FieldProblem, Loading } from '../components/messages.js';
import { ScaleBar } from '../components/scale-bar.js';

const REFERRALS_POLL_MS = 30_000;

const TABS: { status: ReferralStatus; label: 'tabPending' | 'tabAccepted' | 'tabReturned' }[] = [
  { status: 'pending', label: 'tabPending' },
  { status: 'accepted', label: 'tabAccepted' },
  { status: 'returned', label: 'tabReturned' },
];

/**
 * The palliative team's queue: pending referrals, urgent first, then longest waiting, to accept (with an
 * optional note for the nurse) or return with a reason; and what the team accepted or returned in
 * the last 90 days, to look back at (issue 15).
 */
export function ReferralsScreen() {
  const { lang, t } = useLang();
  const [tab, setTab] = useState<ReferralStatus>('pending');
  const referrals = useResource(() => api.referrals(tab), [tab], { pollMs: REFERRALS_POLL_MS });
  const announce = useAnnounce();
  const pending = tab === 'pending';
  const list = referrals.data ? (pending ? sortReferrals(referrals.data) : referrals.data) : undefined;
  const empty = tab === 'pending' ? t('referralsEmpty') : t(tab === 'accepted' ? 'referralsEmptyAccepted' : 'referralsEmptyReturned', { days: REFERRAL_HISTORY_DAYS });

  return (
    <>
      <div className="page-head">
        <h1 id="referrals-title" tabIndex={-1}>{t('referralsTitle')}</h1>
        <p className="muted">{pending ? t('referralsIntro') : t('referralsIntroDecided', { days: REFERRAL_HISTORY_DAYS })}</p>
      </div>
      <DecisionSupportNote scores />
      <div className="tabs" role="group" aria-label={t('referralTabs')}>
        {TABS.map(({ status, label }) => (
          <button key={status} type="button" aria-pressed={tab === status} className={tab === status ? 'is-chosen' : ''} onClick={() => setTab(status)}>{t(label)}</button>
        ))}
      </div>
      <div className="filters-refresh">
        <button type="button" onClick={() => void referrals.reload()}>{t('refresh')}</button>
        {/* Not a live region: the poll would have a screen reader read it out again and again. */}
        <span className="muted">{referrals.updatedAt ? t('updatedAt', { time: formatTime(referrals.updatedAt, lang) }) : ''}</span>
      </div>
      <ErrorMessage error={referrals.error} />
      {list === undefined ? (
        referrals.error ? null : <Loading />
      ) : list.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <>
          {list.length >= REFERRAL_LIST_LIMIT ? <p className="muted">{t('referralsCapped', { n: REFERRAL_LIST_LIMIT })}</p> : null}
          <ol className="referral-list">
            {list.map((r) => (
              <ReferralCard
                key={r.id}
                referral={r}
                onDone={(text) => {
                  announce(text);
                  // The card is gone: focus goes to the page's heading rather than to nowhere.
                  document.getElementById('referrals-title')?.focus();
                  void referrals.reload();
                }}
              />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

function ReferralCard({ referral, onDone }: { referral: Referral; onDone: (message: string) => void }) {
  const { lang, t } = useLang();
  const needList = needs(referral.scores ?? []);
  const wish = contactWishTexts(referral.contact, lang);
  return (
    <li className={`panel referral ${referral.urgent ? 'referral-is-urgent' : ''}`} data-referral-id={referral.id}>
      <header className="referral-head">
        <div>
          <h2>{referral.patient.name} <span className="muted small">{referral.patient.externalId}</span></h2>
          <p className="muted">
            {localized(referral.questionnaire.title, lang)} · {t('referredAt', { date: formatDate(referral.createdAt, lang) })}
          </p>
        </div>
        <div className="referral-meta">
          <LevelBadge level={referral.level} />
          {referral.status === 'pending' ? (
            <span className={`waiting ${referral.waitingDays >= 3 ? 'waiting-long' : ''}`}>{t('waiting', { days: daysLabel(referral.waitingDays, t) })}</span>
          ) : null}
        </div>
      </header>
      {referral.urgent ? (
        <div className="referral-urgent">
          <p className="referral-urgent-tag"><span aria-hidden="true">⚠ </span>{t('urgentReview')}</p>
          {referral.urgentReasons.length > 0 ? <ul>{referral.urgentReasons.map((r) => <li key={r.rule}>{withoutNurseInstruction(localized(r.text, lang))}</li>)}</ul> : null}
        </div>
      ) : null}
      {referral.status !== 'pending' ? <TeamDecision referral={referral} /> : null}
      <div className="referral-body">
        <div>
          <h3>{t('referralHeading', { service: localized(referral.service, lang) })}</h3>
          <pre className="referral-text">{referral.text}</pre>
          <p><Link to={{ name: 'flag', id: referral.flagId }} className="standalone-link">{t('openFullResponse')}</Link></p>
        </div>
        <div>
          <h3>{t('proSummary')}</h3>
          <ul className="reasons">
            {teamReasons(referral.reasons).map((r) => (
              <li key={r.rule} className={`reason reason-${r.level}`}>
                <div className="reason-head"><LevelBadge level={r.level} /> <span>{withoutNurseInstruction(localized(r.text, lang))}</span></div>
              </li>
            ))}
          </ul>
          {wish.length > 0 ? <p className="referral-contact"><strong>{t('contactWish', { who: wish.join(', ') })}</strong></p> : null}
          {needList.length > 0 ? <ul className="scales compact">{needList.map((s) => <ScaleBar key={s.scale} scale={s} />)}</ul> : null}
        </div>
      </div>
      {referral.status === 'pending' ? <DecideReferral referral={referral} onDone={onDone} /> : null}
    </li>
  );
}

/** What the team decided: when, by whom, and its note or reason. */
function TeamDecision({ referral }: { referral: Referral }) {
  const { lang, t } = useLang();
  const status = t(referral.status === 'accepted' ? 'tabAccepted' : 'tabReturned');
  const date = formatDate(referral.decidedAt, lang);
  const words = referral.status === 'accepted' ? referral.note : referral.reason;
  return (
    <div className={`team-decision team-decision-${referral.status}`}>
      <p className="team-decision-when"><strong>{referral.decidedBy ? t('decidedBy', { status, date, name: referral.decidedBy.username }) : t('decidedAtOnly', { status, date })}</strong></p>
      {words ? <p className="pre"><strong>{referral.status === 'accepted' ? t('teamNote') : t('returnReasonLabel')}:</strong> {words}</p> : null}
    </div>
  );
}

/** Accept with an optional note for the nurse, or return to the basic level with a reason (required). */
function DecideReferral({ referral, onDone }: { referral: Referral; onDone: (message: string) => void }) {
  const { t } = useLang();
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState(false);
  const [refused, setRefused] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const noteId = `accept-note-${referral.id}`;
  const reasonId = `return-reason-${referral.id}`;
  useEffect(() => {
    if (refused > 0) reasonField.current?.focus();
  }, [refused]);

  const decide = async (action: 'accept' | 'return'): Promise<void> => {
    if (action === 'return' && !reason.trim()) {
      setProblem(true);
      setRefused((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.decideReferral(referral.id, action === 'accept' ? { action, note: note.trim() } : { action, reason: reason.trim() });
      onDone(t(action === 'accept' ? 'referralAccepted' : 'referralReturned', { name: referral.patient.name }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <div className="referral-actions">
      <ErrorMessage error={error} />
      <div className="referral-decide">
        <div>
          <label htmlFor={noteId}>{t('acceptNote')}</label>
          <textarea id={noteId} rows={2} value={note} aria-describedby={`${noteId}-help`} onChange={(e) => setNote(e.target.value)} />
          <p id={`${noteId}-help`} className="muted small">{t('acceptNoteHelp')}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void decide('accept')}>{t('accept')}</button>
        </div>
        <div>
          <label htmlFor={reasonId}>{t('returnReason')}</label>
          <textarea
            id={reasonId}
            ref={reasonField}
            rows={2}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setProblem(false);
            }}
            aria-invalid={problem || undefined}
            aria-describedby={problem ? `${reasonId}-problem` : undefined}
          />
          {problem ? <FieldProblem id={`${reasonId}-problem`}>{t('needReturnReason')}</FieldProblem> : null}
          <button type="button" disabled={busy} onClick={() => void decide('return')}>{t('returnToBasic')}</button>
        </div>
      </div>
    </div>
  );
}

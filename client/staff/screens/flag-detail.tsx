import { useEffect, useRef } from 'react';
import { api } from '../api.js';
import { actionLabel, formatDate, localized, outcomeLabel, referralStatusLabel, statusLabel, surveyText, triggerLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { agenda, answerText, responseCount, scaleSeries } from '../logic/pro-summary.js';
import { evidenceByAnswer } from '../logic/evidence.js';
import { chartOrder, sinceLast } from '../logic/since-last.js';
import { groupByArea } from '../logic/scales.js';
import { responsibleName } from '../logic/plan.js';
import { canDecideFlags } from '../routes.js';
import { DECIDABLE_STATUSES, type Role } from '../../../server/contract/codes.js';
import type { FlagDetail } from '../../../server/contract/responses.js';
import { ClosedFlagPanel, FlagOwnershipPanel } from '../components/flag-ownership.js';
import { LevelBadge } from '../components/level-badge.js';
import { Link } from '../components/link.js';
import { DecisionSupportNote, ErrorMessage, Loading } from '../components/messages.js';
import { ScaleBar } from '../components/scale-bar.js';
import { ScaleChart } from '../components/scale-chart.js';
import { SinceLastPanel } from '../components/since-last.js';
import { VerifyTranscription } from '../components/verify-transcription.js';
import { modeLegend, provenanceText } from '../logic/provenance.js';
import { DecisionForm } from './decision-form.js';

export function FlagDetailScreen({ id, role }: { id: string; role: Role }) {
  const { t } = useLang();
  const detail = useResource(() => api.flag(id), [id]);
  const mayDecide = canDecideFlags(role);
  return (
    <>
      <p className="back">
        {mayDecide ? <Link to={{ name: 'worklist' }} className="standalone-link">← {t('navWorklist')}</Link> : <Link to={{ name: 'referrals' }} className="standalone-link">← {t('navReferrals')}</Link>}
      </p>
      <ErrorMessage error={detail.error} />
      {detail.data ? <FlagDetailView detail={detail.data} mayDecide={mayDecide} onDecided={() => void detail.reload()} /> : detail.error ? null : <Loading />}
    </>
  );
}

function FlagDetailView({ detail, mayDecide, onDecided }: { detail: FlagDetail; mayDecide: boolean; onDecided: () => void }) {
  const { lang, t } = useLang();
  const { flag, patient, questionnaire, decision, referral } = detail;
  const view = agenda(detail.answers, lang);
  const evidence = evidenceByAnswer(flag.urgentReasons, detail.reasons, detail.answers, detail.scores, lang, t);
  const areaTitles = new Map(questionnaire.areas.map((a) => [a.id, localized(a.title, lang)]));
  const groups = groupByArea(detail.scores, questionnaire.areas.map((a) => a.id));
  const series = scaleSeries(detail);
  const hasHistory = responseCount(series) > 1;
  const allPoints = [...series.values()].flat();
  const since = sinceLast(detail.scores, series, flag.worseSinceLast, flag.responseId);
  const returnReason = flag.status === 'returned' && flag.closedAt === null ? flag.returnReason ?? referral?.reason : null;
  const closed = flag.closedAt !== null;
  // One place to decide (issue 23): an open, decidable flag gets the decision form; a closed one only reopen.
  const canDecide = DECIDABLE_STATUSES.includes(flag.status) && !closed;
  const showForm = mayDecide && !closed && flag.status !== 'awaiting_verification';
  // After a save the form gives way to the decision (or the closed panel): focus goes there, not to the page body.
  const wasDeciding = useRef(showForm);
  useEffect(() => {
    if (wasDeciding.current && !showForm) (document.getElementById('decision-title') ?? document.getElementById('closed-title'))?.focus();
    wasDeciding.current = showForm;
  }, [showForm]);
  /** Narrow screens put the decision after everything else: the sticky button jumps there. */
  const jumpToDecision = (): void => {
    const heading = document.getElementById('decision-title');
    heading?.scrollIntoView({ block: 'start' });
    heading?.focus({ preventScroll: true });
  };

  return (
    <article className="detail">
      <header className="detail-head">
        <div>
          <h1>{t('detailTitle', { name: patient.name })}</h1>
          <p className="muted">
            {patient.externalId} · {localized(questionnaire.title, lang)} {questionnaire.version} · {triggerLabel(flag.trigger, lang)} ·{' '}
            {t('submitted', { date: formatDate(flag.submittedAt, lang) })}
          </p>
          <p className="provenance"><strong>{t('howAnsweredTitle')}:</strong> {provenanceText(flag, lang, t)}</p>
          <p className="no-print"><Link to={{ name: 'responseForm', id: flag.id }} className="button form-touch">{t('showQuestionnaire')}</Link></p>
        </div>
        <div className="detail-level">
          <span className="muted small">{t('proposedLevel')}</span>
          <LevelBadge level={flag.level} />
          {flag.urgent ? <span className="urgent-tag"><span aria-hidden="true">⚠ </span>{t('urgentReview')}</span> : null}
          {closed ? (
            <span className="status status-closed">{t('closedBadge')}{flag.outcome ? `: ${outcomeLabel(flag.outcome, lang)}` : ''}</span>
          ) : (
            <span className={`status status-${flag.status}`}>{statusLabel(flag.status, lang)}</span>
          )}
        </div>
      </header>
      {mayDecide && !closed ? <FlagOwnershipPanel flag={flag} onChanged={onDecided} /> : null}
      <ClosedFlagPanel flag={flag} mayReopen={mayDecide} onChanged={onDecided} />
      {showForm ? (
        <div className="jump-to-decision no-print">
          <button type="button" className="primary" onClick={jumpToDecision}>{t('decideJump')}</button>
        </div>
      ) : null}
      <DecisionSupportNote scores />
      {flag.status === 'awaiting_verification' && mayDecide ? <VerifyTranscription flag={flag} onVerified={onDecided} /> : null}

      {flag.urgent ? (
        <section className="panel panel-urgent" aria-labelledby="urgent-title">
          <h2 id="urgent-title"><span aria-hidden="true">⚠ </span>{t('urgentTitle')}</h2>
          <p className="muted">{t('urgentIntro')}</p>
          <ol className="reasons numbered-rules">
            {evidence.urgentRules.map((r) => (
              <li key={r.rule} className="reason reason-urgent">
                <div className="reason-head"><span className="rule-number">{r.number}</span><span>{r.text}</span></div>
              </li>
            ))}
          </ol>
          <p className="muted small">{t('urgentSeeAnswers')}</p>
        </section>
      ) : null}

      {returnReason ? (
        <section className="panel panel-returned" aria-labelledby="returned-title">
          <h2 id="returned-title">{t('returnedTitle')}</h2>
          <p className="return-reason">{returnReason}</p>
        </section>
      ) : null}

      <div className="detail-grid">
        <div className="detail-main">
          <section className="panel panel-agenda" aria-labelledby="agenda-title">
            <h2 id="agenda-title">{t('agendaTitle')}</h2>
            {view.topics.length > 0 ? (
              <ul className="chips">{view.topics.map((topic) => <li key={topic}>{topic}</li>)}</ul>
            ) : (
              <p className="muted">{t('agendaEmpty')}</p>
            )}
            {detail.contact ? <p className="contact-wish">☎ {t('contactWish', { who: surveyText(detail.contact.text, lang) })}</p> : null}
            {view.ownWords.length > 0 ? (
              <>
                <h3>{t('freeTextTitle')}</h3>
                {view.ownWords.map((w) => (
                  <figure key={w.question} className="own-words">
                    <blockquote>{w.text}</blockquote>
                    <figcaption className="muted small">{w.title}</figcaption>
                  </figure>
                ))}
              </>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="reasons-title">
            <h2 id="reasons-title">{t('reasonsTitle')}</h2>
            {evidence.rules.length === 0 ? <p>{t('noReasons')}</p> : (
              <>
                <h3 className="visually-hidden">{t('rulesTitle')}</h3>
                <ol className="reasons numbered-rules">
                  {evidence.rules.map((r) => (
                    <li key={r.rule} className={`reason reason-${r.level ?? 'urgent'}`}>
                      <div className="reason-head"><span className="rule-number">{r.number}</span>{r.level ? <LevelBadge level={r.level} /> : null} <span>{r.text}</span></div>
                    </li>
                  ))}
                </ol>
              </>
            )}
            {evidence.lines.length > 0 ? (
              <>
                <h3 id="evidence-title">{t('evidenceTitle')}</h3>
                <ul className="evidence">
                  {evidence.lines.map((line) => (
                    <li key={line.text} className={line.urgent ? 'evidence-urgent' : undefined}>
                      <span>{line.text}</span>{' '}
                      <span className="evidence-rules">
                        {line.urgent ? <><span aria-hidden="true">⚠ </span>{t('urgentAnswer')} · </> : null}
                        {t(line.rules.length === 1 ? 'fedRule' : 'fedRules', { numbers: line.rules.join(', ') })}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <SinceLastPanel since={since} />

          <section className="panel" aria-labelledby="scales-title">
            <h2 id="scales-title">{t('scalesTitle')}</h2>
            {groups.map((g) => (
              <div key={g.area} className="area">
                <h3>{areaTitles.get(g.area) ?? g.area}</h3>
                <ul className="scales">{g.scales.map((s) => <ScaleBar key={s.scale} scale={s} />)}</ul>
              </div>
            ))}
          </section>

          <section className="panel" aria-labelledby="history-title">
            <h2 id="history-title">{t('historyTitle')}</h2>
            {hasHistory ? (
              <div className="charts">
                <p className="chart-legend">{t('chartThresholdLegend')} {t('chartLegend', { items: modeLegend(allPoints.map((p) => p.mode), t) })}</p>
                {chartOrder(detail.scores, since).map((s) => {
                  const points = series.get(s.scale) ?? [];
                  return points.some((p) => p.score !== null) ? <ScaleChart key={s.scale} scale={s} points={points} /> : null;
                })}
              </div>
            ) : (
              <p className="muted">{t('historyEmpty')}</p>
            )}
          </section>

          <section className="panel" aria-labelledby="answers-title">
            <details>
              <summary><h2 id="answers-title" className="inline-heading">{t('allAnswersTitle')}</h2></summary>
              <dl className="answers">
                {detail.answers.map((a) => (
                  <div key={a.question}>
                    <dt>{surveyText(a.title ?? a.question, lang)}</dt>
                    <dd>{answerText(a, lang) || <span className="muted">{t('noAnswer')}</span>}</dd>
                  </div>
                ))}
              </dl>
            </details>
          </section>
        </div>

        <aside className="detail-side">
          {referral ? (
            <section className="panel" aria-labelledby="referral-title">
              <h2 id="referral-title">{t('referralTitle')}</h2>
              <p>{t('referralStatus', { status: referralStatusLabel(referral.status, lang) })}{referral.decidedAt ? ` (${formatDate(referral.decidedAt, lang)})` : ''}</p>
              {referral.status === 'accepted' && referral.note ? <p className="pre team-note"><strong>{t('teamNote')}:</strong> {referral.note}</p> : null}
              <pre className="referral-text">{referral.text}</pre>
            </section>
          ) : null}
          {decision && !canDecide ? (
            <section className="panel" aria-labelledby="decision-title">
              <h2 id="decision-title" tabIndex={-1}>{t('decisionTitle')}</h2>
              <p>{t('decisionDone', { date: formatDate(decision.decidedAt, lang), action: actionLabel(decision.action, lang) })}</p>
              {responsibleName(decision) ? <p><strong>{t('responsible')}:</strong> {responsibleName(decision)}</p> : null}
              {decision.nextEvaluation ? <p><strong>{t('nextEvaluation')}:</strong> {formatDate(decision.nextEvaluation, lang)}</p> : null}
              {decision.note ? <p className="pre"><strong>{t('decisionNote')}:</strong> {decision.note}</p> : null}
              {mayDecide ? <p><Link to={{ name: 'plan', id: flag.id }} className="button">{t('printPlan')}</Link></p> : null}
            </section>
          ) : null}
          {showForm ? <DecisionForm detail={detail} onDecided={onDecided} onlyClose={!canDecide} /> : null}
        </aside>
      </div>
    </article>
  );
}

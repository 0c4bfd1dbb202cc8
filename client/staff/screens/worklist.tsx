import { useState } from 'react';
import { api } from '../api.js';
import { ageLabel, formatDate, formatTime, levelLabel, localized, statusLabel, triggerLabel } from '../i18n.js';
import { useCurrentUser } from '../hooks/use-current-user.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import {
  countText, filterFromSearch, groupByPatient, hiddenNoneCount, levelQuery, pageView, rowTags, searchFromFilter, tagText, topReasons, type PatientRow, type WorklistFilter,
} from '../logic/worklist.js';
import { ownerText } from '../logic/flag-ownership.js';
import { worseTexts } from '../logic/pro-summary.js';
import { FLAG_STATUSES, isOneOf, LEVELS, LEVELS_HIGHEST_FIRST } from '../../../server/contract/codes.js';
import type { TeamAnswer, WorklistItem, WorklistPage } from '../../../server/contract/responses.js';
import { dueText } from '../components/flag-ownership.js';
import { provenanceText } from '../logic/provenance.js';
import { LevelBadge } from '../components/level-badge.js';
import { Link, useNavigate } from '../components/link.js';
import { DecisionSupportNote, ErrorMessage, Loading } from '../components/messages.js';

const WORKLIST_POLL_MS = 30_000;

export function WorklistScreen({ search }: { search: string }) {
  const { lang, t } = useLang();
  const navigate = useNavigate();
  const filter = filterFromSearch(search);
  const flags = useResource(
    () => api.flags({ level: levelQuery(filter.level), status: filter.status, overdue: filter.overdue, dueToday: filter.dueToday, unowned: filter.unowned, offset: filter.offset, after: filter.after }),
    [filter.level, filter.status, filter.overdue, filter.dueToday, filter.unowned, filter.offset, filter.after],
    { pollMs: WORKLIST_POLL_MS },
  );
  const show = (next: WorklistFilter): void => navigate(`/worklist${searchFromFilter(next)}`);
  // A changed filter starts at an offset (its first page): a cursor belongs to the filter it came with.
  const setFilter = (next: WorklistFilter): void => show({ ...next, after: undefined });
  const page = flags.data ? pageView(flags.data) : null;
  const rows = flags.data ? groupByPatient(flags.data.items) : [];
  const hiddenNone = flags.data ? hiddenNoneCount(flags.data, filter.level) : 0;

  return (
    <>
      <div className="page-head">
        <h1>{t('worklistTitle')}</h1>
        <p className="muted">{t('worklistIntro')}</p>
      </div>
      <DecisionSupportNote />
      {flags.data && flags.data.teamAnswers.length > 0 ? <TeamAnswers answers={flags.data.teamAnswers} /> : null}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="filter-level">{t('filterLevel')}</label>
          <select id="filter-level" value={filter.level} onChange={(e) => { const level = e.target.value; setFilter({ ...filter, level: level === 'all' || isOneOf(LEVELS, level) ? level : '', offset: 0 }); }}>
            <option value="">{t('filterNeeds')}</option>
            {LEVELS_HIGHEST_FIRST.map((l) => <option key={l} value={l}>{levelLabel(l, lang)}</option>)}
            <option value="all">{t('filterAllLevels')}</option>
          </select>
        </div>
        <div>
          <label htmlFor="filter-status">{t('filterStatus')}</label>
          <select id="filter-status" value={filter.status} onChange={(e) => { const status = e.target.value; setFilter({ ...filter, status: isOneOf(FLAG_STATUSES, status) ? status : '', offset: 0 }); }}>
            <option value="">{t('filterDefault')}</option>
            {FLAG_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s, lang)}</option>)}
          </select>
        </div>
        <div className="filters-refresh">
          <button type="button" onClick={() => void flags.reload()}>{t('refresh')}</button>
          {/* Not a live region: the 30-second poll would have a screen reader read it out again and again. */}
          <span className="muted">{flags.updatedAt ? t('updatedAt', { time: formatTime(flags.updatedAt, lang) }) : ''}</span>
        </div>
        {filter.overdue ? (
          <p className="overdue-only">
            {t('worklistOverdueOnly')}{' '}
            <button type="button" className="link-button" onClick={() => setFilter({ ...filter, overdue: false, offset: 0 })}>{t('worklistShowAllDeadlines')}</button>
          </p>
        ) : null}
        {filter.dueToday ? (
          <p className="due-today-only">
            {t('worklistDueTodayOnly')}{' '}
            <button type="button" className="link-button" onClick={() => setFilter({ ...filter, dueToday: false, offset: 0 })}>{t('worklistShowAllDeadlines')}</button>
          </p>
        ) : null}
        {filter.unowned ? (
          <p className="unowned-only">
            {t('worklistUnownedOnly')}{' '}
            <button type="button" className="link-button" onClick={() => setFilter({ ...filter, unowned: false, offset: 0 })}>{t('worklistShowAllOwners')}</button>
          </p>
        ) : null}
        {hiddenNone > 0 ? (
          <p className="none-hidden">
            {t('worklistNoneHidden', { n: countText(hiddenNone, lang) })}{' '}
            <button type="button" className="link-button" onClick={() => setFilter({ ...filter, level: 'none', offset: 0 })}>{t('worklistShowNone')}</button>
          </p>
        ) : null}
      </form>
      <ErrorMessage error={flags.error} />
      {flags.data === undefined ? (
        flags.error ? null : <Loading />
      ) : rows.length === 0 ? (
        <p className="empty">{t('worklistEmpty')}</p>
      ) : (
        // Explicit table roles: below 900 px the rows are laid out as cards (staff.css), and a table
        // whose cells are display:block keeps its table semantics only when they are spelled out.
        <table className="worklist" role="table">
          <caption className="visually-hidden">{t('worklistIntro')}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader" className="col-level">{t('colLevel')}</th>
              <th scope="col" role="columnheader" className="col-patient">{t('colPatient')}</th>
              <th scope="col" role="columnheader" className="col-tags">{t('colTags')}</th>
              <th scope="col" role="columnheader" className="col-since">{t('colWaiting')}</th>
              <th scope="col" role="columnheader" className="col-owner">{t('colOwner')}</th>
              <th scope="col" role="columnheader" className="col-expand"><span className="visually-hidden">{t('colReasons')}</span></th>
            </tr>
          </thead>
          {rows.map((row) => <PatientLine key={row.patient.id} row={row} scaleTitles={flags.data!.scaleTitles} />)}
        </table>
      )}
      {page && (page.to > 0 || page.previous !== null) ? <WorklistPages page={page} onPage={(to) => show(typeof to === 'number' ? { ...filter, offset: to, after: undefined } : { ...filter, offset: 0, after: to })} /> : null}
    </>
  );
}

/** One patient: one line (their most pressing response leads), the reasons of each response on expand. */
function PatientLine({ row, scaleTitles }: { row: PatientRow; scaleTitles: WorklistPage['scaleTitles'] }) {
  const { lang, t } = useLang();
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);
  const { lead, flags } = row;
  const detailsId = `worklist-details-${row.patient.id}`;
  const returned = flags.find((f) => f.status === 'returned');
  return (
    <tbody role="rowgroup" className="patient-rows">
      <tr role="row" className={`patient-row row-${lead.level} ${lead.urgent ? 'row-urgent' : ''} ${returned ? 'row-returned' : ''}`} data-flag-id={lead.id} data-patient-id={row.patient.id}>
        <td role="cell" className="cell-level">
          {lead.urgent ? <span className="urgent-tag"><span aria-hidden="true">⚠ </span>{t('urgentReview')}</span> : null}
          <LevelBadge level={lead.level} />
        </td>
        <td role="cell" className="cell-patient">
          <Link to={{ name: 'flag', id: lead.id }} className="patient-link standalone-link">{row.patient.name}</Link>
          <span className="muted small"> {row.patient.externalId}</span>
        </td>
        <td role="cell" className="cell-tags">
          <ul className="tags">
            {flags.length > 1 ? <li className="tag tag-count">{t('responsesCount', { n: flags.length })}</li> : null}
            {returned ? <li className="tag tag-returned">{t('teamReturnedTag')}</li> : null}
            {/* A paper entry cannot be decided until a second person checks it (issue 13): said on the line itself. */}
            {flags.some((f) => f.status === 'awaiting_verification') ? <li className="tag tag-verify">{statusLabel('awaiting_verification', lang)}</li> : null}
            {rowTags(row).map((tag, i) => <li key={i} className={`tag tag-${tag.kind}`}>{tagText(tag, scaleTitles, lang, t)}</li>)}
          </ul>
        </td>
        <td role="cell" className="cell-since" data-label={t('colWaiting')}>{ageLabel(lead.ageDays, t)}</td>
        <td role="cell" className="cell-owner" data-label={t('colOwner')}>
          <span className="owner">{lead.owner ? t('ownerIs', { owner: ownerText(lead.owner, me, t) }) : t('noOwner')}</span>{' · '}
          <span className={lead.overdueFor !== null ? 'overdue' : 'muted'}>{dueText(lead, lang, t)}</span>
        </td>
        <td role="cell" className="cell-expand">
          <button type="button" className="expand" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
            <span aria-hidden="true">{open ? '▾' : '▸'} </span>{open ? t('hideReasons') : t('showReasons', { n: flags.reduce((n, f) => n + f.reasonCount, 0) })}
            <span className="visually-hidden"> {row.patient.name}</span>
          </button>
        </td>
      </tr>
      <tr role="row" className="row-details" id={detailsId} hidden={!open}>
        <td role="cell" colSpan={6}>{open ? flags.map((f) => <FlagReasons key={f.id} item={f} />) : null}</td>
      </tr>
    </tbody>
  );
}

/** One response's reasons, urgent reasons, own words and what is worse, fetched when the row is expanded. */
function FlagReasons({ item }: { item: WorklistItem }) {
  const { lang, t } = useLang();
  const summary = useResource(() => api.flagSummary(item.id), [item.id]);
  const flag = summary.data;
  const { shown, more } = flag ? topReasons(flag, flag.reasons.length) : { shown: [], more: 0 };
  const worse = flag ? worseTexts(flag.worseSinceLast, lang, t) : [];
  return (
    <section className="flag-reasons" aria-label={t('responseOf', { date: formatDate(item.submittedAt, lang) })}>
      <p className="flag-reasons-head">
        <Link to={{ name: 'flag', id: item.id }} className="standalone-link">{t('openResponseOf', { date: formatDate(item.submittedAt, lang) })}</Link>{' '}
        <LevelBadge level={item.level} /> <span className={`status status-${item.status}`}>{statusLabel(item.status, lang)}</span>{' '}
        <span className="muted small">{triggerLabel(item.trigger, lang)}{flag ? ` · ${localized(flag.questionnaire.title, lang)}` : ''}</span>
      </p>
      <ErrorMessage error={summary.error} />
      {flag === undefined ? (summary.error ? null : <Loading />) : (
        <>
          {flag.urgentReasons.length > 0 ? (
            <p className="urgent-why"><strong>{t('urgentReview')}:</strong> {flag.urgentReasons.map((r) => localized(r.text, lang)).join(' ')}</p>
          ) : null}
          {item.returnReason ? <p className="return-reason">{t('returnedWithReason', { reason: item.returnReason })}</p> : null}
          <ul className="reasons-short">
            {shown.map((r) => <li key={r.rule}>{localized(r.text, lang)}</li>)}
          </ul>
          {more > 0 ? <span className="muted small">{t('moreReasons', { n: more })}</span> : null}
          {flag.ownWords ? (
            <div className="own-words-tag">
              <strong>{t('ownWordsMarker')}:</strong>{' '}
              {/* Every text, the agenda's first: the alarming one may not be the first in the form. */}
              <ul className="own-words-excerpts">
                {flag.ownWordsExcerpts.map((excerpt, i) => <li key={i}><q>{excerpt}</q></li>)}
              </ul>
            </div>
          ) : null}
          {worse.length > 0 ? <p className="worse-since-last small"><strong>{t('worseSinceLast')}:</strong> {worse.join(', ')}</p> : null}
          {flag.mode !== 'self' ? <p className="mode-tag small">{provenanceText(flag, lang, t)}</p> : null}
        </>
      )}
    </section>
  );
}

/** The palliative team's recent answers to the nurses' referrals: accepted (with its note) or returned (with its reason). */
function TeamAnswers({ answers }: { answers: TeamAnswer[] }) {
  const { lang, t } = useLang();
  return (
    <section className="panel team-answers" aria-labelledby="team-answers-title">
      <h2 id="team-answers-title">{t('teamAnswersTitle')}</h2>
      <ul>
        {answers.map((a) => (
          <li key={a.referralId} className={`team-answer team-answer-${a.status}`}>
            <span className="team-answer-marker">{a.status === 'accepted' ? `✓ ${t('teamAccepted')}` : `↩ ${t('teamReturned')}`}</span>{' '}
            <Link to={{ name: 'flag', id: a.flagId }} className="standalone-link">{a.patient.name}</Link>{' '}
            <span className="muted small">{formatDate(a.decidedAt, lang)}</span>
            {a.note ? <>: <q className="team-note">{a.note}</q></> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Showing 1–200 of 950" and the way to the pages before and after: the list is never cut silently. */
function WorklistPages({ page, onPage }: { page: ReturnType<typeof pageView>; onPage: (to: number | string) => void }) {
  const { lang, t } = useLang();
  const { previous, next } = page;
  return (
    <nav className="worklist-pages" aria-label={t('worklistPages')}>
      {page.to > 0 ? (
        <p className="worklist-count">
          {t('worklistShowing', { from: page.from, to: page.to, total: countText(page.total, lang) })}
          {previous !== null || next !== null ? ` ${t('worklistNarrow')}` : null}
        </p>
      ) : null}
      {previous !== null ? <button type="button" onClick={() => onPage(previous)}>{t('previousPage', { n: page.limit })}</button> : null}
      {next !== null ? <button type="button" onClick={() => onPage(next)}>{t('nextPage', { n: page.nextCount })}</button> : null}
    </nav>
  );
}

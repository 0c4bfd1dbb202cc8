import { api } from '../api.js';
import { ageLabel, formatTime, levelLabel, localized, statusLabel, triggerLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { filterFromSearch, pageView, searchFromFilter, topReasons, type WorklistFilter } from '../logic/worklist.js';
import { worseTexts } from '../logic/pro-summary.js';
import { FLAG_STATUSES, isOneOf, LEVELS, LEVELS_HIGHEST_FIRST } from '../../../server/contract/codes.js';
import { OwnershipCell } from '../components/flag-ownership.js';
import { provenanceText } from '../logic/provenance.js';
import { LevelBadge } from '../components/level-badge.js';
import { Link, useNavigate } from '../components/link.js';
import { DecisionSupportNote, ErrorMessage, Loading } from '../components/messages.js';

const WORKLIST_POLL_MS = 30_000;

export function WorklistScreen({ search }: { search: string }) {
  const { lang, t } = useLang();
  const navigate = useNavigate();
  const filter = filterFromSearch(search);
  const flags = useResource(() => api.flags(filter), [filter.level, filter.status, filter.offset], { pollMs: WORKLIST_POLL_MS });
  const setFilter = (next: WorklistFilter): void => navigate(`/worklist${searchFromFilter(next)}`);
  const page = flags.data ? pageView(flags.data) : null;

  return (
    <>
      <div className="page-head">
        <h1>{t('worklistTitle')}</h1>
        <p className="muted">{t('worklistIntro')}</p>
      </div>
      <DecisionSupportNote />
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="filter-level">{t('filterLevel')}</label>
          <select id="filter-level" value={filter.level} onChange={(e) => { const level = e.target.value; setFilter({ ...filter, level: isOneOf(LEVELS, level) ? level : '', offset: 0 }); }}>
            <option value="">{t('filterAll')}</option>
            {LEVELS_HIGHEST_FIRST.map((l) => <option key={l} value={l}>{levelLabel(l, lang)}</option>)}
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
      </form>
      <ErrorMessage error={flags.error} />
      {flags.data === undefined ? (
        flags.error ? null : <Loading />
      ) : flags.data.items.length === 0 ? (
        <p className="empty">{t('worklistEmpty')}</p>
      ) : (
        // Explicit table roles: below 900 px the rows are laid out as cards (staff.css), and a table
        // whose cells are display:block keeps its table semantics only when they are spelled out.
        <table className="worklist" role="table">
          <caption className="visually-hidden">{t('worklistIntro')}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">{t('colLevel')}</th>
              <th scope="col" role="columnheader">{t('colPatient')}</th>
              <th scope="col" role="columnheader">{t('colReasons')}</th>
              <th scope="col" role="columnheader">{t('colQuestionnaire')}</th>
              <th scope="col" role="columnheader">{t('colTrigger')}</th>
              <th scope="col" role="columnheader">{t('colSinceAnswer')}</th>
              <th scope="col" role="columnheader">{t('colStatus')}</th>
              <th scope="col" role="columnheader">{t('colOwner')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {flags.data.items.map((flag) => {
              const { shown, more } = topReasons(flag);
              const worse = worseTexts(flag.worseSinceLast, lang, t);
              return (
                <tr key={flag.id} role="row" className={`row-${flag.level} ${flag.urgent ? 'row-urgent' : ''} ${flag.status === 'returned' ? 'row-returned' : ''}`} data-flag-id={flag.id}>
                  <td role="cell" className="cell-level">
                    {flag.urgent ? <p className="urgent-tag"><span aria-hidden="true">⚠ </span>{t('urgentReview')}</p> : null}
                    <LevelBadge level={flag.level} />
                    {flag.urgentReasons.length > 0 ? <p className="urgent-why small">{flag.urgentReasons.map((r) => localized(r.text, lang)).join(' ')}</p> : null}
                  </td>
                  <td role="cell" className="cell-patient">
                    <Link to={{ name: 'flag', id: flag.id }} className="patient-link standalone-link">{flag.patient.name}</Link>
                    <div className="muted small">{flag.patient.externalId}</div>
                    {flag.mode !== 'self' ? <p className="mode-tag small">{provenanceText(flag, lang, t)}</p> : null}
                  </td>
                  <td role="cell" className="cell-reasons">
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
                  </td>
                  <td role="cell" className="cell-questionnaire" data-label={t('colQuestionnaire')}>{localized(flag.questionnaire.title, lang)}</td>
                  <td role="cell" className="cell-trigger" data-label={t('colTrigger')}>{triggerLabel(flag.trigger, lang)}</td>
                  <td role="cell" className="cell-since nowrap" data-label={t('colSinceAnswer')}>{ageLabel(flag.ageDays, t)}</td>
                  <td role="cell" className="cell-status" data-label={t('colStatus')}>
                    <span className={`status status-${flag.status}`}>{statusLabel(flag.status, lang)}</span>
                    {flag.status === 'returned' && flag.returnReason ? (
                      <p className="return-reason">{t('returnedWithReason', { reason: flag.returnReason })}</p>
                    ) : null}
                  </td>
                  <td role="cell" className="cell-owner" data-label={t('colOwner')}><OwnershipCell flag={flag} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {page && (page.to > 0 || page.previous !== null) ? <WorklistPages page={page} onPage={(offset) => setFilter({ ...filter, offset })} /> : null}
    </>
  );
}

/** "Showing 1–200 of 950" and the way to the pages before and after: the list is never cut silently. */
function WorklistPages({ page, onPage }: { page: ReturnType<typeof pageView>; onPage: (offset: number) => void }) {
  const { t } = useLang();
  const { previous, next } = page;
  return (
    <nav className="worklist-pages" aria-label={t('worklistPages')}>
      {page.to > 0 ? (
        <p className="worklist-count">
          {t('worklistShowing', { from: page.from, to: page.to, total: page.total })}
          {previous !== null || next !== null ? ` ${t('worklistNarrow')}` : null}
        </p>
      ) : null}
      {previous !== null ? <button type="button" onClick={() => onPage(previous)}>{t('previousPage', { n: page.limit })}</button> : null}
      {next !== null ? <button type="button" onClick={() => onPage(next)}>{t('nextPage', { n: Math.min(page.limit, page.total - page.to) })}</button> : null}
    </nav>
  );
}

import { api } from '../api.js';
import { ageLabel, formatTime, levelLabel, localized, statusLabel, triggerLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { filterFromSearch, searchFromFilter, sortWorklist, topReasons, type WorklistFilter } from '../logic/worklist.js';
import { FLAG_STATUSES, LEVELS } from '../types.js';
import { LevelBadge } from '../components/level-badge.js';
import { Link, useNavigate } from '../components/link.js';
import { DecisionSupportNote, ErrorMessage, Loading } from '../components/messages.js';

const WORKLIST_POLL_MS = 30_000;

export function WorklistScreen({ search }: { search: string }) {
  const { lang, t } = useLang();
  const navigate = useNavigate();
  const filter = filterFromSearch(search);
  const flags = useResource(() => api.flags(filter), [filter.level, filter.status], { pollMs: WORKLIST_POLL_MS });
  const setFilter = (next: WorklistFilter): void => navigate(`/worklist${searchFromFilter(next)}`);

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
          <select id="filter-level" value={filter.level} onChange={(e) => setFilter({ ...filter, level: e.target.value as WorklistFilter['level'] })}>
            <option value="">{t('filterAll')}</option>
            {LEVELS.map((l) => <option key={l} value={l}>{levelLabel(l, lang)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="filter-status">{t('filterStatus')}</label>
          <select id="filter-status" value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as WorklistFilter['status'] })}>
            <option value="">{t('filterDefault')}</option>
            {FLAG_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s, lang)}</option>)}
          </select>
        </div>
        <div className="filters-refresh">
          <button type="button" onClick={() => void flags.reload()}>{t('refresh')}</button>
          <span className="muted" role="status">{flags.updatedAt ? t('updatedAt', { time: formatTime(flags.updatedAt, lang) }) : ''}</span>
        </div>
      </form>
      <ErrorMessage error={flags.error} />
      {flags.data === undefined ? (
        flags.error ? null : <Loading />
      ) : flags.data.length === 0 ? (
        <p className="empty">{t('worklistEmpty')}</p>
      ) : (
        <table className="worklist">
          <caption className="visually-hidden">{t('worklistIntro')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colLevel')}</th>
              <th scope="col">{t('colPatient')}</th>
              <th scope="col">{t('colReasons')}</th>
              <th scope="col">{t('colQuestionnaire')}</th>
              <th scope="col">{t('colTrigger')}</th>
              <th scope="col">{t('colAge')}</th>
              <th scope="col">{t('colStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {sortWorklist(flags.data).map((flag) => {
              const { shown, more } = topReasons(flag.reasons);
              return (
                <tr key={flag.id} className={`row-${flag.level} ${flag.status === 'returned' ? 'row-returned' : ''}`} data-flag-id={flag.id}>
                  <td><LevelBadge level={flag.level} /></td>
                  <td>
                    <Link to={{ name: 'flag', id: String(flag.id) }} className="patient-link">{flag.patient.name}</Link>
                    <div className="muted small">{flag.patient.externalId}</div>
                  </td>
                  <td>
                    <ul className="reasons-short">
                      {shown.map((r) => <li key={r.rule}>{localized(r.text, lang)}</li>)}
                    </ul>
                    {more > 0 ? <span className="muted small">{t('moreReasons', { n: more })}</span> : null}
                  </td>
                  <td>{localized(flag.questionnaire.title, lang)}</td>
                  <td>{triggerLabel(flag.trigger, lang)}</td>
                  <td className="nowrap">{ageLabel(flag.ageDays, t)}</td>
                  <td>
                    <span className={`status status-${flag.status}`}>{statusLabel(flag.status, lang)}</span>
                    {flag.status === 'returned' && flag.returnReason ? (
                      <p className="return-reason">{t('returnedWithReason', { reason: flag.returnReason })}</p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

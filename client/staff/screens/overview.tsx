import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { formatTime } from '../i18n.js';
import { OVERVIEW_FIGURES, type OverviewFigure } from '../logic/overview.js';
import type { Overview } from '../../../server/contract/responses.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { Link } from '../components/link.js';

const OVERVIEW_POLL_MS = 60_000;

/** Nurses and admins: is the loop closing? (GET /api/overview). Figures of now link to the worklist. */
export function OverviewScreen() {
  const { lang, t } = useLang();
  const overview = useResource(() => api.overview(), [], { pollMs: OVERVIEW_POLL_MS });
  const value = (n: number | null, unit?: 'hours' | 'percent'): string => {
    if (n === null) return t('ovNoData');
    const text = n.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
    return unit === 'hours' ? t('hoursValue', { n: text }) : unit === 'percent' ? t('percentValue', { n: text }) : text;
  };
  const figures = (data: Overview, list: readonly OverviewFigure[]) => (
    <dl className="overview-figures">
      {list.map((f) => {
        const n = data[f.key];
        const attention = !f.window && typeof n === 'number' && n > 0;
        return (
          <div key={f.key} className={`figure figure-${f.key}${attention ? ' figure-attention' : ''}`} data-figure={f.key}>
            <dt>{t(f.label)}</dt>
            <dd className="figure-value">{value(n, f.unit)}</dd>
            {f.worklist ? <dd className="figure-link"><Link to={f.worklist}>{t('ovOpenWorklist')}<span className="visually-hidden">: {t(f.label)}</span></Link></dd> : null}
          </div>
        );
      })}
    </dl>
  );
  return (
    <>
      <div className="page-head">
        <h1>{t('overviewTitle')}</h1>
        <p className="muted">{t('overviewIntro')}</p>
        {/* Not a live region: the poll would have a screen reader read it out again and again. */}
        <p className="muted">{overview.updatedAt ? t('updatedAt', { time: formatTime(overview.updatedAt, lang) }) : ''}</p>
      </div>
      <ErrorMessage error={overview.error} />
      {overview.data ? (
        <>
          <section className="panel" aria-labelledby="overview-now">
            <h2 id="overview-now">{t('ovNow')}</h2>
            {figures(overview.data, OVERVIEW_FIGURES.filter((f) => !f.window))}
          </section>
          <section className="panel" aria-labelledby="overview-window">
            <h2 id="overview-window">{t('ovLast30Days')}</h2>
            {figures(overview.data, OVERVIEW_FIGURES.filter((f) => f.window))}
          </section>
        </>
      ) : overview.error ? null : <Loading />}
    </>
  );
}

import type { Overview } from '../../../server/contract/responses.js';
import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { formatTime, type MessageKey } from '../i18n.js';
import { ErrorMessage, Loading } from '../components/messages.js';

const OVERVIEW_POLL_MS = 60_000;

/** The figures in the order the page shows them, and how each is written. */
const FIGURES: { key: keyof Overview; label: MessageKey; unit?: 'hours' | 'percent'; window?: true }[] = [
  { key: 'overdueNow', label: 'ovOverdueNow' },
  { key: 'dueToday', label: 'ovDueToday' },
  { key: 'unowned', label: 'ovUnowned' },
  { key: 'closedWithinDeadlinePct', label: 'ovClosedWithinDeadline', unit: 'percent', window: true },
  { key: 'medianHoursToFirstAction', label: 'ovMedianFirstAction', unit: 'hours', window: true },
  { key: 'medianHoursToClose', label: 'ovMedianClose', unit: 'hours', window: true },
  { key: 'flagsPer100Responses', label: 'ovFlagsPer100', window: true },
  { key: 'failedMessages', label: 'ovFailedMessages' },
];

/** Nurses and admins: is the loop closing? (GET /api/overview). */
export function OverviewScreen() {
  const { lang, t } = useLang();
  const overview = useResource(() => api.overview(), [], { pollMs: OVERVIEW_POLL_MS });
  const value = (n: number | null, unit?: 'hours' | 'percent'): string => {
    if (n === null) return t('ovNoData');
    const text = n.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB');
    return unit === 'hours' ? t('hoursValue', { n: text }) : unit === 'percent' ? t('percentValue', { n: text }) : text;
  };
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
        <dl className="overview-figures">
          {FIGURES.map((f) => (
            <div key={f.key} className={`figure figure-${f.key}`} data-figure={f.key}>
              <dt>{t(f.label)}</dt>
              <dd>{value(overview.data![f.key], f.unit)}</dd>
            </div>
          ))}
        </dl>
      ) : overview.error ? null : <Loading />}
    </>
  );
}

import { useState } from 'react';
import { LEVELS_HIGHEST_FIRST, type Role } from '../../../server/contract/codes.js';
import { RESPONSE_MODES, type ResponseMode } from '../../../server/contract/codes.js';
import type { IndicatorFigures, Indicators } from '../../../server/contract/indicators.js';
import { ROUTES } from '../../../server/contract/routes.js';
import { api, queryString } from '../api.js';
import { levelLabel, localized, type MessageKey } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { bars, defaultPeriod, displayNumber, INDICATOR_SPECS, monthLabel, type IndicatorSpec, type IndicatorUnit } from '../logic/indicators.js';
import { ErrorMessage, Loading } from '../components/messages.js';

const MODE_LABEL: Record<ResponseMode, MessageKey> = { self: 'indModeSelf', assisted: 'indModeAssisted', proxy: 'indModeProxy', paper: 'indModePaper' };

/** The figure with its unit, or "nothing to compute". */
function useValueText() {
  const { lang, t } = useLang();
  return (value: number | null, unit: IndicatorUnit): string => {
    if (value === null) return t('indNoData');
    const n = displayNumber(value, unit, lang);
    return unit === 'share' ? t('percentValue', { n }) : unit === 'hours' ? t('hoursValue', { n }) : unit === 'days' ? t('indDaysValue', { n }) : n;
  };
}

/** Nurses, admins and the palliative team: the quality indicators of a period, each with its definition and a chart over months. */
export function IndicatorsScreen({ role }: { role: Role }) {
  const { t } = useLang();
  const [period, setPeriod] = useState(() => defaultPeriod(new Date()));
  const [draft, setDraft] = useState(period);
  const [invalid, setInvalid] = useState(false);
  const figures = useResource(() => api.indicators(period.from, period.to), [period.from, period.to]);

  return (
    <>
      <div className="page-head">
        <h1>{t('indicatorsTitle')}</h1>
        <p className="muted">{t('indicatorsIntro')}</p>
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const wrong = !draft.from || !draft.to || draft.from > draft.to;
          setInvalid(wrong);
          if (!wrong) setPeriod(draft);
        }}
      >
        <div>
          <label htmlFor="indicators-from">{t('indFrom')}</label>
          <input id="indicators-from" type="date" value={draft.from} aria-invalid={invalid} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div>
          <label htmlFor="indicators-to">{t('indTo')}</label>
          <input id="indicators-to" type="date" value={draft.to} aria-invalid={invalid} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit" className="primary">{t('indShow')}</button>
        {role !== 'palliative_team' ? (
          <>
            <a className="button" href={`/api/export/responses.csv${queryString(period)}`} download>{t('indDownloadCsv')}</a>
            <a className="button" href={`/api/export/responses.csv${queryString({ ...period, format: 'excel-da' })}`} download>{t('indDownloadExcel')}</a>
          </>
        ) : null}
      </form>
      {invalid ? <p role="alert" className="field-problem">{t('indPeriodInvalid')}</p> : null}
      <ErrorMessage error={figures.error} />
      {figures.data ? <IndicatorPanels data={figures.data} /> : figures.error ? null : <Loading />}
      {role === 'admin' ? <FhirPanel /> : null}
    </>
  );
}

/** FHIR's endpoints (the contract's route table) and the export command, for the admin who connects another system (docs/fhir.md). */
const FHIR_ROUTES = [ROUTES.fhirQuestionnaire, ROUTES.fhirQuestionnaireResponse, ROUTES.fhirObservations, ROUTES.fhirBundle];

function FhirPanel() {
  const { t } = useLang();
  return (
    <section className="panel fhir-panel" aria-labelledby="fhir-title">
      <h2 id="fhir-title">{t('fhirTitle')}</h2>
      <p>{t('fhirIntro')}</p>
      <h3>{t('fhirEndpoints')}</h3>
      <ul className="fhir-endpoints">
        {FHIR_ROUTES.map((r) => <li key={r.path}><code>{r.method} {r.path}</code></li>)}
      </ul>
      <h3>{t('fhirExport')}</h3>
      <pre className="command"><code>npm run export:fhir -- --from 2026-03-01 --to 2026-03-31 --out fhir-export</code></pre>
      <p className="muted small">{t('fhirExportHelp')}</p>
    </section>
  );
}

function IndicatorPanels({ data }: { data: Indicators }) {
  return (
    <div className="indicators">
      {INDICATOR_SPECS.map((spec) => <IndicatorPanel key={spec.id} spec={spec} data={data} />)}
      <ModesPanel data={data} />
      <ReturnReasonsPanel data={data} />
      <AgreementPanel data={data} />
      <AdherencePanel data={data} />
    </div>
  );
}

function IndicatorPanel({ spec, data }: { spec: IndicatorSpec; data: Indicators }) {
  const { t } = useLang();
  const valueText = useValueText();
  const headingId = `indicator-${spec.id}`;
  return (
    <section className="panel indicator" aria-labelledby={headingId} data-indicator={spec.id}>
      <h2 id={headingId}>{t(spec.label)}</h2>
      <p className="indicator-value">{valueText(spec.value(data), spec.unit)}</p>
      <p className="muted indicator-definition">{t(spec.definition)}</p>
      <MonthChart title={t(spec.label)} unit={spec.unit} months={data.months} value={spec.value} />
    </section>
  );
}

const CHART_HEIGHT = 90;
const SLOT_WIDTH = 44;
/** Room above the bars for the value and below them for the month. */
const [TOP, BOTTOM] = [16, 18];

/** Bars per month with the value written above each bar and the month below (text, not colour alone). */
function MonthChart({ title, unit, months, value }: { title: string; unit: IndicatorUnit; months: Indicators['months']; value: (f: IndicatorFigures) => number | null }) {
  const { lang, t } = useLang();
  const valueText = useValueText();
  const values = months.map(value);
  const width = Math.max(1, months.length) * SLOT_WIDTH;
  const label = t('indChartLabel', { title, points: months.map((m, i) => `${monthLabel(m.month, lang)}: ${valueText(values[i]!, unit)}`).join('; ') });
  return (
    <svg className="indicator-chart" viewBox={`0 0 ${width} ${CHART_HEIGHT + TOP + BOTTOM}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet" style={{ maxWidth: `${width}px` }}>
      <line x1={0} x2={width} y1={TOP + CHART_HEIGHT} y2={TOP + CHART_HEIGHT} className="indicator-axis" />
      {bars(values, unit, width, CHART_HEIGHT).map((bar, i) => (
        <g key={months[i]!.month}>
          {bar.height > 0 ? <rect x={bar.x} y={TOP + CHART_HEIGHT - bar.height} width={bar.width} height={bar.height} className="indicator-bar" /> : null}
          <text x={bar.x + bar.width / 2} y={TOP + CHART_HEIGHT - bar.height - 4} textAnchor="middle" className="indicator-bar-value">
            {bar.value === null ? '–' : displayNumber(bar.value, unit, lang)}
          </text>
          <text x={bar.x + bar.width / 2} y={TOP + CHART_HEIGHT + 13} textAnchor="middle" className="indicator-month">{monthLabel(months[i]!.month, lang)}</text>
        </g>
      ))}
    </svg>
  );
}

function ModesPanel({ data }: { data: Indicators }) {
  const { lang, t } = useLang();
  return (
    <section className="panel indicator indicator-wide" aria-labelledby="indicator-modes" data-indicator="responsesByMode">
      <h2 id="indicator-modes">{t('indResponsesByMode')}</h2>
      <p className="muted indicator-definition">{t('indResponsesByModeDef')}</p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('indPeriodColumn')}</th>
              {RESPONSE_MODES.map((m) => <th key={m} scope="col">{t(MODE_LABEL[m])}</th>)}
            </tr>
          </thead>
          <tbody>
            {data.months.map((month) => (
              <tr key={month.month}>
                <th scope="row">{monthLabel(month.month, lang)}</th>
                {RESPONSE_MODES.map((m) => <td key={m}>{month.responsesByMode[m]}</td>)}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('indWholePeriod')}</th>
              {RESPONSE_MODES.map((m) => <td key={m}><strong>{data.responsesByMode[m]}</strong></td>)}
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ReturnReasonsPanel({ data }: { data: Indicators }) {
  const { t } = useLang();
  const reasons = data.referrals.returnReasons;
  return (
    <section className="panel indicator indicator-wide" aria-labelledby="indicator-return-reasons" data-indicator="returnReasons">
      <h2 id="indicator-return-reasons">{t('indReturnReasons')}</h2>
      <p className="muted indicator-definition">{t('indReturnReasonsDef')}</p>
      {reasons.length === 0 ? (
        <p>{t('indNoReturns')}</p>
      ) : (
        <table>
          <thead>
            <tr><th scope="col">{t('indReason')}</th><th scope="col">{t('indCount')}</th></tr>
          </thead>
          <tbody>
            {reasons.map((r) => <tr key={r.reason}><td>{r.reason}</td><td>{r.count}</td></tr>)}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** issue 25: per programme, the share of its questionnaires due in the period that were answered (of those answered or missed). */
function AdherencePanel({ data }: { data: Indicators }) {
  const { lang, t } = useLang();
  const share = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`);
  return (
    <section className="panel indicator indicator-wide" aria-labelledby="indicator-adherence" data-indicator="adherence">
      <h2 id="indicator-adherence">{t('indAdherence')}</h2>
      <p className="muted indicator-definition">{t('indAdherenceDef')}</p>
      {data.programmes.length === 0 ? (
        <p>{t('indNoProgrammes')}</p>
      ) : (
        <table>
          <thead>
            <tr><th scope="col">{t('programmeName')}</th><th scope="col">{t('indScheduled')}</th><th scope="col">{t('indAnswered')}</th><th scope="col">{t('indAdherenceShare')}</th></tr>
          </thead>
          <tbody>
            {data.programmes.map((p) => (
              <tr key={p.programmeId}><td>{localized(p.name, lang)}</td><td>{p.scheduled}</td><td>{p.answered}</td><td>{share(p.adherence)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {data.programmes.map((p) => (
        <div key={p.programmeId} className="table-scroll adherence-months" data-programme={p.programmeId}>
          <table>
            <caption>{t('indAdherenceByMonth', { name: localized(p.name, lang) })}</caption>
            <thead>
              <tr><th scope="col">{t('indPeriodColumn')}</th><th scope="col">{t('indScheduled')}</th><th scope="col">{t('indAnswered')}</th><th scope="col">{t('indAdherenceShare')}</th></tr>
            </thead>
            <tbody>
              {p.months.map((m) => (
                <tr key={m.month}><th scope="row">{monthLabel(m.month, lang)}</th><td>{m.scheduled}</td><td>{m.answered}</td><td>{share(m.adherence)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

function AgreementPanel({ data }: { data: Indicators }) {
  const { lang, t } = useLang();
  const { table } = data.agreement;
  return (
    <section className="panel indicator indicator-wide" aria-labelledby="indicator-agreement" data-indicator="agreement">
      <h2 id="indicator-agreement">{t('indAgreement')}</h2>
      <p className="muted indicator-definition">{t('indAgreementDef')}</p>
      <table className="agreement-table">
        <thead>
          <tr>
            <th scope="col">{t('indProposed')} \ {t('indDecided')}</th>
            {LEVELS_HIGHEST_FIRST.map((d) => <th key={d} scope="col">{levelLabel(d, lang)}</th>)}
          </tr>
        </thead>
        <tbody>
          {LEVELS_HIGHEST_FIRST.map((p) => (
            <tr key={p}>
              <th scope="row">{levelLabel(p, lang)}</th>
              {LEVELS_HIGHEST_FIRST.map((d) => <td key={d} className={p === d ? 'agreement-same' : undefined}>{table[p][d]}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

import { CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { formatDate, localized } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { formatScore, worseSide } from '../logic/scales.js';
import { MODE_MARKER, modeLabel } from '../logic/provenance.js';
import type { SeriesPoint } from '../logic/pro-summary.js';
import type { ScaleScore } from '../../../server/contract/responses.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Filler);

/** One scale's score over the patient's responses (Chart.js), with its threshold as a dashed line. */
export function ScaleChart({ scale, points }: { scale: ScaleScore; points: SeriesPoint[] }) {
  const { lang, t } = useLang();
  const canvas = useRef<HTMLCanvasElement>(null);
  const title = localized(scale.title, lang);
  const labels = points.map((p) => formatDate(p.date, lang));
  const description = t('historyChartLabel', {
    scale: title,
    // How each point was answered is in the words too, not only in its marker's shape.
    points: points.map((p, i) => `${labels[i]}: ${formatScore(p.score)}${p.mode === 'self' ? '' : ` (${modeLabel(p.mode, t)})`}`).join('; '),
  });

  useEffect(() => {
    if (!canvas.current) return undefined;
    const threshold = scale.threshold?.value;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels,
        datasets: [
          {
            label: title, data: points.map((p) => p.score), borderColor: '#1f4e79', backgroundColor: '#1f4e79', spanGaps: true, tension: 0,
            pointStyle: points.map((p) => MODE_MARKER[p.mode].pointStyle),
            pointRadius: points.map((p) => (p.mode === 'self' ? 4 : 6)),
          },
          ...(threshold === undefined
            ? []
            : [{ label: t('threshold', { value: formatScore(threshold) }), data: points.map(() => threshold), borderColor: '#a4262c', borderDash: [5, 4], borderWidth: 1.5, pointRadius: 0 }]),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { enabled: true } },
        scales: {
          y: { min: 0, max: 100, ticks: { stepSize: 50 }, reverse: false },
          x: { ticks: { maxRotation: 0, autoSkip: true, font: { size: 10 } } },
        },
      },
    });
    return () => chart.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [description, lang]);

  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>{' '}
        <span className="muted">({t(worseSide(scale.kind) === 'right' ? 'scaleWorseRight' : 'scaleWorseLeft')})</span>
      </figcaption>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={description} />
      </div>
    </figure>
  );
}

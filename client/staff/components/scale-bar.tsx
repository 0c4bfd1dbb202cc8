import { kindLabel, localized } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { barView, formatScore } from '../logic/scales.js';
import type { ScaleScore } from '../../../server/contract/responses.js';

/**
 * One scale on a horizontal 0-100 bar: the score, the threshold as a mark, the "need" side of the
 * threshold shaded, and the worse direction written out under the bar.
 */
export function ScaleBar({ scale }: { scale: ScaleScore }) {
  const { lang, t } = useLang();
  const view = barView(scale);
  const title = localized(scale.title, lang);
  const worseText = t(view.worse === 'right' ? 'scaleWorseRight' : 'scaleWorseLeft');
  const needText = view.missing ? t('scaleNoAnswers') : !scale.threshold ? t('scaleNoThreshold') : scale.isNeed ? t('scaleNeed') : t('scaleNoNeed');
  const thresholdText = scale.threshold ? t('threshold', { value: formatScore(scale.threshold.value) }) : t('scaleNoThreshold');
  const label = t('scaleBarLabel', { scale: title, score: view.missing ? t('scaleNoAnswers') : formatScore(scale.score), worse: worseText, thresholdText, need: needText });
  return (
    <li className={`scale ${scale.isNeed ? 'scale-need' : ''} ${view.missing ? 'scale-missing' : ''}`} data-scale={scale.scale}>
      <div className="scale-name">
        <span className="scale-title">{title}</span>
        <span className="scale-kind">{kindLabel(scale.kind, lang)}</span>
      </div>
      <div className="scale-bar" role="img" aria-label={label} title={scale.threshold ? t('thresholdSource', { source: scale.threshold.source }) : undefined}>
        <div className="scale-track">
          {view.needZone ? (
            <div className="scale-zone" style={{ left: `${view.needZone[0]}%`, width: `${view.needZone[1] - view.needZone[0]}%` }} />
          ) : null}
          {!view.missing ? <div className="scale-fill" style={{ width: `${Math.max(view.fill, 0.8)}%` }} /> : null}
          {view.mark !== null ? (
            <div className="scale-mark" style={{ left: `${view.mark}%` }}>
              <span className="scale-mark-label">{formatScore(view.mark)}</span>
            </div>
          ) : null}
        </div>
        <div className={`scale-worse scale-worse-${view.worse}`} aria-hidden="true">
          {view.worse === 'left' ? `◀ ${worseText}` : `${worseText} ▶`}
        </div>
      </div>
      <div className="scale-value">
        <strong>{view.missing ? '–' : formatScore(scale.score)}</strong>
        <span className={`scale-status ${scale.isNeed ? 'is-need' : ''}`}>{scale.isNeed ? `⚠ ${needText}` : needText}</span>
      </div>
    </li>
  );
}

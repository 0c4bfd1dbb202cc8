/**
 * "Since last time" (issue 23): scales worse than in the previous response first (old → new, an
 * arrow in colour and the word, never colour alone), then other changes; unchanged ones folded away.
 */
import { localized } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { formatScore } from '../logic/scales.js';
import type { ScaleChange, SinceLast, Trend } from '../logic/since-last.js';

const TREND_WORD: Record<Trend, 'trendWorse' | 'trendSlightlyWorse' | 'trendBetter' | null> = {
  worse: 'trendWorse', slightly_worse: 'trendSlightlyWorse', better: 'trendBetter', unchanged: null,
};

function ChangeLine({ change }: { change: ScaleChange }) {
  const { lang, t } = useLang();
  const word = TREND_WORD[change.trend];
  // The arrow shows which way the score moved; its colour and the word say whether that is worse.
  const arrow = change.to > change.from ? '↑' : change.to < change.from ? '↓' : '→';
  return (
    <li className={`trend trend-${change.trend}`}>
      <span className="trend-arrow" aria-hidden="true">{arrow}</span>
      <span>{t('sinceLastChange', { scale: localized(change.title, lang), from: formatScore(change.from), to: formatScore(change.to) })}</span>
      {word ? <span className="trend-word">{t(word)}</span> : null}
    </li>
  );
}

export function SinceLastPanel({ since }: { since: SinceLast }) {
  const { t } = useLang();
  return (
    <section className="panel since-last" aria-labelledby="since-last-title">
      <h2 id="since-last-title">{t('sinceLastTitle')}</h2>
      {!since.hasPrevious ? <p className="muted">{t('sinceLastFirst')}</p> : (
        <>
          {since.changed.length > 0 ? (
            <ul className="trends">{since.changed.map((c) => <ChangeLine key={c.scale} change={c} />)}</ul>
          ) : <p>{t('sinceLastNoChange')}</p>}
          {since.unchanged.length > 0 ? (
            <details className="since-unchanged">
              <summary>{t('sinceLastUnchanged', { n: since.unchanged.length })}</summary>
              <ul className="trends">{since.unchanged.map((c) => <ChangeLine key={c.scale} change={c} />)}</ul>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

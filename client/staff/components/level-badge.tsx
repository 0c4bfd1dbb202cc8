import { levelLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import type { Level } from '../../../server/contract/codes.js';

/** Shape as well as colour and text, so the level never rests on colour alone. */
const SYMBOL: Record<Level, string> = { specialized: '▲▲', basic: '▲', none: '○' };

export function LevelBadge({ level }: { level: Level }) {
  const { lang } = useLang();
  return (
    <span className={`badge badge-${level}`}>
      <span aria-hidden="true" className="badge-symbol">{SYMBOL[level]}</span> {levelLabel(level, lang)}
    </span>
  );
}

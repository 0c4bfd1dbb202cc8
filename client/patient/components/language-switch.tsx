import { languageNames, texts } from '../i18n.js';
import { type Locale, LOCALES } from '../../../server/contract/codes.js';

/** Dansk | English: two large toggle buttons, each named in its own language. */
export function LanguageSwitch({ locale, onChange }: { locale: Locale; onChange: (locale: Locale) => void }) {
  return (
    <div className="lang-switch" role="group" aria-label={`${texts.da.languageLabel} / ${texts.en.languageLabel}`}>
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === locale} onClick={() => onChange(l)}>
          {languageNames[l]}
        </button>
      ))}
    </div>
  );
}

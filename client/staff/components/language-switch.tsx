import { useLang } from '../hooks/use-lang.js';

/** Switches between Danish and English; the button names the language it switches to, in that language. */
export function LanguageSwitch() {
  const { lang, t, setLang } = useLang();
  const other = lang === 'da' ? 'en' : 'da';
  return (
    <button type="button" className="link-button lang-switch" lang={other} aria-label={t('switchLanguageLabel')} onClick={() => setLang(other)}>
      {t('switchLanguage')}
    </button>
  );
}

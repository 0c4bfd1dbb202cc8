import type { ReactNode } from 'react';
import { texts } from '../i18n.js';
import type { Locale } from '../../../server/contract/codes.js';
import { LanguageSwitch } from './language-switch.js';

export function Layout({ locale, onLocale, children }: { locale: Locale; onLocale: (locale: Locale) => void; children: ReactNode }) {
  return (
    <>
      <header className="app-header">
        <span className="app-name">{texts[locale].appName}</span>
        <LanguageSwitch locale={locale} onChange={onLocale} />
      </header>
      <main id="main" className="app-main">
        {children}
      </main>
    </>
  );
}

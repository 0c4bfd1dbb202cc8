import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { translator, type Lang, type Translate } from '../i18n.js';

const STORAGE_KEY = 'lindring.staff.lang';

/** The stored language choice, or Danish (the product's first language). */
function initialLang(stored: string | null): Lang {
  return stored === 'en' || stored === 'da' ? stored : 'da';
}

interface LangState {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

export function useLangState(): LangState {
  const [lang, setLangState] = useState<Lang>(() => initialLang(safeStorage()?.getItem(STORAGE_KEY) ?? null));
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    safeStorage()?.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const t = useMemo(() => translator(lang), [lang]);
  return { lang, t, setLang };
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export const LangContext = createContext<LangState>({ lang: 'da', t: translator('da'), setLang: () => {} });
export const useLang = (): LangState => useContext(LangContext);

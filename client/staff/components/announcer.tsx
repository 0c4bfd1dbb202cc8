/**
 * One visible, announced confirmation for the whole staff app (issue 15): a screen calls
 * `useAnnounce()(text)` after a save, and the text shows at the foot of the window in a
 * role=status region that is always in the page (so screen readers hear it). It stays until
 * closed, the next confirmation, or another screen: no timeout to race.
 */
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { useLang } from '../hooks/use-lang.js';

const AnnounceContext = createContext<(message: string) => void>(() => {});

/** Shows and announces a confirmation ("Decision saved."). */
export const useAnnounce = (): ((message: string) => void) => useContext(AnnounceContext);

export function AnnouncerProvider({ screen, children }: { screen: string; children: ReactNode }) {
  const { t } = useLang();
  // `n` renders a new node each time, so the same text said twice is announced twice.
  const [notice, setNotice] = useState<{ text: string; n: number } | null>(null);
  const announce = useCallback((text: string) => setNotice((previous) => ({ text, n: (previous?.n ?? 0) + 1 })), []);
  // Cleared while rendering the new screen (not in an effect after it), so a screen that announces
  // as it opens (the patient's page after a saved form) keeps its confirmation.
  const [noticeScreen, setNoticeScreen] = useState(screen);
  if (noticeScreen !== screen) {
    setNoticeScreen(screen);
    setNotice(null);
  }
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className={notice ? 'announcer is-shown' : 'announcer'}>
        <div role="status" className="announcer-text">{notice ? <p key={notice.n}>{notice.text}</p> : null}</div>
        {notice ? <button type="button" className="announcer-close" aria-label={t('closeNotice')} onClick={() => setNotice(null)}>×</button> : null}
      </div>
    </AnnounceContext.Provider>
  );
}

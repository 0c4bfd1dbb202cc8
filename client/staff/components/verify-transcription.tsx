import { useState } from 'react';
import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import type { FlagSummary } from '../../../server/contract/responses.js';
import { focusMainHeading } from '../hooks/use-screen.js';
import { useAnnounce } from './announcer.js';
import { ErrorMessage } from './messages.js';

/**
 * "Verify transcription" on a paper entry awaiting verification (issue 13): a second staff user
 * confirms the entry matches the paper; the recorder gets the server's 409 as a clear message
 * (role=alert). Once verified this panel goes away: the confirmation is announced and focus goes to
 * the screen's h1.
 */
export function VerifyTranscription({ flag, onVerified }: { flag: Pick<FlagSummary, 'responseId' | 'recordedBy'>; onVerified: () => void }) {
  const { t } = useLang();
  const announce = useAnnounce();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const verify = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.verifyResponse(flag.responseId);
      announce(t('verifyDone'));
      focusMainHeading();
      onVerified();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel panel-verify no-print" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verifyTitle')}</h2>
      <p>{t('verifyHelp')}</p>
      <ErrorMessage error={error} />
      <button type="button" className="primary form-touch" disabled={busy} onClick={() => void verify()}>{t('verifyTranscription')}</button>
    </section>
  );
}

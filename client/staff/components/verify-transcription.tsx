import { api } from '../api.js';
import { useAction } from '../hooks/use-action.js';
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
  const { busy, error, run } = useAction();
  const verify = (): Promise<void> => run(async () => {
    await api.verifyResponse(flag.responseId);
    announce(t('verifyDone'));
    focusMainHeading();
    onVerified();
  });
  return (
    <section className="panel panel-verify no-print" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verifyTitle')}</h2>
      <p>{t('verifyHelp')}</p>
      <ErrorMessage error={error} />
      <button type="button" className="primary form-touch" disabled={busy} onClick={() => void verify()}>{t('verifyTranscription')}</button>
    </section>
  );
}

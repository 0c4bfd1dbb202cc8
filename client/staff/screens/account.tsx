/** My account (issue 21): two-step log-in, and where I am logged in, with a way to end a session elsewhere. */
import { useState } from 'react';
import { api } from '../api.js';
import { formatDate, formatTime } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { RecoveryCodes, SecondFactorSetup } from '../components/second-factor-setup.js';
import { SessionsTable } from '../components/sessions-table.js';

export function AccountScreen() {
  const { t } = useLang();
  return (
    <>
      <div className="page-head">
        <h1>{t('accountTitle')}</h1>
      </div>
      <SecondFactorPanel />
      <MySessions />
    </>
  );
}

function SecondFactorPanel() {
  const { t } = useLang();
  const me = useResource(() => api.me(), []);
  const announce = useAnnounce();
  const [codes, setCodes] = useState<string[] | null>(null);
  const confirm = async (code: string): Promise<void> => {
    const { recoveryCodes } = await api.confirmEnrolment(code);
    setCodes(recoveryCodes);
    announce(t('secondFactorEnabled'));
    await me.reload();
  };
  return (
    <section className="panel" aria-labelledby="second-factor-title">
      <h2 id="second-factor-title">{t('secondFactorSetupTitle')}</h2>
      <ErrorMessage error={me.error} />
      {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(null)} /> : null}
      {me.data === undefined ? (me.error ? null : <Loading />) : me.data.secondFactor ? (
        <p data-testid="second-factor-on">{t('secondFactorOn')}</p>
      ) : (
        <>
          <p>{t('secondFactorOff')}</p>
          <SecondFactorSetup start={api.startEnrolment} confirm={confirm} />
        </>
      )}
    </section>
  );
}

function MySessions() {
  const { lang, t } = useLang();
  const sessions = useResource(() => api.mySessions(), []);
  const announce = useAnnounce();
  const [error, setError] = useState<unknown>(null);
  const end = async (id: string): Promise<void> => {
    setError(null);
    try {
      await api.endMySession(id);
      announce(t('sessionEnded'));
    } catch (err) {
      setError(err);
    }
    await sessions.reload();
  };
  return (
    <section className="panel" aria-labelledby="my-sessions-title">
      <h2 id="my-sessions-title">{t('mySessionsTitle')}</h2>
      <ErrorMessage error={sessions.error ?? error} />
      {sessions.data === undefined ? (sessions.error ? null : <Loading />) : <SessionsTable sessions={sessions.data} onEnd={(id) => void end(id)} when={(iso) => `${formatDate(iso, lang)} ${formatTime(new Date(iso), lang)}`} />}
    </section>
  );
}

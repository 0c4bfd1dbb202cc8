import { useState } from 'react';
import type { SecondFactorStep } from '../../../server/contract/accounts.js';
import { api } from '../api.js';
import { useFormAction } from '../hooks/use-form-action.js';
import { useLang } from '../hooks/use-lang.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { SecondFactorSetup } from '../components/second-factor-setup.js';

function LoginFrame({ title, children }: { title: string; children: React.ReactNode }) {
  const { t } = useLang();
  return (
    <main id="main" className="login">
      <div className="login-box">
        <div className="login-head">
          <h1>{t('appName')} <span className="muted">{t('staffSubtitle')}</span></h1>
          <LanguageSwitch />
        </div>
        <h2>{title}</h2>
        {children}
      </div>
    </main>
  );
}

export function LoginScreen({ expired, secondFactorExpired, onLogin }: { expired: boolean; secondFactorExpired: boolean; onLogin: (username: string, password: string) => Promise<void> }) {
  const { t } = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useFormAction(() => onLogin(username, password));

  return (
    <LoginFrame title={t('loginTitle')}>
      {expired ? <p role="status" className="notice">{t('sessionExpired')}</p> : null}
      {secondFactorExpired ? <p role="status" className="notice">{t('errSecondFactorExpired')}</p> : null}
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="username">{t('username')}</label>
        <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error ? <p role="alert" className="notice notice-error">{error}</p> : null}
        <button type="submit" className="primary" disabled={busy}>{t('loginButton')}</button>
      </form>
    </LoginFrame>
  );
}

/**
 * The second step of a log-in (issue 21): the code from the app or a recovery code; or, when the site
 * requires two-step log-in and the user has none, setting it up (its code finishes the log-in).
 */
export function SecondFactorScreen({ step, onCode, onStartOver }: { step: SecondFactorStep; onCode: (code: string) => Promise<void>; onStartOver: () => void }) {
  const { t } = useLang();
  const [code, setCode] = useState('');
  const { busy, error, submit } = useFormAction(() => onCode(code), () => setCode(''));

  return (
    <LoginFrame title={step === 'enrol' ? t('secondFactorSetupTitle') : t('secondFactorTitle')}>
      {step === 'enrol' ? (
        <>
          <p className="notice">{t('enrolRequiredIntro')}</p>
          <SecondFactorSetup start={api.signInEnrolment} confirm={onCode} />
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <p id="second-factor-help">{t('secondFactorIntro')}</p>
          <label htmlFor="second-factor-code">{t('secondFactorCode')}</label>
          <input
            id="second-factor-code" name="code" className="code-input" autoComplete="one-time-code" autoCapitalize="none" spellCheck={false} required maxLength={40}
            aria-describedby="second-factor-help" value={code} onChange={(e) => setCode(e.target.value)}
          />
          {error ? <p role="alert" className="notice notice-error">{error}</p> : null}
          <button type="submit" className="primary" disabled={busy}>{t('secondFactorButton')}</button>
        </form>
      )}
      <button type="button" className="link-button" onClick={onStartOver}>{t('startOver')}</button>
    </LoginFrame>
  );
}

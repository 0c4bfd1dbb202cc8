import { useState } from 'react';
import type { SecondFactorStep } from '../../../server/contract/accounts.js';
import { api, oidcStartHref } from '../api.js';
import { isOidcRefusal, SIGN_IN_REFUSED_PARAM, type OidcRefusal, type SignInOptions } from '../../../server/contract/sign-in.js';
import type { MessageKey } from '../i18n.js';
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

/** Why the hospital's sign-in was refused (the callback's `?signInRefused=`), in words. */
const REFUSAL_TEXT: Record<OidcRefusal, MessageKey> = {
  provider_error: 'oidcRefusedProviderError',
  unknown_state: 'oidcRefusedUnknownState',
  invalid_token: 'oidcRefusedInvalidToken',
  second_factor_required: 'oidcRefusedSecondFactor',
  no_mapped_group: 'oidcRefusedNoGroup',
  disabled: 'oidcRefusedDisabled',
  last_admin: 'oidcRefusedLastAdmin',
  not_configured: 'oidcRefusedNotConfigured',
};

/** The refusal the callback sent the browser back with, if any. */
export function refusalOf(search: string): OidcRefusal | null {
  const value = new URLSearchParams(search).get(SIGN_IN_REFUSED_PARAM);
  return isOidcRefusal(value) ? value : null;
}

export function LoginScreen({ expired, secondFactorExpired, onLogin, options, refusal }: {
  expired: boolean;
  secondFactorExpired: boolean;
  onLogin: (username: string, password: string) => Promise<void>;
  /** issue 24: the hospital's sign-in, when configured; with passwords off the form is behind a link for break-glass admins. */
  options: SignInOptions | null;
  refusal: OidcRefusal | null;
}) {
  const { t } = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showLocal, setShowLocal] = useState(false);
  const { busy, error, submit } = useFormAction(() => onLogin(username, password));
  const passwordsShown = options === null || options.localLogin || showLocal;

  return (
    <LoginFrame title={t('loginTitle')}>
      {expired ? <p role="status" className="notice">{t('sessionExpired')}</p> : null}
      {secondFactorExpired ? <p role="status" className="notice">{t('errSecondFactorExpired')}</p> : null}
      {refusal ? <p role="alert" className="notice notice-error">{t(REFUSAL_TEXT[refusal])}</p> : null}
      {options?.oidc ? (
        // A page navigation, not a fetch: the provider's page comes next, and back to where the user was.
        <a className="button primary oidc-sign-in" href={oidcStartHref(window.location.pathname)}>{t('oidcSignIn', { name: options.oidc.name })}</a>
      ) : null}
      {passwordsShown ? (
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="username">{t('username')}</label>
          <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
          <label htmlFor="password">{t('password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          {error ? <p role="alert" className="notice notice-error">{error}</p> : null}
          <button type="submit" className={options?.oidc ? undefined : 'primary'} disabled={busy}>{t('loginButton')}</button>
        </form>
      ) : null}
      {options && !options.localLogin ? (
        <button type="button" className="link-button small" aria-expanded={showLocal} onClick={() => setShowLocal((v) => !v)}>
          {showLocal ? t('localLoginHide') : t('localLoginLink')}
        </button>
      ) : null}
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

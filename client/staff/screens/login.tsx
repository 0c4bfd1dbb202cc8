import { useState, type FormEvent } from 'react';
import { useLang } from '../hooks/use-lang.js';
import { errorText } from '../components/messages.js';
import { LanguageSwitch } from '../components/language-switch.js';

export function LoginScreen({ expired, onLogin }: { expired: boolean; onLogin: (username: string, password: string) => Promise<void> }) {
  const { t } = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await onLogin(username, password);
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login-box">
        <div className="login-head">
          <h1>{t('appName')} <span className="muted">{t('staffSubtitle')}</span></h1>
          <LanguageSwitch />
        </div>
        <h2>{t('loginTitle')}</h2>
        {expired ? <p role="status" className="notice">{t('sessionExpired')}</p> : null}
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="username">{t('username')}</label>
          <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
          <label htmlFor="password">{t('password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          {error ? <p role="alert" className="notice notice-error">{error}</p> : null}
          <button type="submit" className="primary" disabled={busy}>{t('loginButton')}</button>
        </form>
      </div>
    </main>
  );
}

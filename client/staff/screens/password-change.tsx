import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH } from '../../../server/contract/accounts.js';
import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { ErrorMessage } from '../components/messages.js';

/**
 * POST /api/auth/password. `forced`: after an admin's reset nothing else is open until a new
 * password is chosen (the server answers 403 password_change_required to every other route).
 */
export function PasswordChangeForm({ forced, onChanged }: { forced: boolean; onChanged: () => void | Promise<void> }) {
  const { t } = useLang();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    setDone(false);
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      await onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="password-title">
      {/* Alone on the screen when chosen from the menu: then it is the screen's h1. */}
      {forced ? <h2 id="password-title">{t('changePasswordTitle')}</h2> : <h1 id="password-title">{t('changePassword')}</h1>}
      {forced ? <p role="status" className="notice">{t('mustChangePasswordIntro')}</p> : null}
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="current-password">{t('currentPassword')}</label>
        <input id="current-password" type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        <label htmlFor="new-password-1">{t('newPassword')}</label>
        <input id="new-password-1" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" aria-describedby="new-password-rules" value={next} onChange={(e) => setNext(e.target.value)} />
        <p id="new-password-rules" className="muted small">{t('passwordHelp')}</p>
        <label htmlFor="new-password-2">{t('repeatPassword')}</label>
        <input id="new-password-2" type="password" required autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        {mismatch ? <p role="alert" className="notice notice-error">{t('passwordsDiffer')}</p> : null}
        <ErrorMessage error={error} />
        {done ? <p role="status" className="notice">{t('passwordChanged')}</p> : null}
        <button type="submit" className="primary" disabled={busy}>{t('changePassword')}</button>
      </form>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH, type StaffUser } from '../../../server/contract/accounts.js';
import { api } from '../api.js';
import { formatDate, formatTime, roleLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { isOneOf, ROLES, type Role } from '../../../server/contract/codes.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { SessionsTable } from '../components/sessions-table.js';


/** Admin: staff users (GET/POST/PATCH /api/users), password resets and sessions; every change is audited by the server. */
export function UsersPanel({ onChanged }: { onChanged?: () => void }) {
  const { lang, t } = useLang();
  const users = useResource(() => api.users(), []);
  const [error, setError] = useState<unknown>(null);
  const announce = useAnnounce();
  const [temporary, setTemporary] = useState<{ username: string; password: string } | null>(null);
  const [sessionsOf, setSessionsOf] = useState<StaffUser | null>(null);

  /** Runs one admin action, then shows its outcome and reloads the list. */
  const act = async (action: () => Promise<string | void>): Promise<void> => {
    setError(null);
    try {
      const done = await action();
      if (done) announce(done);
    } catch (err) {
      setError(err);
    }
    await users.reload();
    onChanged?.();
  };
  const update = (u: StaffUser, change: { disabled?: boolean; role?: Role }) =>
    act(async () => {
      if (change.disabled && !window.confirm(t('confirmDisable', { name: u.username }))) return;
      await api.updateUser(u.id, change);
      return t('userUpdated', { name: u.username });
    });
  const resetSecondFactor = (u: StaffUser) =>
    act(async () => {
      if (!window.confirm(t('confirmResetSecondFactor', { name: u.username }))) return;
      await api.resetSecondFactor(u.id);
      return t('secondFactorResetDone', { name: u.username });
    });
  const reset = (u: StaffUser) =>
    act(async () => {
      if (!window.confirm(t('confirmReset', { name: u.username }))) return;
      const { temporaryPassword } = await api.resetPassword(u.id);
      setTemporary({ username: u.username, password: temporaryPassword });
    });

  return (
    <>
      <section className="panel" aria-labelledby="users-title">
        <h2 id="users-title">{t('usersTitle')}</h2>
        <ErrorMessage error={users.error ?? error} />
        {temporary ? (
          <div className="notice" role="alert">
            <p>{t('temporaryPasswordFor', { name: temporary.username })} <code className="temporary-password">{temporary.password}</code></p>
            <p className="small">{t('temporaryPasswordNote')}</p>
            <button type="button" onClick={() => setTemporary(null)}>{t('dismiss')}</button>
          </div>
        ) : null}
        {users.data ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('username')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('colAccount')}</th>
                <th scope="col">{t('colSecondFactor')}</th>
                <th scope="col">{t('colCreated')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} data-username={u.username}>
                  <td>{u.username}</td>
                  <td>
                    <select aria-label={t('roleOf', { name: u.username })} value={u.role} onChange={(e) => { const role = e.target.value; if (isOneOf(ROLES, role)) void update(u, { role }); }}>
                      {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r, lang)}</option>)}
                    </select>
                  </td>
                  <td>
                    {u.disabled ? t('accountDisabled') : t('accountActive')}
                    {u.mustChangePassword ? <span className="small muted"> ({t('accountMustChange')})</span> : null}
                  </td>
                  <td>{u.secondFactor ? t('yes') : t('no')}</td>
                  <td>{formatDate(u.createdAt, lang)}</td>
                  <td className="actions">
                    <button type="button" onClick={() => void update(u, { disabled: !u.disabled })}>{u.disabled ? t('enableUser') : t('disableUser')}</button>{' '}
                    <button type="button" onClick={() => void reset(u)}>{t('resetPassword')}</button>{' '}
                    {u.secondFactor ? <><button type="button" onClick={() => void resetSecondFactor(u)}>{t('resetSecondFactor')}</button>{' '}</> : null}
                    <button type="button" aria-expanded={sessionsOf?.id === u.id} onClick={() => setSessionsOf(sessionsOf?.id === u.id ? null : u)}>{t('showSessions')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : users.error ? null : <Loading />}
      </section>
      {sessionsOf ? <UserSessions key={sessionsOf.id} user={sessionsOf} /> : null}
      <NewUser onCreated={() => void users.reload()} />
    </>
  );
}

function UserSessions({ user }: { user: StaffUser }) {
  const { lang, t } = useLang();
  const sessions = useResource(() => api.userSessions(user.id), [user.id]);
  const announce = useAnnounce();
  const [error, setError] = useState<unknown>(null);
  const when = (iso: string) => `${formatDate(iso, lang)} ${formatTime(new Date(iso), lang)}`;
  const end = async (sessionId: string): Promise<void> => {
    setError(null);
    try {
      await api.endUserSession(user.id, sessionId);
      announce(t('sessionEnded'));
    } catch (err) {
      setError(err);
    }
    await sessions.reload();
  };
  const revoke = async (): Promise<void> => {
    setError(null);
    try {
      const { revoked } = await api.revokeSessions(user.id);
      announce(t('sessionsRevoked', { n: revoked }));
    } catch (err) {
      setError(err);
    }
    await sessions.reload();
  };
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sessionsOf', { name: user.username })}</h2>
      <ErrorMessage error={sessions.error ?? error} />
      {sessions.data === undefined ? (sessions.error ? null : <Loading />) : sessions.data.length === 0 ? <p className="empty">{t('sessionsEmpty')}</p> : (
        <>
          <SessionsTable sessions={sessions.data} onEnd={(id) => void end(id)} when={when} />
          <button type="button" onClick={() => void revoke()}>{t('revokeSessions')}</button>
        </>
      )}
    </section>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const { lang, t } = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('nurse');
  const announce = useAnnounce();
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const user = await api.createUser(username.trim(), password, role);
      announce(t('userCreated', { name: user.username }));
      setUsername('');
      setPassword('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('newUser')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="new-username">{t('username')}</label>
        <input id="new-username" required autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="new-password">{t('password')}</label>
        <input id="new-password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" aria-describedby="new-password-help" value={password} onChange={(e) => setPassword(e.target.value)} />
        <p id="new-password-help" className="muted small">{t('passwordHelp')} {t('newUserPasswordNote')}</p>
        <label htmlFor="new-role">{t('role')}</label>
        <select id="new-role" value={role} onChange={(e) => { const chosen = e.target.value; if (isOneOf(ROLES, chosen)) setRole(chosen); }}>
          {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r, lang)}</option>)}
        </select>
        <ErrorMessage error={error} />
        <button type="submit">{t('createUser')}</button>
      </form>
    </section>
  );
}

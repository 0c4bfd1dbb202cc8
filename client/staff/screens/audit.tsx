import { useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { formatDate, formatTime, roleLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { ROLES, type Role } from '../../../server/contract/codes.js';
import { ErrorMessage, Loading } from '../components/messages.js';

/** Admin: staff users (GET/POST /api/users) and who did what to which record (GET /api/audit), newest first. */
export function AuditScreen() {
  const { lang, t } = useLang();
  const audit = useResource(() => api.audit(), []);
  const users = useResource(() => api.users(), []);
  return (
    <>
      <div className="page-head"><h1>{t('navAdmin')}</h1></div>
      <div className="two-columns">
        <section className="panel" aria-labelledby="users-title">
          <h2 id="users-title">{t('usersTitle')}</h2>
          <ErrorMessage error={users.error} />
          {users.data ? (
            <table>
              <thead><tr><th scope="col">{t('username')}</th><th scope="col">{t('role')}</th><th scope="col">{t('colCreated')}</th></tr></thead>
              <tbody>
                {users.data.map((u) => (
                  <tr key={u.id}><td>{u.username}</td><td>{roleLabel(u.role, lang)}</td><td>{formatDate(u.createdAt, lang)}</td></tr>
                ))}
              </tbody>
            </table>
          ) : users.error ? null : <Loading />}
        </section>
        <NewUser onCreated={() => void users.reload()} />
      </div>
      <section className="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">{t('auditTitle')}</h2>
        <ErrorMessage error={audit.error} />
        {audit.data === undefined ? (audit.error ? null : <Loading />) : audit.data.length === 0 ? <p className="empty">{t('auditEmpty')}</p> : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('colWhen')}</th>
                <th scope="col">{t('colWho')}</th>
                <th scope="col">{t('colAction')}</th>
                <th scope="col">{t('colEntity')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDate(e.at, lang)} {formatTime(new Date(e.at), lang)}</td>
                  <td>{e.actor.name ?? e.actor.type}</td>
                  <td><code>{e.action}</code></td>
                  <td className="small">{e.entity.type} {e.entity.id ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const { lang, t } = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('nurse');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    setMessage('');
    try {
      const user = await api.createUser(username.trim(), password, role);
      setMessage(t('userCreated', { name: user.username }));
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
        <input id="new-password" type="password" required minLength={12} autoComplete="new-password" aria-describedby="new-password-help" value={password} onChange={(e) => setPassword(e.target.value)} />
        <p id="new-password-help" className="muted small">{t('passwordHelp')}</p>
        <label htmlFor="new-role">{t('role')}</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r, lang)}</option>)}
        </select>
        <ErrorMessage error={error} />
        <p role="status" className="muted">{message}</p>
        <button type="submit">{t('createUser')}</button>
      </form>
    </section>
  );
}

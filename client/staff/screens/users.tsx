import { useState, type FormEvent } from 'react';
import { MIN_PASSWORD_LENGTH, type StaffUser } from '../../../server/contract/accounts.js';
import { api, ApiError } from '../api.js';
import { formatDate, formatTime, roleLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { isOneOf, ROLES, type Role } from '../../../server/contract/codes.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, FieldProblem, Loading } from '../components/messages.js';
import { SessionsTable } from '../components/sessions-table.js';
import { staffName } from '../logic/staff-name.js';
import { unitCodes, withChosenUnits } from '../logic/units.js';
import { UnitCheckboxes } from '../components/unit-picker.js';
import { useMyUnits } from '../hooks/use-my-units.js';
import type { UnitRef } from '../../../server/contract/units.js';

/** Admin: the staff users, a menu entry of their own (issue 23). */
export function UsersScreen() {
  const { t } = useLang();
  return (
    <>
      <div className="page-head">
        <h1>{t('usersTitle')}</h1>
        <p className="muted">{t('usersIntro')}</p>
      </div>
      <UsersPanel />
    </>
  );
}

/** Admin: staff users (GET/POST/PATCH /api/users), password resets and sessions; every change is audited by the server. */
export function UsersPanel() {
  const { lang, t } = useLang();
  const users = useResource(() => api.users(), []);
  // issue 24: the units a user belongs to; an admin chooses among hers (a site admin among all).
  const allUnits = useResource(() => api.units(), []);
  const me = useMyUnits();
  const unitChoicesOfAdmin = me.siteAdmin ? allUnits.data ?? [] : me.units;
  const [error, setError] = useState<unknown>(null);
  const announce = useAnnounce();
  const [temporary, setTemporary] = useState<{ username: string; password: string } | null>(null);
  const [sessionsOf, setSessionsOf] = useState<StaffUser | null>(null);
  const [editing, setEditing] = useState<StaffUser | null>(null);

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
  };
  const update = (u: StaffUser, change: { disabled?: boolean; role?: Role }) =>
    act(async () => {
      if (change.disabled && !window.confirm(t('confirmDisable', { name: u.username }))) return;
      // A role decides what someone may see and do: the admin confirms it (a slip of the menu is undone by cancelling).
      if (change.role && !window.confirm(t('confirmRoleChange', { name: staffName(u), from: roleLabel(u.role, lang), to: roleLabel(change.role, lang) }))) return;
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
        <h2 id="users-title">{t('usersList')}</h2>
        <ErrorMessage error={users.error ?? error} />
        {temporary ? (
          <div className="notice" role="alert">
            <p>{t('temporaryPasswordFor', { name: temporary.username })} <code className="temporary-password">{temporary.password}</code></p>
            <p className="small">{t('temporaryPasswordNote')}</p>
            <button type="button" onClick={() => setTemporary(null)}>{t('dismiss')}</button>
          </div>
        ) : null}
        {users.data ? (
          <table className="users-table">
            <thead>
              <tr>
                <th scope="col">{t('username')}</th>
                <th scope="col">{t('userFullNameTitle')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('colUnits')}</th>
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
                  <td>{u.fullName ? staffName(u) : <span className="muted">{t('notSet')}</span>}</td>
                  <td>
                    <select aria-label={t('roleOf', { name: u.username })} value={u.role} onChange={(e) => { const role = e.target.value; if (isOneOf(ROLES, role)) void update(u, { role }); }}>
                      {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r, lang)}</option>)}
                    </select>
                  </td>
                  <td>{u.siteAdmin ? t('siteAdmin') : unitCodes(u.unitIds, allUnits.data ?? [])}</td>
                  <td>
                    {u.disabled ? t('accountDisabled') : t('accountActive')}
                    {u.mustChangePassword ? <span className="small muted"> ({t('accountMustChange')})</span> : null}
                  </td>
                  <td>{u.secondFactor ? t('yes') : t('no')}</td>
                  <td>{formatDate(u.createdAt, lang)}</td>
                  <td className="actions">
                    <button type="button" aria-expanded={editing?.id === u.id} onClick={() => setEditing(editing?.id === u.id ? null : u)}>{t('editNameTitle')}</button>{' '}
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
      {editing ? (
        <UserProfile
          key={editing.id} user={editing} unitChoices={unitChoicesOfAdmin} onCancel={() => setEditing(null)}
          onSave={(change) => act(async () => {
            await api.updateUser(editing.id, change);
            setEditing(null);
            return t('userUpdated', { name: editing.username });
          })}
        />
      ) : null}
      {sessionsOf ? <UserSessions key={sessionsOf.id} user={sessionsOf} /> : null}
      <NewUser unitChoices={unitChoicesOfAdmin} onCreated={() => void users.reload()} />
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

function NewUser({ onCreated, unitChoices }: { onCreated: () => void; unitChoices: readonly UnitRef[] }) {
  const { lang, t } = useLang();
  // Left empty: the server's default (the install's only unit for the role, or the unit admin's own units).
  const [unitIds, setUnitIds] = useState<string[]>([]);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('nurse');
  const [fullName, setFullName] = useState('');
  const [title, setTitle] = useState('');
  const announce = useAnnounce();
  const [error, setError] = useState<unknown>(null);
  // The server's 422 names the username rule (details[].path "username"): shown at the field in our words.
  const usernameRefused = error instanceof ApiError && error.status === 422 && Array.isArray(error.details)
    && error.details.some((d: { path?: unknown }) => d.path === 'username');
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const user = await api.createUser({ username: username.trim(), password, role, fullName, title, ...(unitIds.length ? { unitIds } : {}) });
      announce(t('userCreated', { name: user.username }));
      setUsername('');
      setPassword('');
      setFullName('');
      setTitle('');
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
        <input
          id="new-username" required autoComplete="off" aria-describedby={usernameRefused ? 'new-username-help new-username-problem' : 'new-username-help'}
          {...(usernameRefused ? { 'aria-invalid': true } : {})} value={username} onChange={(e) => setUsername(e.target.value)}
        />
        <p id="new-username-help" className="muted small">{t('usernameRule')}</p>
        {usernameRefused ? <FieldProblem id="new-username-problem">{t('usernameRefused')}</FieldProblem> : null}
        <label htmlFor="new-full-name">{t('userFullName')}</label>
        <input id="new-full-name" autoComplete="off" maxLength={200} value={fullName} onChange={(e) => setFullName(e.target.value)} />
        <label htmlFor="new-title">{t('userTitle')}</label>
        <input id="new-title" autoComplete="off" maxLength={100} aria-describedby="new-title-help" value={title} onChange={(e) => setTitle(e.target.value)} />
        <p id="new-title-help" className="muted small">{t('userTitleHelp')}</p>
        <label htmlFor="new-password">{t('password')}</label>
        <input id="new-password" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" aria-describedby="new-password-help" value={password} onChange={(e) => setPassword(e.target.value)} />
        <p id="new-password-help" className="muted small">{t('passwordHelp')} {t('newUserPasswordNote')}</p>
        <label htmlFor="new-role">{t('role')}</label>
        <select id="new-role" value={role} onChange={(e) => { const chosen = e.target.value; if (isOneOf(ROLES, chosen)) setRole(chosen); }}>
          {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r, lang)}</option>)}
        </select>
        {unitChoices.length > 1 ? <UnitCheckboxes name="new-user-units" legend={t('unitsLabel')} choices={unitChoices} value={unitIds} onChange={setUnitIds} /> : null}
        {usernameRefused ? null : <ErrorMessage error={error} />}
        <button type="submit">{t('createUser')}</button>
      </form>
    </section>
  );
}

/** An admin gives a user's full name and title (shown in the assign list, the audit log); empty clears it. */
function UserProfile({ user, unitChoices, onSave, onCancel }: {
  user: StaffUser; unitChoices: readonly UnitRef[]; onSave: (change: { fullName: string; title: string; unitIds?: string[] }) => Promise<void>; onCancel: () => void;
}) {
  const { t } = useLang();
  const [fullName, setFullName] = useState(user.fullName ?? '');
  const [title, setTitle] = useState(user.title ?? '');
  const [ticked, setTicked] = useState<string[]>(user.unitIds);
  const unitIds = withChosenUnits(user.unitIds, unitChoices, ticked);
  const unitsChanged = unitIds.join() !== [...user.unitIds].sort().join();
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('nameTitleOf', { name: user.username })}</h2>
      <form onSubmit={(e) => { e.preventDefault(); void onSave({ fullName, title, ...(unitsChanged ? { unitIds } : {}) }); }}>
        <label htmlFor="profile-full-name">{t('userFullName')}</label>
        <input id="profile-full-name" autoComplete="off" maxLength={200} value={fullName} onChange={(e) => setFullName(e.target.value)} />
        <label htmlFor="profile-title-field">{t('userTitle')}</label>
        <input id="profile-title-field" autoComplete="off" maxLength={100} aria-describedby="profile-title-help" value={title} onChange={(e) => setTitle(e.target.value)} />
        <p id="profile-title-help" className="muted small">{t('userTitleHelp')}</p>
        {user.siteAdmin || unitChoices.length === 0 ? null : (
          <UnitCheckboxes name="profile-units" legend={t('unitsOfUser', { name: user.username })} choices={unitChoices} value={ticked} onChange={setTicked} />
        )}
        <div className="actions">
          <button type="submit" className="primary">{t('save')}</button>{' '}
          <button type="button" onClick={onCancel}>{t('cancel')}</button>
        </div>
      </form>
    </section>
  );
}

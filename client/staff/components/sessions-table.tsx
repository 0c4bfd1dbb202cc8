import type { ActiveSession } from '../../../server/contract/accounts.js';
import { useLang } from '../hooks/use-lang.js';

/** A user's sessions: device, address, when logged in and last active; each but the current one can be ended. */
export function SessionsTable({ sessions, onEnd, when }: { sessions: ActiveSession[]; onEnd: (id: string) => void; when: (iso: string) => string }) {
  const { t } = useLang();
  if (sessions.length === 0) return <p className="empty">{t('sessionsEmpty')}</p>;
  return (
    <table className="sessions">
      <thead>
        <tr>
          <th scope="col">{t('colDevice')}</th>
          <th scope="col">{t('colAddress')}</th>
          <th scope="col">{t('colSignedIn')}</th>
          <th scope="col">{t('colLastSeen')}</th>
          <th scope="col">{t('colActions')}</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id}>
            <td>{s.device ?? t('unknownDevice')}{s.current ? <strong> ({t('thisDevice')})</strong> : null}</td>
            <td>{s.address ?? '–'}</td>
            <td>{when(s.createdAt)}</td>
            <td>{when(s.lastSeenAt)}</td>
            <td>{s.current ? null : <button type="button" onClick={() => onEnd(s.id)}>{t('endSession')}</button>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

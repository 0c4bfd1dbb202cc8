import { api } from '../api.js';
import { formatDate, formatTime } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { UsersPanel } from './users.js';

/** Admin: staff users (screens/users.tsx) and who did what to which record (GET /api/audit), newest first. */
export function AuditScreen() {
  const { lang, t } = useLang();
  const audit = useResource(() => api.audit(), []);
  return (
    <>
      <div className="page-head"><h1>{t('navAdmin')}</h1></div>
      <UsersPanel onChanged={() => void audit.reload()} />
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

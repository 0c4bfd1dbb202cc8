import { api } from '../api.js';
import { formatDate, formatTime } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { ErrorMessage, Loading } from '../components/messages.js';

/** Admin: who did what to which record, newest first (GET /api/audit). */
export function AuditScreen() {
  const { lang, t } = useLang();
  const audit = useResource(() => api.audit(), []);
  return (
    <>
      <div className="page-head"><h1>{t('auditTitle')}</h1></div>
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
            {audit.data.slice(0, 500).map((e, i) => {
              const at = e.at ?? e.createdAt;
              return (
                <tr key={e.id ?? i}>
                  <td className="nowrap">{at ? `${formatDate(at, lang)} ${formatTime(new Date(at), lang)}` : ''}</td>
                  <td>{e.actor ?? e.userId ?? ''}</td>
                  <td>{e.action}</td>
                  <td>{[e.entity ?? e.entityType, e.entityId].filter((x) => x != null && x !== '').join(' ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

import { useState, type FormEvent } from 'react';
import type { AuditEntry } from '../../../server/contract/responses.js';
import { api } from '../api.js';
import { formatDate, formatTime } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { auditActionText, auditActorText, auditQueryOf, NO_AUDIT_FILTER, type AuditFilterDraft } from '../logic/audit-log.js';
import { staffName } from '../logic/staff-name.js';
import { ErrorMessage, Loading } from '../components/messages.js';

const PAGE = 50;

/** Admin: who did what to which record (GET /api/audit) in words, newest first, filtered by person, patient and period, a page at a time. */
export function AuditScreen() {
  const { lang, t } = useLang();
  const users = useResource(() => api.users(), []);
  const [draft, setDraft] = useState<AuditFilterDraft>(NO_AUDIT_FILTER);
  const [filter, setFilter] = useState<AuditFilterDraft>(NO_AUDIT_FILTER);
  // The pages shown so far: "Show older" adds the next one (before the last id shown).
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [olderError, setOlderError] = useState<unknown>(null);
  const [end, setEnd] = useState(false);
  const first = useResource(async () => {
    const page = await api.audit(auditQueryOf(filter, PAGE));
    setOlder([]);
    setEnd(page.length < PAGE);
    return page;
  }, [filter]);
  const entries = [...(first.data ?? []), ...older];
  const apply = (next: AuditFilterDraft) => {
    setDraft(next);
    setFilter(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const showOlder = async (): Promise<void> => {
    setOlderError(null);
    try {
      const page = await api.audit(auditQueryOf(filter, PAGE, entries[entries.length - 1]?.id));
      setOlder((o) => [...o, ...page]);
      setEnd(page.length < PAGE);
    } catch (err) {
      setOlderError(err);
    }
  };
  const who = (e: AuditEntry) => auditActorText(e, users.data ?? [], { patient: t('auditActorPatient'), system: t('auditActorSystem') });
  const filtered = filter.actorId || filter.patientExternalId || filter.from || filter.to;

  return (
    <>
      <div className="page-head">
        <h1>{t('navAdmin')}</h1>
        <p className="muted">{t('auditIntro')}</p>
      </div>
      <form className="filters audit-filters" onSubmit={submit} aria-label={t('auditFilters')}>
        <div>
          <label htmlFor="audit-person">{t('auditPerson')}</label>
          <select id="audit-person" value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}>
            <option value="">{t('auditEveryone')}</option>
            {(users.data ?? []).map((u) => <option key={u.id} value={u.id}>{staffName(u)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="audit-patient">{t('auditPatient')}</label>
          <input id="audit-patient" value={draft.patientExternalId} aria-describedby="audit-patient-help" onChange={(e) => setDraft({ ...draft, patientExternalId: e.target.value })} />
        </div>
        <div>
          <label htmlFor="audit-from">{t('indFrom')}</label>
          <input id="audit-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div>
          <label htmlFor="audit-to">{t('indTo')}</label>
          <input id="audit-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit" className="primary">{t('indShow')}</button>
        {filtered ? <button type="button" onClick={() => apply(NO_AUDIT_FILTER)}>{t('auditClearFilters')}</button> : null}
      </form>
      <p id="audit-patient-help" className="muted small">{t('auditPatientHelp')}</p>
      <section className="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">{t('auditTitle')}</h2>
        <ErrorMessage error={first.error ?? users.error} />
        {first.data === undefined ? (first.error ? null : <Loading />) : entries.length === 0 ? <p className="empty">{t('auditEmpty')}</p> : (
          <>
            <table className="audit-log">
              <thead>
                <tr>
                  <th scope="col">{t('colWhen')}</th>
                  <th scope="col">{t('colWho')}</th>
                  <th scope="col">{t('colAction')}</th>
                  <th scope="col">{t('auditColPatient')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} data-action={e.action}>
                    <td className="nowrap">{formatDate(e.at, lang)} {formatTime(new Date(e.at), lang)}</td>
                    <td>{who(e)}</td>
                    <td>{auditActionText(e.action, lang)}</td>
                    <td>
                      {e.patientExternalId ? (
                        <button type="button" className="link-button" aria-label={t('auditOnlyPatient', { id: e.patientExternalId })} onClick={() => apply({ ...filter, patientExternalId: e.patientExternalId! })}>
                          {e.patientExternalId}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ErrorMessage error={olderError} />
            {end ? <p className="muted small">{t('auditEnd')}</p> : <button type="button" onClick={() => void showOlder()}>{t('auditShowOlder')}</button>}
          </>
        )}
      </section>
    </>
  );
}

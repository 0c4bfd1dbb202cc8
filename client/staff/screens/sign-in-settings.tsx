import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../server/contract/codes.js';
import type { SiteSettings } from '../../../server/contract/settings.js';
import { api } from '../api.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { UnitCheckboxes } from '../components/unit-picker.js';
import { useResource } from '../hooks/use-resource.js';
import { useLang } from '../hooks/use-lang.js';
import { roleLabel } from '../i18n.js';
import { mappingDraftOf, mappingPatchOf, withNewRow, type MappingDraft, type MappingRow } from '../logic/oidc-mapping.js';

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; error: unknown };

/**
 * Settings → the hospital's sign-in (issue 24): which of the identity provider's groups gives which
 * role (and units). Its own form and save (PUT /api/settings {"oidc": …}, audited like every setting).
 */
export function SignInMappingPanel({ initial }: { initial: SiteSettings['oidc'] }) {
  const { lang, t } = useLang();
  const announce = useAnnounce();
  const [draft, setDraft] = useState<MappingDraft>(() => mappingDraftOf(initial));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  // The units a group may give, by name and code.
  const units = useResource(() => api.units(), []);
  const setRow = (key: number, change: Partial<MappingRow>) => setDraft((d) => ({ ...d, rows: d.rows.map((r) => (r.key === key ? { ...r, ...change } : r)) }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      setDraft(mappingDraftOf((await api.updateSettings(mappingPatchOf(draft))).oidc));
      setStatus({ kind: 'saved' });
      announce(t('oidcMappingSaved'));
    } catch (error) {
      setStatus({ kind: 'failed', error });
    }
  };

  return (
    <form className="settings" aria-labelledby="settings-oidc" onSubmit={(e) => void submit(e)} noValidate>
      <section className="panel">
        <h2 id="settings-oidc">{t('oidcMappingTitle')}</h2>
        <p className="muted small">{t('oidcMappingHelp')}</p>
        <div className="field">
          <label htmlFor="setting-oidc-claim">{t('oidcGroupClaim')}</label>
          <input id="setting-oidc-claim" name="groupClaim" value={draft.groupClaim} onChange={(e) => setDraft((d) => ({ ...d, groupClaim: e.target.value }))} />
        </div>
        {draft.rows.length === 0 ? <p className="muted">{t('oidcNoGroups')}</p> : (
          <table className="oidc-mapping">
            <thead>
              <tr><th scope="col">{t('oidcGroup')}</th><th scope="col">{t('oidcRole')}</th><th scope="col">{t('oidcUnits')}</th><th scope="col"><span className="visually-hidden">{t('oidcRemoveGroup')}</span></th></tr>
            </thead>
            <tbody>
              {draft.rows.map((row, i) => (
                <tr key={row.key}>
                  <td><input aria-label={`${t('oidcGroup')} ${i + 1}`} name={`group-${i}`} value={row.group} onChange={(e) => setRow(row.key, { group: e.target.value })} /></td>
                  <td>
                    <select aria-label={`${t('oidcRole')} ${i + 1}`} name={`role-${i}`} value={row.role} onChange={(e) => setRow(row.key, { role: roleOf(e.target.value) })}>
                      {ROLES.map((r) => <option key={r} value={r}>{roleLabel(r, lang)}</option>)}
                    </select>
                  </td>
                  <td>
                    {units.data ? (
                      <UnitCheckboxes name={`units-${i}`} legend={`${t('oidcUnits')} ${i + 1}`} legendHidden choices={units.data} value={row.unitIds} onChange={(unitIds) => setRow(row.key, { unitIds })} />
                    ) : units.error ? null : <Loading />}
                  </td>
                  <td>
                    <button type="button" className="link-button" aria-label={`${t('oidcRemoveGroup')}: ${row.group || i + 1}`} onClick={() => setDraft((d) => ({ ...d, rows: d.rows.filter((r) => r.key !== row.key) }))}>
                      {t('oidcRemoveGroup')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small">{t('oidcUnitsHelp')}</p>
        <ErrorMessage error={units.error} />
        <button type="button" onClick={() => setDraft(withNewRow)}>{t('oidcAddGroup')}</button>
      </section>
      {status.kind === 'failed' ? <ErrorMessage error={status.error} /> : null}
      <button type="submit" className="primary" disabled={status.kind === 'saving'}>{t('oidcMappingSave')}</button>
    </form>
  );
}

const roleOf = (value: string): Role => ROLES.find((r) => r === value) ?? 'nurse';

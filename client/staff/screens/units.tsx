import { useState, type FormEvent } from 'react';
import { isOneOf, UNIT_KINDS, type UnitKind } from '../../../server/contract/codes.js';
import type { Unit, UnitSettings } from '../../../server/contract/units.js';
import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { formatDate, formatTime } from '../i18n.js';
import { useMyUnits } from '../hooks/use-my-units.js';
import { useResource } from '../hooks/use-resource.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { UNIT_KIND_LABEL, unitSettingsDraft, unitSettingsPatch, unitText, type UnitSettingsDraft } from '../logic/units.js';

/**
 * Admin (issue 24): the units (wards, clinics, palliative teams, rehabilitation services), a new
 * unit (site admins), and a unit's own phone, hours and escalation contact (its admins), which
 * fall back to the site's settings field by field. Every change is audited by the server.
 */
export function UnitsScreen() {
  const { t } = useLang();
  const units = useResource(() => api.units(), []);
  const me = useMyUnits();
  const [editing, setEditing] = useState<Unit | null>(null);
  const manages = (u: Unit) => me.siteAdmin || me.units.some((mine) => mine.id === u.id);
  return (
    <>
      <div className="page-head">
        <h1>{t('unitsTitle')}</h1>
        <p className="muted">{t('unitsIntro')}</p>
      </div>
      <section className="panel" aria-labelledby="units-title">
        <h2 id="units-title">{t('unitsList')}</h2>
        <ErrorMessage error={units.error} />
        {units.data ? (
          <table className="units-table">
            <thead>
              <tr>
                <th scope="col">{t('unitName')}</th>
                <th scope="col">{t('unitCode')}</th>
                <th scope="col">{t('unitKind')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {units.data.map((u) => (
                <tr key={u.id} data-unit={u.code}>
                  <td>{u.name}</td>
                  <td>{u.code}</td>
                  <td>{t(UNIT_KIND_LABEL[u.kind])}</td>
                  <td className="actions">
                    {manages(u) ? (
                      <button type="button" aria-expanded={editing?.id === u.id} onClick={() => setEditing(editing?.id === u.id ? null : u)}>{t('unitSettingsButton', { name: u.name })}</button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : units.error ? null : <Loading />}
      </section>
      {editing ? <UnitSettingsPanel key={editing.id} unit={editing} onClose={() => setEditing(null)} /> : null}
      {me.siteAdmin ? <NewUnit onCreated={() => void units.reload()} /> : me.loaded ? <p className="muted">{t('unitsSiteAdminOnly')}</p> : null}
      <EmergencyAccesses />
    </>
  );
}

/** Every emergency access ("break the glass") to a patient of the admin's units, newest first: who, whom, why, until when. */
function EmergencyAccesses() {
  const { lang, t } = useLang();
  const list = useResource(() => api.emergencyAccesses(), []);
  const when = (iso: string) => `${formatDate(iso, lang)} ${formatTime(new Date(iso), lang)}`;
  return (
    <section className="panel" aria-labelledby="emergency-title">
      <h2 id="emergency-title">{t('emergencyAccessesTitle')}</h2>
      <p className="muted">{t('emergencyAccessesIntro')}</p>
      <ErrorMessage error={list.error} />
      {list.data === undefined ? (list.error ? null : <Loading />) : list.data.length === 0 ? <p className="empty">{t('emergencyAccessesEmpty')}</p> : (
        <table className="emergency-table">
          <thead>
            <tr>
              <th scope="col">{t('emergencyWhen')}</th>
              <th scope="col">{t('emergencyWho')}</th>
              <th scope="col">{t('emergencyPatient')}</th>
              <th scope="col">{t('emergencyReason')}</th>
              <th scope="col">{t('emergencyUntil')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((a) => (
              <tr key={a.id}>
                <td>{when(a.createdAt)}</td>
                <td>{a.user.username}</td>
                <td>{a.patient.name} ({a.patient.externalId})</td>
                <td>{a.reason}</td>
                <td>{when(a.expiresAt)}{a.active ? ` (${t('emergencyActive')})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NewUnit({ onCreated }: { onCreated: () => void }) {
  const { t } = useLang();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<UnitKind>('ward');
  const [error, setError] = useState<unknown>(null);
  const announce = useAnnounce();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      await api.createUnit({ name: name.trim(), code: code.trim(), kind });
      announce(t('unitCreated', { name: name.trim() }));
      setName('');
      setCode('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="panel" aria-labelledby="new-unit-title">
      <h2 id="new-unit-title">{t('newUnit')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="new-unit-name">{t('unitName')}</label>
        <input id="new-unit-name" required maxLength={100} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="new-unit-code">{t('unitCode')}</label>
        <input id="new-unit-code" required maxLength={20} autoComplete="off" aria-describedby="new-unit-code-help" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} />
        <p id="new-unit-code-help" className="muted small">{t('unitCodeHelp')}</p>
        <label htmlFor="new-unit-kind">{t('unitKind')}</label>
        <select id="new-unit-kind" value={kind} onChange={(e) => { const chosen = e.target.value; if (isOneOf(UNIT_KINDS, chosen)) setKind(chosen); }}>
          {UNIT_KINDS.map((k) => <option key={k} value={k}>{t(UNIT_KIND_LABEL[k])}</option>)}
        </select>
        <ErrorMessage error={error} />
        <button type="submit">{t('createUnit')}</button>
      </form>
    </section>
  );
}

function UnitSettingsPanel({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useLang();
  const loaded = useResource(() => api.unitSettings(unit.id), [unit.id]);
  return (
    <section className="panel" aria-labelledby="unit-settings-title">
      <h2 id="unit-settings-title">{t('unitSettingsOf', { name: unitText(unit) })}</h2>
      <p className="muted">{t('unitSettingsIntro')}</p>
      <ErrorMessage error={loaded.error} />
      {loaded.data ? <UnitSettingsForm unit={unit} initial={loaded.data} onClose={onClose} /> : loaded.error ? null : <Loading />}
    </section>
  );
}

const FIELDS: { key: keyof UnitSettingsDraft; label: 'unitPhone' | 'unitHoursDa' | 'unitHoursEn' | 'unitAfterHoursDa' | 'unitAfterHoursEn' | 'unitEscalationContact'; site: (s: UnitSettings['settings']) => string | null }[] = [
  { key: 'phone', label: 'unitPhone', site: (s) => s.site.phone },
  { key: 'hoursDa', label: 'unitHoursDa', site: (s) => s.site.hours.da },
  { key: 'hoursEn', label: 'unitHoursEn', site: (s) => s.site.hours.en },
  { key: 'afterHoursDa', label: 'unitAfterHoursDa', site: (s) => s.site.afterHours.da },
  { key: 'afterHoursEn', label: 'unitAfterHoursEn', site: (s) => s.site.afterHours.en },
  { key: 'escalationContact', label: 'unitEscalationContact', site: (s) => s.escalationContact },
];

function UnitSettingsForm({ unit, initial, onClose }: { unit: Unit; initial: UnitSettings; onClose: () => void }) {
  const { t } = useLang();
  const [current, setCurrent] = useState(initial);
  const [draft, setDraft] = useState<UnitSettingsDraft>(() => unitSettingsDraft(initial.overrides));
  const [error, setError] = useState<unknown>(null);
  const announce = useAnnounce();
  // Where the unit has no value of its own, the settings in force are the site's: the field says which.
  const ownValues = unitSettingsDraft(current.overrides);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const saved = await api.updateUnitSettings(unit.id, unitSettingsPatch(draft, current.overrides));
      setCurrent(saved);
      setDraft(unitSettingsDraft(saved.overrides));
      announce(t('unitSettingsSaved', { name: unit.name }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      {FIELDS.map((field) => {
        const fallback = field.site(current.settings) ?? '';
        return (
          <div key={field.key}>
            <label htmlFor={`unit-${field.key}`}>{t(field.label)}</label>
            <input
              id={`unit-${field.key}`} autoComplete="off" maxLength={200} aria-describedby={`unit-${field.key}-help`}
              value={draft[field.key]} onChange={(e) => setDraft((d) => ({ ...d, [field.key]: e.target.value }))}
            />
            <p id={`unit-${field.key}-help`} className="muted small">
              {ownValues[field.key] !== '' ? t('unitOwnValue') : fallback === '' ? t('unitFallsBackEmpty') : t('unitFallsBack', { value: fallback })}
            </p>
          </div>
        );
      })}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary">{t('save')}</button>{' '}
        <button type="button" onClick={onClose}>{t('cancel')}</button>
      </div>
    </form>
  );
}

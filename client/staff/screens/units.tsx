import { useState, type FormEvent } from 'react';
import { isOneOf, UNIT_KINDS, type UnitKind } from '../../../server/contract/codes.js';
import type { Unit, UnitSettings } from '../../../server/contract/units.js';
import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { formatDate, formatTime, type MessageKey } from '../i18n.js';
import { useMyUnits } from '../hooks/use-my-units.js';
import { useResource } from '../hooks/use-resource.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { UNIT_DEADLINES, UNIT_KIND_LABEL, unitSettingsDraft, unitSettingsPatch, unitText, type UnitDeadline, type UnitSettingsDraft, type UnitTextField } from '../logic/units.js';
import { DurationField, RemindersField } from '../components/settings-fields.js';
import { durationWords, type DurationDraft } from '../logic/durations.js';
import type { SiteSettings } from '../../../server/contract/settings.js';

/**
 * Admin (issue 24): the units (wards, clinics, palliative teams, rehabilitation services), a new
 * unit (site admins), and a unit's own phone, hours, deadlines, reminders and escalation contact
 * (its admins), which fall back to the site's settings field by field. Every change is audited by the server.
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
  // The site's own values: what a field the unit leaves empty falls back to.
  const site = useResource(() => api.settings(), []);
  const error = loaded.error ?? site.error;
  return (
    <section className="panel" aria-labelledby="unit-settings-title">
      <h2 id="unit-settings-title">{t('unitSettingsOf', { name: unitText(unit) })}</h2>
      <p className="muted">{t('unitSettingsIntro')}</p>
      <ErrorMessage error={error} />
      {loaded.data && site.data ? <UnitSettingsForm unit={unit} initial={loaded.data} site={site.data} onClose={onClose} /> : error ? null : <Loading />}
    </section>
  );
}

const TEXT_FIELDS: { key: UnitTextField; label: MessageKey; site: (s: SiteSettings) => string | null }[] = [
  { key: 'phone', label: 'unitPhone', site: (s) => s.site.phone },
  { key: 'hoursDa', label: 'unitHoursDa', site: (s) => s.site.hours.da },
  { key: 'hoursEn', label: 'unitHoursEn', site: (s) => s.site.hours.en },
  { key: 'afterHoursDa', label: 'unitAfterHoursDa', site: (s) => s.site.afterHours.da },
  { key: 'afterHoursEn', label: 'unitAfterHoursEn', site: (s) => s.site.afterHours.en },
];
const ESCALATION: (typeof TEXT_FIELDS)[number] = { key: 'escalationContact', label: 'unitEscalationContact', site: (s) => s.escalationContact };

const DEADLINE_LABEL: Record<UnitDeadline, MessageKey> = {
  urgent: 'settingsDeadlineUrgent', specialized: 'settingsDeadlineSpecialized', basic: 'settingsDeadlineBasic', none: 'settingsDeadlineNone', ownWords: 'settingsDeadlineOwnWords',
};

/**
 * Every field a unit may set (server/contract/units.ts): each says the site's value it falls back to
 * while empty, and "use the site's value" empties it; saving sends what changed (cleared fields as `clear`).
 */
function UnitSettingsForm({ unit, initial, site, onClose }: { unit: Unit; initial: UnitSettings; site: SiteSettings; onClose: () => void }) {
  const { lang, t } = useLang();
  const [current, setCurrent] = useState(initial);
  const [draft, setDraft] = useState<UnitSettingsDraft>(() => unitSettingsDraft(initial.overrides));
  const [error, setError] = useState<unknown>(null);
  const announce = useAnnounce();
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
  const fallsBack = (value: string | null | undefined): string => (value ? t('unitFallsBack', { value }) : t('unitFallsBackEmpty'));
  const siteValueButton = (label: string, onClick: () => void) => (
    <button type="button" className="use-site-value" aria-label={t('unitUseSiteValueFor', { field: label })} onClick={onClick}>{t('unitUseSiteValue')}</button>
  );
  const textField = (field: (typeof TEXT_FIELDS)[number]) => (
    <div key={field.key} className="field">
      <label htmlFor={`unit-${field.key}`}>{t(field.label)}</label>
      <div className="copy-row">
        <input
          id={`unit-${field.key}`} autoComplete="off" maxLength={200} aria-describedby={`unit-${field.key}-help`}
          value={draft[field.key]} onChange={(e) => setDraft((d) => ({ ...d, [field.key]: e.target.value }))}
        />
        {draft[field.key] !== '' ? siteValueButton(t(field.label), () => setDraft((d) => ({ ...d, [field.key]: '' }))) : null}
      </div>
      <p id={`unit-${field.key}-help`} className="muted small">{draft[field.key] !== '' ? t('unitOwnValue') : fallsBack(field.site(site))}</p>
    </div>
  );
  return (
    <form className="unit-settings" onSubmit={(e) => void submit(e)}>
      {TEXT_FIELDS.map(textField)}
      <h3>{t('settingsDeadlines')}</h3>
      {UNIT_DEADLINES.map((key) => {
        const value = draft.deadlines[key];
        const setDeadline = (next: DurationDraft) => setDraft((d) => ({ ...d, deadlines: { ...d.deadlines, [key]: next } }));
        return (
          <DurationField
            key={key} id={`unit-deadline-${key}`} name={`unit-${key}`} label={t(DEADLINE_LABEL[key])} value={value} onChange={setDeadline}
            help={value.amount.trim() !== '' ? t('unitOwnValue') : fallsBack(durationWords(site.deadlines[key], lang))}
          >
            {value.amount.trim() !== '' ? siteValueButton(t(DEADLINE_LABEL[key]), () => setDeadline({ ...value, amount: '' })) : null}
          </DurationField>
        );
      })}
      <h3>{t('settingsFollowUp')}</h3>
      <label className="checkbox-label">
        <input
          id="unit-own-reminders" type="checkbox" checked={draft.reminders !== null}
          onChange={(e) => setDraft((d) => ({ ...d, reminders: e.target.checked ? [...site.reminders] : null }))}
        />
        {t('unitOwnReminders')}
      </label>
      {draft.reminders === null ? (
        <p id="unit-reminders-help" className="muted small">
          {fallsBack(site.reminders.length ? site.reminders.map((r) => durationWords(r, lang)).join(', ') : t('remindersNone'))}
        </p>
      ) : (
        <RemindersField idPrefix="unit" value={draft.reminders} onChange={(reminders) => setDraft((d) => ({ ...d, reminders }))} help={t('unitOwnRemindersHelp')} />
      )}
      {textField(ESCALATION)}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary">{t('save')}</button>{' '}
        <button type="button" onClick={onClose}>{t('cancel')}</button>
      </div>
    </form>
  );
}

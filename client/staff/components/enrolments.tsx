import { useState } from 'react';
import { api } from '../api.js';
import { UnitSelect } from './unit-picker.js';
import { useMyUnits } from '../hooks/use-my-units.js';
import { unitChoices } from '../logic/units.js';
import { localized } from '../i18n.js';
import { useAction } from '../hooks/use-action.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { isoDateAfter } from '../logic/decision.js';
import { ENROLMENT_REASON_KEY, ENROLMENT_STATUS_KEY, formatDueDate, OCCURRENCE_STATE_KEY, scheduleWords } from '../logic/programmes.js';
import { ENROLMENT_REASONS, isOneOf, type EnrolmentReason } from '../../../server/contract/codes.js';
import type { Enrolment, Programme } from '../../../server/contract/responses.js';
import { useAnnounce } from './announcer.js';
import { ErrorMessage, Loading } from './messages.js';

/** How many past occurrences an enrolment shows. */
const OCCURRENCES_SHOWN = 6;

/**
 * The patient's programmes (issue 25): each enrolment with its next due date and its past
 * occurrences (answered, missed, open, skipped); pause, resume and end with a reason; and enrolling
 * the patient in a programme from a start date (a patient who is not active cannot be enrolled).
 */
export function EnrolmentsPanel({ patientId, active, patientUnitIds }: { patientId: string; active: boolean; patientUnitIds?: readonly string[] | undefined }) {
  const { t } = useLang();
  const enrolments = useResource(() => api.patientEnrolments(patientId), [patientId, active]);
  const programmes = useResource(() => api.programmes(), []);
  const byId = new Map((programmes.data ?? []).map((p) => [p.id, p]));
  return (
    <section className="panel" aria-labelledby="enrolments-title">
      <h2 id="enrolments-title">{t('enrolmentsTitle')}</h2>
      <ErrorMessage error={enrolments.error ?? programmes.error} />
      {enrolments.data === undefined ? (enrolments.error ? null : <Loading />) : enrolments.data.length === 0 ? (
        <p className="empty">{t('enrolmentsEmpty')}</p>
      ) : (
        <ul className="enrolments">
          {enrolments.data.map((e) => <EnrolmentItem key={e.id} enrolment={e} programme={byId.get(e.programmeId)} patientActive={active} onChanged={() => void enrolments.reload()} />)}
        </ul>
      )}
      {active && programmes.data ? <EnrolForm patientId={patientId} patientUnitIds={patientUnitIds} programmes={programmes.data} onEnrolled={() => void enrolments.reload()} /> : null}
    </section>
  );
}

function EnrolmentItem({ enrolment: e, programme, patientActive, onChanged }: { enrolment: Enrolment; programme: Programme | undefined; patientActive: boolean; onChanged: () => void }) {
  const { lang, t } = useLang();
  const announce = useAnnounce();
  const action = useAction();
  const [reason, setReason] = useState<EnrolmentReason>('patient_wish');
  const name = programme ? localized(programme.name, lang) : e.programmeId;
  const change = (status: Enrolment['status']) => action.run(async () => {
    const changed = await api.changeEnrolment(e.id, status === 'active' ? { status } : { status, reason });
    announce(t('enrolmentChanged', { name, status: t(ENROLMENT_STATUS_KEY[changed.status]) }));
    onChanged();
  });
  const reasonId = `enrolment-reason-${e.id}`;
  return (
    <li className={`enrolment enrolment-${e.status}`}>
      <h3>{name}</h3>
      {programme ? <p className="muted small">{scheduleWords(programme.schedule, lang)}</p> : null}
      <p>
        <span className={`status enrolment-status-${e.status}`}>{t(ENROLMENT_STATUS_KEY[e.status])}</span>
        {e.reason ? <> · {t(ENROLMENT_REASON_KEY[e.reason])}</> : null}
        {' · '}{t('enrolmentStarted', { date: formatDueDate(e.startAt, lang) })}
      </p>
      {e.status === 'active' && !patientActive ? <p className="enrolment-next">{t('enrolmentPatientNotActive')}</p> : null}
      {e.status === 'active' && patientActive ? (
        <p className="enrolment-next" data-testid="next-due">{e.nextDueAt ? t('enrolmentNextDue', { date: formatDueDate(e.nextDueAt, lang) }) : t('enrolmentNoMore')}</p>
      ) : null}
      {e.occurrences.length > 0 ? (
        <ul className="occurrences" aria-label={t('occurrencesLabel', { name })}>
          {e.occurrences.slice(0, OCCURRENCES_SHOWN).map((o) => (
            <li key={o.dueAt}>{formatDueDate(o.dueAt, lang)}: <span className={`occurrence occurrence-${o.state}`}>{t(OCCURRENCE_STATE_KEY[o.state])}</span></li>
          ))}
        </ul>
      ) : null}
      {e.status === 'ended' ? null : (
        <div className="enrolment-actions">
          {e.status === 'active' ? null : <button type="button" disabled={action.busy} onClick={() => void change('active')}>{t('enrolmentResume')}</button>}
          <label htmlFor={reasonId}>{t('enrolmentReason')}</label>
          <select id={reasonId} value={reason} onChange={(ev) => { const value = ev.target.value; if (isOneOf(ENROLMENT_REASONS, value)) setReason(value); }}>
            {ENROLMENT_REASONS.map((r) => <option key={r} value={r}>{t(ENROLMENT_REASON_KEY[r])}</option>)}
          </select>
          {e.status === 'active' ? <button type="button" disabled={action.busy} onClick={() => void change('paused')}>{t('enrolmentPause')}</button> : null}
          <button type="button" disabled={action.busy} onClick={() => void change('ended')}>{t('enrolmentEnd')}</button>
        </div>
      )}
      <ErrorMessage error={action.error} />
    </li>
  );
}

function EnrolForm({ patientId, patientUnitIds, programmes, onEnrolled }: { patientId: string; patientUnitIds: readonly string[] | undefined; programmes: Programme[]; onEnrolled: () => void }) {
  const { lang, t } = useLang();
  const announce = useAnnounce();
  const action = useAction();
  const [programmeId, setProgrammeId] = useState('');
  const [startDate, setStartDate] = useState(() => isoDateAfter(new Date(), 0));
  // The enrolment's unit (migration 0026), asked only when the nurse shares several with the patient, as for a link.
  const units = unitChoices(useMyUnits().units, patientUnitIds);
  const [unitId, setUnitId] = useState('');
  const chosen = programmeId || programmes[0]?.id || '';
  const enrol = () => action.run(async () => {
    await api.enrol(patientId, { programmeId: chosen, startDate, ...(units.length > 1 && unitId ? { unitId } : {}) });
    announce(t('enrolled', { name: localized(programmes.find((p) => p.id === chosen)?.name, lang) }));
    onEnrolled();
  });
  return (
    <form className="enrol-form" onSubmit={(ev) => { ev.preventDefault(); void enrol(); }}>
      <h3>{t('enrolTitle')}</h3>
      <label htmlFor="enrol-programme">{t('enrolProgramme')}</label>
      <select id="enrol-programme" value={chosen} onChange={(ev) => setProgrammeId(ev.target.value)}>
        {programmes.map((p) => <option key={p.id} value={p.id}>{localized(p.name, lang)}</option>)}
      </select>
      <label htmlFor="enrol-start">{t('enrolStart')}</label>
      <input id="enrol-start" type="date" value={startDate} required onChange={(ev) => setStartDate(ev.target.value)} aria-describedby="enrol-start-help" />
      <p id="enrol-start-help" className="muted small">{t('enrolStartHelp')}</p>
      <UnitSelect id="enrol-unit" choices={units} value={unitId} onChange={setUnitId} />
      <ErrorMessage error={action.error} />
      <button type="submit" className="primary" disabled={action.busy || !chosen}>{t('enrolSubmit')}</button>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.js';
import { localized, patientStatusLabel, triggerLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { isOneOf, type Trigger, TRIGGERS } from '../../../server/contract/codes.js';
import type { CreatedInvitation, PatientSummary } from '../../../server/contract/responses.js';
import { InvitationHandover } from '../components/invitation-handover.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, FieldProblem, Loading } from '../components/messages.js';
import { newPatientProblems } from '../logic/new-patient.js';
import { Link } from '../components/link.js';
import { UnitCheckboxes, UnitSelect } from '../components/unit-picker.js';
import { useMyUnits } from '../hooks/use-my-units.js';
import { unitChoices } from '../logic/units.js';
import { EmergencyAccessForm } from '../components/emergency-access.js';

/** Find or create a patient, invite them to answer with a trigger, hand over the link (copy, QR code). */
export function PatientsScreen() {
  const { lang, t } = useLang();
  const [query, setQuery] = useState('');
  // A new object on every submit: the resource fetches once per search, also when the text is unchanged.
  const [submitted, setSubmitted] = useState({ query: '' });
  const [chosen, setChosen] = useState<PatientSummary | null>(null);
  // issue 24: an external id the new-patient form found in another unit, for the emergency access form (a new form each time).
  const [emergency, setEmergency] = useState({ externalId: '', n: 0 });
  const patients = useResource(() => api.patients(submitted.query), [submitted]);

  const search = (e: FormEvent): void => {
    e.preventDefault();
    setSubmitted({ query: query.trim() });
  };

  return (
    <>
      <div className="page-head"><h1>{t('patientsTitle')}</h1></div>
      <div className="two-columns">
        <div>
          <section className="panel" aria-labelledby="find-title">
            <h2 id="find-title">{t('findPatient')}</h2>
            <form className="inline-form" role="search" onSubmit={search}>
              <label htmlFor="patient-query">{t('searchLabel')}</label>
              <div className="copy-row">
                <input id="patient-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
                <button type="submit">{t('search')}</button>
              </div>
            </form>
            <ErrorMessage error={patients.error} />
            {patients.data === undefined ? (patients.error ? null : <Loading />) : patients.data.length === 0 ? (
              <p className="empty">{t('noPatients')}</p>
            ) : (
              <ul className="patient-list">
                {patients.data.map((p) => (
                  <li key={p.id} className={chosen?.id === p.id ? 'is-chosen' : ''}>
                    <span>
                      <Link to={{ name: 'patient', id: p.id }} className="patient-page-link"><strong>{p.name}</strong></Link> <span className="muted">{p.externalId}</span>
                      {p.status === 'active' ? null : <> <span className={`patient-status patient-status-${p.status}`}>{patientStatusLabel(p.status, lang)}</span></>}
                    </span>
                    <button type="button" aria-pressed={chosen?.id === p.id} onClick={() => setChosen(p)}>
                      {chosen?.id === p.id ? t('chosen') : t('choose')}<span className="visually-hidden"> {p.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <NewPatient
            onCreated={(p) => {
              setChosen(p);
              void patients.reload();
            }}
            onExists={(externalId) => setEmergency((e) => ({ externalId, n: e.n + 1 }))}
          />
          <EmergencyAccessForm key={emergency.n} prefill={emergency.externalId} />
        </div>
        <div>{chosen ? <InviteForm key={String(chosen.id)} patient={chosen} /> : null}</div>
      </div>
    </>
  );
}

function NewPatient({ onCreated, onExists }: { onCreated: (p: PatientSummary & { unitIds?: string[] }) => void; onExists: (externalId: string) => void }) {
  const { t } = useLang();
  // issue 24: the units caring for the patient; by default all of the nurse's (the form asks only when she has several).
  const mine = useMyUnits();
  const [unitIds, setUnitIds] = useState<string[] | null>(null);
  const chosenUnits = unitIds ?? mine.units.map((u) => u.id);
  const [externalId, setExternalId] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [mobile, setMobile] = useState('');
  const announce = useAnnounce();
  const [error, setError] = useState<unknown>(null);

  const [problems, setProblems] = useState<ReturnType<typeof newPatientProblems>>({});

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    // The server's own rules (shared zod schema), so the nurse learns which field and why.
    const found = newPatientProblems({ externalId, name });
    setProblems(found);
    if (found.externalId || found.name) return;
    try {
      const contact = { ...(email.trim() ? { email: email.trim() } : {}), ...(mobile.trim() ? { mobile: mobile.trim() } : {}) };
      const units = mine.units.length > 1 ? { unitIds: chosenUnits } : {};
      const { id } = await api.createPatient({ externalId: externalId.trim(), name: name.trim(), ...contact, ...units });
      onCreated({ id, externalId: externalId.trim(), name: name.trim(), ...units });
      announce(t('patientCreated', { name: name.trim() }));
      setExternalId('');
      setName('');
      setEmail('');
      setMobile('');
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-patient-title">
      <h2 id="new-patient-title">{t('newPatient')}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="new-external-id">{t('externalId')}</label>
        <input
          id="new-external-id" required value={externalId} onChange={(e) => setExternalId(e.target.value)}
          {...(problems.externalId ? { 'aria-invalid': true, 'aria-describedby': 'problem-external-id' } : {})}
        />
        {problems.externalId ? <FieldProblem id="problem-external-id">{t(problems.externalId)}</FieldProblem> : null}
        <label htmlFor="new-name">{t('name')}</label>
        <input
          id="new-name" required value={name} onChange={(e) => setName(e.target.value)}
          {...(problems.name ? { 'aria-invalid': true, 'aria-describedby': 'problem-name' } : {})}
        />
        {problems.name ? <FieldProblem id="problem-name">{t(problems.name)}</FieldProblem> : null}
        <label htmlFor="new-email">{t('email')}</label>
        <input id="new-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="new-mobile">{t('mobile')}</label>
        <input id="new-mobile" type="tel" autoComplete="off" aria-describedby="new-mobile-help" value={mobile} onChange={(e) => setMobile(e.target.value)} />
        <p id="new-mobile-help" className="muted small">{t('mobileHelp')}</p>
        {mine.units.length > 1 ? <UnitCheckboxes name="new-patient-units" legend={t('patientUnits')} choices={mine.units} value={chosenUnits} onChange={setUnitIds} /> : null}
        <ErrorMessage error={error} />
        {/* issue 24: the patient may be in a unit she cannot see: emergency access is the way in. */}
        {error instanceof ApiError && error.code === 'patient_exists' ? (
          <p className="notice">
            {t('patientExistsHint')}{' '}
            <button type="button" className="link-button" onClick={() => onExists(externalId.trim())}>{t('patientExistsUseEmergency')}</button>
          </p>
        ) : null}
        <button type="submit">{t('createPatient')}</button>
      </form>
    </section>
  );
}

/** Invite the patient, or a relative who answers about the patient (issue 13: stored as proxy). */
export function InviteForm({ patient, onCreated }: { patient: PatientSummary & { unitIds?: string[] }; onCreated?: () => void }) {
  const { lang, t } = useLang();
  // issue 24: which of her units the link belongs to, asked only when she shares several with the patient.
  const choices = unitChoices(useMyUnits().units, patient.unitIds);
  const [unitId, setUnitId] = useState('');
  const questionnaires = useResource(() => api.questionnaires(), []);
  const [questionnaireId, setQuestionnaireId] = useState('');
  const [trigger, setTrigger] = useState<Trigger>('status_conversation');
  const [relative, setRelative] = useState(false);
  const [relationship, setRelationship] = useState('');
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const announce = useAnnounce();
  const chosenQuestionnaire = questionnaireId || questionnaires.data?.[0]?.id || '';

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      const invitation = { patientId: patient.id, questionnaireId: chosenQuestionnaire, trigger, ...(choices.length > 1 && unitId ? { unitId } : {}) };
      setCreated(await api.invite(relative ? { ...invitation, respondent: 'relative', relationship: relationship.trim() } : invitation));
      announce(t('invitationCreated', { name: patient.name }));
      onCreated?.();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="panel" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('inviteTitle', { name: patient.name })}</h2>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="invite-questionnaire">{t('questionnaire')}</label>
        <select id="invite-questionnaire" value={chosenQuestionnaire} onChange={(e) => setQuestionnaireId(e.target.value)}>
          {(questionnaires.data ?? []).map((q) => <option key={q.id} value={q.id}>{localized(q.title, lang)} ({q.version})</option>)}
        </select>
        <label htmlFor="invite-trigger">{t('trigger')}</label>
        <select id="invite-trigger" value={trigger} onChange={(e) => { const chosen = e.target.value; if (isOneOf(TRIGGERS, chosen)) setTrigger(chosen); }}>
          {TRIGGERS.map((tr) => <option key={tr} value={tr}>{triggerLabel(tr, lang)}</option>)}
        </select>
        <fieldset className="respondent-choice">
          <legend>{t('inviteRespondent')}</legend>
          <label className="choice"><input type="radio" name="invite-respondent" checked={!relative} onChange={() => setRelative(false)} /> {t('inviteThePatient')}</label>
          <label className="choice"><input type="radio" name="invite-respondent" checked={relative} onChange={() => setRelative(true)} /> {t('inviteARelative')}</label>
        </fieldset>
        {relative ? (
          <>
            <label htmlFor="invite-relationship">{t('relationshipLabel')}</label>
            <input id="invite-relationship" required maxLength={100} value={relationship} onChange={(e) => setRelationship(e.target.value)} />
          </>
        ) : null}
        <UnitSelect id="invite-unit" choices={choices} value={unitId} onChange={setUnitId} />
        <ErrorMessage error={error ?? questionnaires.error} />
        <button type="submit" className="primary" disabled={!chosenQuestionnaire}>{t('createInvitation')}</button>
      </form>
      {created ? <InvitationHandover invitation={created} /> : null}
    </section>
  );
}

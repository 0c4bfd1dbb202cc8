import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { formatDate, localized, patientStatusLabel, statusLabel } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { modeLabel, provenanceText } from '../logic/provenance.js';
import { isStaffAnswerMode } from '../routes.js';
import { isOneOf, PATIENT_STATUSES, type PatientStatus } from '../../../server/contract/codes.js';
import type { PatientSummary } from '../../../server/contract/responses.js';
import { LevelBadge } from '../components/level-badge.js';
import { useAnnounce } from '../components/announcer.js';
import { Link, useNavigate } from '../components/link.js';
import { CallHistory } from '../components/invitation-calls.js';
import { EnrolmentsPanel } from '../components/enrolments.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { InviteForm } from './patients.js';
import { EmergencyAccessBanner, TakeIntoUnitPanel } from '../components/emergency-access.js';

/**
 * One patient (issue 13): answer a questionnaire with them or from paper, print a blank form, invite
 * them or a relative, and every response with how it was given.
 */
export function PatientScreen({ id, search }: { id: string; search: string }) {
  const { lang, t } = useLang();
  const history = useResource(() => api.patientHistory(id), [id]);
  const announce = useAnnounce();
  const navigate = useNavigate();
  // A staff form saved just now (`?saved=paper`): confirmed once, visible and announced (role=status);
  // the address loses the mark, so a reload or going back does not say it again.
  const saved = new URLSearchParams(search).get('saved');
  useEffect(() => {
    if (saved === null) return;
    if (isStaffAnswerMode(saved)) announce(t('savedAnswers', { how: modeLabel(saved, t) }));
    navigate({ name: 'patient', id }, { replace: true });
  }, [saved, id, announce, navigate, t]);
  // A new invitation shows at once in the list of open ones.
  const [invited, setInvited] = useState(0);
  if (!history.data) return history.error ? <ErrorMessage error={history.error} /> : <Loading />;
  const { patient, responses } = history.data;
  // Read through emergency access only: nothing can be made for her until she is in one of the user's units.
  const actsForUnit = history.data.emergencyAccess === null;
  return (
    <>
      <p className="back"><Link to={{ name: 'patients' }} className="standalone-link">← {t('navPatients')}</Link></p>
      <div className="page-head">
        <h1>{patient.name}</h1>
        <p className="muted">{patient.externalId}</p>
        {patient.status === 'active' ? null : <p className={`patient-status patient-status-${patient.status}`}>{t('patientNotActive', { status: patientStatusLabel(patient.status, lang) })}</p>}
      </div>
      <EmergencyAccessBanner access={history.data.emergencyAccess} />
      <div className="two-columns">
        <div>
          {actsForUnit ? <AnswerActions patient={patient} /> : null}
          <ResponsesPanel patientName={patient.name} responses={responses} />
        </div>
        <div>
          <StatusPanel
            patientId={patient.id}
            status={patient.status}
            onSaved={() => {
              setInvited((n) => n + 1);
              void history.reload();
            }}
          />
          {actsForUnit ? null : <TakeIntoUnitPanel patientId={patient.id} unitIds={patient.unitIds} onTaken={() => void history.reload()} />}
          <EnrolmentsPanel patientId={patient.id} active={patient.status === 'active' && actsForUnit} patientUnitIds={patient.unitIds} />
          <OpenInvitations patientId={patient.id} invited={invited} />
          {patient.status === 'active' && actsForUnit ? <InviteForm patient={patient} onCreated={() => setInvited((n) => n + 1)} /> : null}
        </div>
      </div>
    </>
  );
}

/**
 * Whether the patient is still in the service (clinical rules v2, part 6): a nurse sets deceased or
 * discharged, and the server withdraws the open links and cancels reminders not yet sent.
 */
function StatusPanel({ patientId, status, onSaved }: { patientId: string; status: PatientStatus; onSaved: () => void }) {
  const { lang, t } = useLang();
  const announce = useAnnounce();
  const [chosen, setChosen] = useState<PatientStatus>(status);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      const saved = await api.updatePatient(patientId, { status: chosen });
      announce(t('patientStatusSaved', { status: patientStatusLabel(saved.status, lang) }));
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="patient-status-title">
      <h2 id="patient-status-title">{t('patientStatusTitle')}</h2>
      <label htmlFor="patient-status">{t('patientStatusLabel')}</label>
      <select id="patient-status" value={chosen} aria-describedby="patient-status-help" onChange={(e) => { const status = e.target.value; if (isOneOf(PATIENT_STATUSES, status)) setChosen(status); }}>
        {PATIENT_STATUSES.map((s) => <option key={s} value={s}>{patientStatusLabel(s, lang)}</option>)}
      </select>
      <p id="patient-status-help" className="muted small">{t('patientStatusHelp')}</p>
      <ErrorMessage error={error} />
      <button type="button" disabled={saving || chosen === status} onClick={() => void save()}>{t('patientStatusSave')}</button>
    </section>
  );
}

function AnswerActions({ patient }: { patient: PatientSummary }) {
  const { lang, t } = useLang();
  const questionnaires = useResource(() => api.questionnaires(), []);
  const [chosen, setChosen] = useState('');
  const questionnaireId = chosen || questionnaires.data?.[0]?.id || '';
  return (
    <section className="panel" aria-labelledby="answer-title">
      <h2 id="answer-title">{t('patientAnswerTitle')}</h2>
      <p className="muted">{t('patientAnswerHelp')}</p>
      <label htmlFor="answer-questionnaire">{t('questionnaire')}</label>
      <select id="answer-questionnaire" value={questionnaireId} onChange={(e) => setChosen(e.target.value)}>
        {(questionnaires.data ?? []).map((q) => <option key={q.id} value={q.id}>{localized(q.title, lang)} ({q.version})</option>)}
      </select>
      <ErrorMessage error={questionnaires.error} />
      {questionnaireId ? (
        <ul className="answer-actions">
          <li><Link className="button primary form-touch" to={{ name: 'staffAnswer', patientId: patient.id, questionnaireId, mode: 'assisted' }}>{t('fillInWithPatient')}</Link></li>
          <li><Link className="button form-touch" to={{ name: 'staffAnswer', patientId: patient.id, questionnaireId, mode: 'paper' }}>{t('enterPaperForm')}</Link></li>
          <li><Link className="button form-touch" to={{ name: 'blankForm', patientId: patient.id, questionnaireId }}>{t('printBlankForm')}</Link></li>
        </ul>
      ) : null}
    </section>
  );
}

type PatientResponses = Awaited<ReturnType<typeof api.patientHistory>>['responses'];

function ResponsesPanel({ patientName, responses }: { patientName: string; responses: PatientResponses }) {
  const { lang, t } = useLang();
  const newestFirst = [...responses].sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt));
  return (
    <section className="panel" aria-labelledby="responses-title">
      <h2 id="responses-title">{t('patientResponsesTitle')}</h2>
      {newestFirst.length === 0 ? <p className="empty">{t('patientResponsesEmpty')}</p> : (
        <table className="patient-responses">
          <thead>
            <tr>
              <th scope="col">{t('colAnswered')}</th>
              <th scope="col">{t('colQuestionnaire')}</th>
              <th scope="col">{t('colHowAnswered')}</th>
              <th scope="col">{t('colLevelStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((r) => (
              <tr key={r.responseId}>
                <td className="nowrap">{formatDate(r.answeredOn, lang)}</td>
                <td>{localized(r.questionnaire.title, lang)} <span className="muted">{r.questionnaire.version}</span></td>
                <td>{provenanceText(r, lang, t)}</td>
                <td>
                  {r.level ? <LevelBadge level={r.level} /> : null}{' '}
                  {r.status ? <span className={`status status-${r.status}`}>{statusLabel(r.status, lang)}</span> : null}
                  {r.flagId ? (
                    <p className="response-links">
                      <Link to={{ name: 'flag', id: r.flagId }}>{t('openResponse', { name: patientName })}</Link>
                      {' · '}
                      <Link to={{ name: 'responseForm', id: r.flagId }}>{t('showQuestionnaire')}</Link>
                    </p>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function OpenInvitations({ patientId, invited }: { patientId: string; invited: number }) {
  const { lang, t } = useLang();
  const invitations = useResource(() => api.patientInvitations(patientId, 'open'), [patientId, invited]);
  // Calls about links that expired unanswered stay on the patient's page too (issue 23).
  const expired = useResource(() => api.patientInvitations(patientId, 'expired'), [patientId]);
  const expiredCalled = (expired.data ?? []).filter((i) => i.calls.length > 0);
  const questionnaires = useResource(() => api.questionnaires(), []);
  const titleOf = (id: string): string => localized(questionnaires.data?.find((q) => q.id === id)?.title, lang) || id;
  return (
    <section className="panel" aria-labelledby="open-invitations-title">
      <h2 id="open-invitations-title">{t('patientInvitationsTitle')}</h2>
      <ErrorMessage error={invitations.error} />
      {invitations.data === undefined ? (invitations.error ? null : <Loading />) : invitations.data.length === 0 ? (
        <p className="empty">{t('patientInvitationsEmpty')}</p>
      ) : (
        <ul className="patient-invitations">
          {invitations.data.map((i) => (
            <li key={i.id}>
              {titleOf(i.questionnaireId)}{i.respondent === 'relative' ? ` · ${t('invitationRelative', { relationship: i.relationship ?? '' })}` : ''} · {formatDate(i.createdAt, lang)}
              <CallHistory calls={i.calls} />
            </li>
          ))}
        </ul>
      )}
      {expiredCalled.length > 0 ? (
        <>
          <h3>{t('callsOnExpiredLinks')}</h3>
          <ul className="patient-invitations">
            {expiredCalled.map((i) => (
              <li key={i.id}>
                {titleOf(i.questionnaireId)} · {formatDate(i.createdAt, lang)}
                <CallHistory calls={i.calls} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

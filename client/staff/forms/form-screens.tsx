/**
 * The staff app's SurveyJS screens (issue 13), loaded on demand so the worklist never downloads
 * SurveyJS: fill in with the patient or from paper, print a blank form, show a response read-only.
 * Printing uses the browser's print (see forms.css): a running header and footer on every A4 page.
 */
import 'survey-core/survey-core.fontless.min.css';
import 'virtual:surveyjs-theme.css';
import './forms.css';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Model } from 'survey-core';
import { Survey } from 'survey-react-ui';
import { api, ApiError } from '../api.js';
import { formatDate, localized, statusLabel, translator, triggerLabel, type MessageKey } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import {
  answeredOnProblem, answersFromDetail, localDay, readStaffDraft, removeStaffDraft, saveStaffDraft, type AnsweredOnProblem, type DraftOwner, type StaffDraft,
} from '../logic/answering.js';
import { provenanceText } from '../logic/provenance.js';
import { reasonViews } from '../logic/pro-summary.js';
import { canDecideFlags, hrefFor, type StaffAnswerMode } from '../routes.js';
import { isOneOf, TRIGGERS, type Locale, type Role, type Trigger } from '../../../server/contract/codes.js';
import type { FlagDetail, PatientSummary, QuestionnaireForm } from '../../../server/contract/responses.js';
import { SurveyView } from '../../survey/survey-view.js';
import { newResponseId } from '../../survey/ids.js';
import { browserStore } from '../../survey/key-value-store.js';
import { currentAnswers, currentLocale } from '../../survey/survey-model.js';
import { LevelBadge } from '../components/level-badge.js';
import { Link, useNavigate } from '../components/link.js';
import { ErrorMessage, FieldProblem, Loading } from '../components/messages.js';
import { focusFirstInvalid } from '../hooks/use-screen.js';
import { ScaleBar } from '../components/scale-bar.js';
import { VerifyTranscription } from '../components/verify-transcription.js';
import { blankSurvey, fillInSurvey, responseSurvey, setSurveyLocale } from './form-models.js';
import { UnitSelect } from '../components/unit-picker.js';
import { useMyUnits } from '../hooks/use-my-units.js';
import { printUnitChoices, unitChoices } from '../logic/units.js';

/** The form's language is the patient's, whatever language the staff app is in. */
function FormLanguage({ model }: { model: Model }) {
  const { t } = useLang();
  const [locale, setLocale] = useState<Locale>(() => currentLocale(model));
  const choose = (next: Locale) => {
    setSurveyLocale(model, next);
    setLocale(next);
  };
  return (
    <div className="form-language no-print" role="group" aria-labelledby="form-language-label">
      <span id="form-language-label">{t('formLanguage')}</span>
      <button type="button" className="form-touch" aria-pressed={locale === 'da'} lang="da" onClick={() => choose('da')}>Dansk</button>
      <button type="button" className="form-touch" aria-pressed={locale === 'en'} lang="en" onClick={() => choose('en')}>English</button>
    </div>
  );
}

/**
 * The printed page's frame: the running header and footer are fixed (Chromium repeats them on every
 * printed page) and the table's header and footer rows, which repeat too, keep the space they cover.
 */
function PrintFrame({ head, foot, children }: { head: ReactNode; foot: ReactNode; children: ReactNode }) {
  return (
    <div className="form-doc">
      <div className="print-running print-running-head">{head}</div>
      <div className="print-running print-running-foot">{foot}</div>
      <table className="form-frame" role="presentation">
        <thead><tr><td><div className="form-frame-space" /></td></tr></thead>
        <tbody><tr><td>{children}</td></tr></tbody>
        <tfoot><tr><td><div className="form-frame-space" /></td></tr></tfoot>
      </table>
    </div>
  );
}

function PrintButton() {
  const { t } = useLang();
  return <button type="button" className="primary form-touch no-print" onClick={() => window.print()}>{t('print')}</button>;
}

function questionnaireLine(form: Pick<QuestionnaireForm, 'title' | 'version'>, lang: Locale, t: ReturnType<typeof useLang>['t']): string {
  return t('formVersion', { title: localized(form.title, lang), version: form.version });
}

// ---- fill in with the patient, or from a paper form

export function StaffAnswerScreen({ patientId, questionnaireId, mode, userId }: { patientId: string; questionnaireId: string; mode: StaffAnswerMode; userId: string }) {
  const loaded = useResource(async () => {
    const [history, form] = await Promise.all([api.patientHistory(patientId), api.questionnaireForm(questionnaireId)]);
    return { patient: history.patient, form };
  }, [patientId, questionnaireId]);
  if (!loaded.data) return loaded.error ? <ErrorMessage error={loaded.error} /> : <Loading />;
  return <StaffAnswerForm key={`${patientId}/${questionnaireId}/${mode}`} patient={loaded.data.patient} form={loaded.data.form} mode={mode} userId={userId} />;
}

const DATE_PROBLEM_TEXT: Record<AnsweredOnProblem, MessageKey> = { missing: 'paperDateMissing', invalid: 'paperDateInvalid', future: 'paperDateFuture' };

function StaffAnswerForm({ patient, form, mode, userId }: { patient: PatientSummary & { unitIds?: string[] }; form: QuestionnaireForm; mode: StaffAnswerMode; userId: string }) {
  const { lang, t } = useLang();
  // issue 24: the unit the entry (and its flag) belongs to, asked only when she shares several with the patient.
  const unitOptions = unitChoices(useMyUnits().units, patient.unitIds);
  const [unitId, setUnitId] = useState('');
  const navigate = useNavigate();
  const store = useMemo(browserStore, []);
  const owner: DraftOwner = useMemo(() => ({ userId, patientId: patient.id, questionnaireId: form.id, mode }), [userId, patient.id, form.id, mode]);
  // The draft's id is the submission's: saving again after a failure never makes a second response.
  const draft = useRef<StaffDraft>(readStaffDraft(store, owner) ?? { id: newResponseId(), answers: {}, locale: lang, pageNo: 0, answeredOn: '' });
  const [answeredOn, setAnsweredOn] = useState(draft.current.answeredOn);
  const [trigger, setTrigger] = useState<Trigger>('status_conversation');
  // A nurse may fill in the form with a relative who answers for the patient; a paper form may be a relative's too.
  const [relative, setRelative] = useState(false);
  const [relationship, setRelationship] = useState('');
  const [dateProblem, setDateProblem] = useState<AnsweredOnProblem | null>(null);
  const [relationshipMissing, setRelationshipMissing] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Counts refused saves: after each, focus goes to the first field to fix (its problem is announced).
  const [refused, setRefused] = useState(0);
  const fields = useRef<HTMLElement>(null);
  useEffect(() => {
    if (refused > 0) focusFirstInvalid(fields.current);
  }, [refused]);
  const today = localDay(new Date());

  const model = useMemo(
    // The save button follows the form's language, whatever the staff app's.
    () => fillInSurvey(form, draft.current, { da: translator('da')('saveAnswers'), en: translator('en')('saveAnswers') }),
    [form],
  );
  const keep = useCallback((patch: Partial<StaffDraft>) => {
    draft.current = { ...draft.current, ...patch };
    saveStaffDraft(store, owner, draft.current);
  }, [store, owner]);

  useEffect(() => {
    const onChange = () => keep({ answers: currentAnswers(model), locale: currentLocale(model), pageNo: model.currentPageNo });
    model.onValueChanged.add(onChange);
    model.onCurrentPageChanged.add(onChange);
    model.onLocaleChangedEvent.add(onChange);
    return () => {
      model.onValueChanged.remove(onChange);
      model.onCurrentPageChanged.remove(onChange);
      model.onLocaleChangedEvent.remove(onChange);
    };
  }, [model, keep]);

  const submit = useCallback(async () => {
    const problem = mode === 'paper' ? answeredOnProblem(answeredOn, localDay(new Date())) : null;
    const noRelationship = relative && relationship.trim() === '';
    setDateProblem(problem);
    setRelationshipMissing(noRelationship);
    setError(null);
    if (problem || noRelationship) {
      setRefused((n) => n + 1);
      return;
    }
    setSending(true);
    try {
      await api.submitStaffResponse(patient.id, {
        id: draft.current.id, questionnaireId: form.id, mode, answers: currentAnswers(model), locale: currentLocale(model), trigger,
        ...(mode === 'paper' ? { answeredOn } : {}),
        ...(relative ? { respondent: 'relative', relationship: relationship.trim() } : {}),
        ...(unitOptions.length > 1 && unitId ? { unitId } : {}),
      });
      removeStaffDraft(store, owner);
      navigate(`${hrefFor({ name: 'patient', id: patient.id })}?saved=${mode}`);
    } catch (err) {
      setSending(false);
      // The server's calendar decides "the future" too (the device's clock may be wrong): the date field is marked.
      if (err instanceof ApiError && err.code === 'answered_on_in_future') {
        setDateProblem('future');
        setRefused((n) => n + 1);
      } else {
        setError(err);
      }
    }
  }, [mode, answeredOn, patient.id, form.id, model, trigger, relative, relationship, store, owner, navigate, unitOptions.length, unitId]);

  const discard = () => {
    removeStaffDraft(store, owner);
    navigate({ name: 'patient', id: patient.id });
  };

  return (
    <article className="staff-answer" ref={fields}>
      <p className="back"><Link to={{ name: 'patient', id: patient.id }} className="standalone-link">← {patient.name}</Link></p>
      <header className="form-head">
        <h1>{t(mode === 'paper' ? 'paperTitle' : 'assistedTitle', { name: patient.name })}</h1>
        <p className="muted">{patient.externalId} · {questionnaireLine(form, lang, t)}</p>
        <p>{t(mode === 'paper' ? 'paperIntro' : 'assistedIntro')}</p>
      </header>
      <div className="form-fields">
        {mode === 'paper' ? (
          <div>
            <label htmlFor="answered-on">{t('paperDate')}</label>
            <input
              id="answered-on" type="date" required max={today} value={answeredOn}
              aria-invalid={dateProblem ? true : undefined} aria-describedby={dateProblem ? 'answered-on-problem' : undefined}
              onChange={(e) => {
                setAnsweredOn(e.target.value);
                setDateProblem(null);
                keep({ answeredOn: e.target.value });
              }}
            />
            {dateProblem ? <FieldProblem id="answered-on-problem">{t(DATE_PROBLEM_TEXT[dateProblem])}</FieldProblem> : null}
          </div>
        ) : null}
        <div>
          <label htmlFor="answer-trigger">{t('trigger')}</label>
          <select id="answer-trigger" value={trigger} onChange={(e) => { const chosen = e.target.value; if (isOneOf(TRIGGERS, chosen)) setTrigger(chosen); }}>
            {TRIGGERS.map((tr) => <option key={tr} value={tr}>{triggerLabel(tr, lang)}</option>)}
          </select>
        </div>
        {unitOptions.length > 1 ? <div><UnitSelect id="answer-unit" choices={unitOptions} value={unitId} onChange={setUnitId} /></div> : null}
        <FormLanguage model={model} />
      </div>
      <fieldset className="respondent-choice">
        <legend>{t('answerRespondent')}</legend>
        <label className="choice"><input type="radio" name="answer-respondent" checked={!relative} onChange={() => setRelative(false)} /> {t('inviteThePatient')}</label>
        <label className="choice"><input type="radio" name="answer-respondent" checked={relative} onChange={() => setRelative(true)} /> {t('answerARelative')}</label>
        {relative ? (
          <>
            <label htmlFor="answer-relationship">{t('relationshipLabel')}</label>
            <input
              id="answer-relationship" maxLength={100} value={relationship}
              aria-invalid={relationshipMissing ? true : undefined} aria-describedby={relationshipMissing ? 'answer-relationship-problem' : undefined}
              onChange={(e) => {
                setRelationship(e.target.value);
                setRelationshipMissing(false);
              }}
            />
            {relationshipMissing ? <FieldProblem id="answer-relationship-problem">{t('relationshipMissing')}</FieldProblem> : null}
          </>
        ) : null}
      </fieldset>
      <p className="muted small">{t('draftNote')}</p>
      <ErrorMessage error={error} />
      {error ? <p className="notice notice-error" role="alert">{t('notSaved')}</p> : null}
      {sending ? <p role="status" className="muted">{t('savingAnswers')}</p> : null}
      <div className="staff-survey" aria-busy={sending}>
        <SurveyView model={model} onSubmit={() => void submit()} />
      </div>
      <p><button type="button" className="link-button form-touch" onClick={discard}>{t('discardDraft')}</button></p>
    </article>
  );
}

// ---- a blank form to print

export function BlankFormScreen({ questionnaireId, patientId }: { questionnaireId: string; patientId: string | null }) {
  const { t } = useLang();
  const mine = useMyUnits();
  const context = useResource(async () => {
    const [history, units] = await Promise.all([patientId === null ? null : api.patientHistory(patientId), api.units()]);
    return { patient: history?.patient ?? null, units };
  }, [patientId]);
  // issue 24: the phone printed is the unit's (its own, else the site's, field by field): the one she shares with the patient, or the one she chooses.
  const choices = context.data && mine.loaded ? printUnitChoices(mine.units, context.data.units, context.data.patient?.unitIds ?? null) : null;
  const [chosenUnit, setChosenUnit] = useState('');
  const unitId = choices === null ? null : (choices.find((u) => u.id === chosenUnit) ?? choices[0])?.id ?? '';
  const form = useResource(async () => (unitId === null ? null : api.questionnaireForm(questionnaireId, undefined, unitId || undefined)), [questionnaireId, unitId]);
  const error = context.error ?? form.error;
  if (!context.data || !form.data || unitId === null || choices === null) return error ? <ErrorMessage error={error} /> : <Loading />;
  return (
    <BlankForm form={form.data} patient={context.data.patient}>
      {choices.length > 1 ? (
        <div className="no-print">
          <UnitSelect id="blank-form-unit" label={t('blankFormUnit')} choices={choices} value={unitId} onChange={setChosenUnit} />
        </div>
      ) : null}
    </BlankForm>
  );
}

function BlankForm({ form, patient, children }: { form: QuestionnaireForm; patient: PatientSummary | null; children?: ReactNode }) {
  const { lang, t } = useLang();
  const model = useMemo(() => blankSurvey(form, lang), [form, lang]);
  const patientLine = patient ? t('printedPatient', { name: patient.name, externalId: patient.externalId }) : t('printedPatientBlank');
  const version = questionnaireLine(form, lang, t);
  return (
    <>
      <p className="back no-print">
        {patient ? <Link to={{ name: 'patient', id: patient.id }} className="standalone-link">← {patient.name}</Link> : <Link to={{ name: 'patients' }} className="standalone-link">← {t('navPatients')}</Link>}
      </p>
      <PrintFrame head={<><span>{version}</span><span>{patientLine}</span></>} foot={<><span>{t('appName')}</span><span>{version}</span></>}>
        <header className="form-head">
          {/* On paper the patient reads only the questionnaire's own title, not the staff's "Blank form:". */}
          <h1><span className="no-print">{t('blankFormPrefix')} </span>{localized(form.title, lang)}</h1>
          <p className="muted">{version}</p>
          <p className="no-print">{t('blankFormIntro')}</p>
          <p className="print-fill-line">{patientLine}</p>
          <p className="print-fill-line">{t('printedDateLine')}</p>
        </header>
        {children}
        <div className="form-toolbar no-print">
          <FormLanguage key={lang} model={model} />
          <PrintButton />
        </div>
        <div className="staff-survey form-print"><Survey model={model} /></div>
      </PrintFrame>
    </>
  );
}

// ---- a response as the filled-in form, read-only

export function ResponseFormScreen({ flagId, role }: { flagId: string; role: Role }) {
  const loaded = useResource(async () => {
    const detail = await api.flag(flagId);
    // The version the patient answered, not the one served now.
    return { detail, form: await api.questionnaireForm(detail.questionnaire.id, detail.questionnaire.version) };
  }, [flagId]);
  if (!loaded.data) return loaded.error ? <ErrorMessage error={loaded.error} /> : <Loading />;
  return <ResponseForm detail={loaded.data.detail} form={loaded.data.form} role={role} onVerified={() => void loaded.reload()} />;
}

function ResponseForm({ detail, form, role, onVerified }: { detail: FlagDetail; form: QuestionnaireForm; role: Role; onVerified: () => void }) {
  const { lang, t } = useLang();
  const { flag, patient } = detail;
  const model = useMemo(() => responseSurvey(form, answersFromDetail(detail.answers), lang), [form, detail.answers, lang]);
  const reasons = reasonViews(detail.reasons, detail.answers, detail.scores, lang, t);
  const version = questionnaireLine(form, lang, t);
  const patientLine = t('printedPatient', { name: patient.name, externalId: patient.externalId });
  const answered = t('printedAnswered', { date: formatDate(flag.answeredOn, lang) });
  return (
    <>
      <p className="back no-print"><Link to={{ name: 'flag', id: flag.id }} className="standalone-link">← {t('backToResponse')}</Link></p>
      <PrintFrame
        head={<><span>{version}</span><span>{patientLine}</span></>}
        foot={<><span>{t('appName')}</span><span>{answered} · {provenanceText(flag, lang, t)}</span></>}
      >
        <header className="form-head">
          <h1>{t('responseFormTitle', { name: patient.name })}</h1>
          <p className="muted">{patient.externalId} · {version}</p>
          <p>{answered} · <span className="provenance">{provenanceText(flag, lang, t)}</span></p>
          <p className="muted no-print">{t('responseFormHelp')}</p>
        </header>
        {flag.status === 'awaiting_verification' && canDecideFlags(role) ? <VerifyTranscription flag={flag} onVerified={onVerified} /> : null}
        <div className="form-toolbar no-print">
          <FormLanguage key={lang} model={model} />
          <PrintButton />
        </div>
        <div className="form-grid">
          <div className="staff-survey form-print"><Survey model={model} /></div>
          <aside className="form-side" aria-labelledby="form-side-title">
            <h2 id="form-side-title">{t('scoresAndReasons')}</h2>
            <p><LevelBadge level={flag.level} /> <span className={`status status-${flag.status}`}>{statusLabel(flag.status, lang)}</span></p>
            {reasons.length === 0 ? <p>{t('noReasons')}</p> : (
              <ul className="form-reasons">{reasons.map((r) => <li key={r.reason.rule}>{r.text}</li>)}</ul>
            )}
            <ul className="scales">{detail.scores.map((s) => <ScaleBar key={s.scale} scale={s} />)}</ul>
          </aside>
        </div>
      </PrintFrame>
    </>
  );
}

/**
 * Breaking the glass from the staff app (issue 24): the Patients screen's form (the patient's exact
 * external id and a reason; it opens her page), and the patient page's banner while it lasts.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { formatTime } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import type { RunningEmergencyAccess } from '../../../server/contract/responses.js';
import { useAnnounce } from './announcer.js';
import { useNavigate } from './link.js';
import { ErrorMessage, FieldProblem } from './messages.js';
import { emergencyAccessProblems, emergencyBannerText } from '../logic/emergency-access.js';
import { unitText } from '../logic/units.js';
import { useMyUnits } from '../hooks/use-my-units.js';
import { UnitCheckboxes } from './unit-picker.js';

/** `prefill`: an external id the new-patient form found in another unit; the reason field then has the focus. */
export function EmergencyAccessForm({ prefill }: { prefill?: string }) {
  const { lang, t } = useLang();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const settings = useResource(() => api.settings(), []);
  const [externalId, setExternalId] = useState(prefill ?? '');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<ReturnType<typeof emergencyAccessProblems>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (prefill) reasonRef.current?.focus();
  }, [prefill]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    const draft = { externalId: externalId.trim(), reason: reason.trim() };
    const found = emergencyAccessProblems(draft);
    setProblems(found);
    if (found.externalId || found.reason) return;
    setBusy(true);
    try {
      const opened = await api.emergencyAccessByExternalId(draft);
      announce(opened.expiresAt ? t('emergencyOpened', { time: formatTime(new Date(opened.expiresAt), lang) }) : t('emergencyNotNeeded'));
      navigate({ name: 'patient', id: opened.patientId });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const hours = settings.data?.security.emergencyAccessHours;
  return (
    <section className="panel emergency-access" aria-labelledby="emergency-title">
      <h2 id="emergency-title">{t('emergencyFormTitle')}</h2>
      <p className="muted small" id="emergency-help">{t('emergencyFormIntro')}{hours ? <> {t('emergencyFormHours', { hours })}</> : null}</p>
      <form onSubmit={(e) => void submit(e)} aria-describedby="emergency-help">
        <label htmlFor="emergency-external-id">{t('externalId')}</label>
        <input
          id="emergency-external-id" required autoComplete="off" value={externalId} onChange={(e) => setExternalId(e.target.value)}
          {...(problems.externalId ? { 'aria-invalid': true, 'aria-describedby': 'problem-emergency-external-id' } : {})}
        />
        {problems.externalId ? <FieldProblem id="problem-emergency-external-id">{t(problems.externalId)}</FieldProblem> : null}
        <label htmlFor="emergency-reason">{t('emergencyReasonLabel')}</label>
        <textarea
          id="emergency-reason" ref={reasonRef} required rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)}
          {...(problems.reason ? { 'aria-invalid': true, 'aria-describedby': 'problem-emergency-reason' } : {})}
        />
        {problems.reason ? <FieldProblem id="problem-emergency-reason">{t(problems.reason)}</FieldProblem> : null}
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>{t('emergencyOpen')}</button>
      </form>
    </section>
  );
}

/** Shown on the patient page while the user reads the patient only through her emergency access. */
export function EmergencyAccessBanner({ access }: { access: RunningEmergencyAccess | null }) {
  const { lang, t } = useLang();
  if (!access) return null;
  return <p className="notice notice-warning emergency-banner" role="status">{emergencyBannerText(access, lang, t, new Date())}</p>;
}

/**
 * Emergency access lets her read; a link, an entry or a programme belongs to a unit caring for the
 * patient. So while it runs the page offers, instead of those, to take the patient into her unit
 * (a care relationship, audited like any change of the patient's units).
 */
export function TakeIntoUnitPanel({ patientId, unitIds, onTaken }: { patientId: string; unitIds: readonly string[]; onTaken: () => void }) {
  const { t } = useLang();
  const announce = useAnnounce();
  const mine = useMyUnits();
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const offered = mine.units.filter((u) => !unitIds.includes(u.id));
  if (!mine.loaded || offered.length === 0) return null;
  const picked = chosen ?? (offered.length === 1 ? [offered[0]!.id] : []);
  const take = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (picked.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.updatePatient(patientId, { unitIds: [...unitIds, ...picked] });
      announce(t('takeIntoUnitDone'));
      onTaken();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="take-into-unit-title">
      <h2 id="take-into-unit-title">{t('takeIntoUnitTitle')}</h2>
      <p className="muted">{t('takeIntoUnitIntro')}</p>
      <form onSubmit={(e) => void take(e)}>
        {offered.length > 1 ? <UnitCheckboxes name="take-into-unit" legend={t('takeIntoUnitLegend')} choices={offered} value={picked} onChange={setChosen} /> : null}
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy || picked.length === 0}>
          {offered.length === 1 ? t('takeIntoUnitOne', { unit: unitText(offered[0]!) }) : t('takeIntoUnitSeveral')}
        </button>
      </form>
    </section>
  );
}

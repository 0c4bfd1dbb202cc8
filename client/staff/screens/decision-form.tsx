import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { decisionProblems, decisionSubmission, EMPTY_DRAFT, isoDateAfter, type DecisionChoice, type DecisionDraft } from '../logic/decision.js';
import { referralText } from '../logic/pro-summary.js';
import { staffName } from '../logic/staff-name.js';
import { useResource } from '../hooks/use-resource.js';
import { outcomeLabel } from '../i18n.js';
import { CLOSE_OUTCOMES, type FlagOutcome } from '../../../server/contract/codes.js';
import type { FlagDetail } from '../../../server/contract/responses.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, FieldProblem } from '../components/messages.js';
import { focusFirstInvalid } from '../hooks/use-screen.js';
import { UnitSelect } from '../components/unit-picker.js';
import { receivingUnits } from '../logic/units.js';

const ACTIONS: { action: DecisionChoice; label: 'actionBasic' | 'actionRefer' | 'actionNoAction' | 'actionClose' }[] = [
  { action: 'basic', label: 'actionBasic' },
  { action: 'refer', label: 'actionRefer' },
  { action: 'no_action', label: 'actionNoAction' },
  { action: 'close', label: 'actionClose' },
];

/**
 * The one place to decide (issue 23). Step 1: a basic-level plan, a referral (text pre-filled from
 * the summary of the patient's answers, editable), no action, or closing without a plan with an
 * outcome that is not a decision's (phoned, seen, declined, died). Step 2: what that needs; saving
 * closes the response. `onlyClose` when the flag's decision stands and only closing is left.
 */
export function DecisionForm({ detail, onDecided, onlyClose = false }: { detail: FlagDetail; onDecided: () => void; onlyClose?: boolean }) {
  const { lang, t } = useLang();
  const prefilled = useMemo(() => referralText(detail, lang, t), [detail, lang, t]);
  // A plan's responsible: a staff user from the assign list, or a name in free text (issue 23).
  const assignees = useResource(() => api.assignees(), []);
  const [draft, setDraft] = useState<DecisionDraft>(() => ({ ...EMPTY_DRAFT, nextEvaluation: isoDateAfter(new Date(), 14), ...(onlyClose ? { action: 'close' } : {}) }));
  const [touchedText, setTouchedText] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Counts refused attempts: after each, focus goes to the first field to fix.
  const [refused, setRefused] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const announce = useAnnounce();
  useEffect(() => {
    if (refused > 0) focusFirstInvalid(form.current);
  }, [refused]);
  const effective: DecisionDraft = { ...draft, referralText: touchedText ? draft.referralText : prefilled };
  // issue 24: with several palliative teams or rehabilitation services, the nurse names the one the referral goes to.
  const allUnits = useResource(() => api.units(), []);
  const receiving = receivingUnits(allUnits.data ?? []);
  const [referUnit, setReferUnit] = useState('');
  const problems = showProblems ? decisionProblems(effective) : {};

  const set = (patch: Partial<DecisionDraft>): void => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setShowProblems(true);
    const submission = decisionSubmission(effective);
    if (!submission) {
      setRefused((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (submission.kind === 'decide') {
        await api.decide(detail.flag.id, submission.body.action === 'refer' && referUnit ? { ...submission.body, unitId: referUnit } : submission.body);
        announce(t('decisionSaved'));
      } else {
        await api.closeFlag(detail.flag.id, submission.body.outcome, submission.body.note ?? '');
        announce(t('flagClosedDone', { outcome: outcomeLabel(submission.body.outcome, lang) }));
      }
      onDecided();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const field = (name: keyof DecisionDraft): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    problems[name] ? { 'aria-invalid': true, 'aria-describedby': `problem-${name}` } : {};
  const problem = (name: keyof DecisionDraft) =>
    problems[name] ? <FieldProblem id={`problem-${name}`}>{t(problems[name]!)}</FieldProblem> : null;
  const noteLabel = draft.action === 'basic' ? 'notePlan' : draft.action === 'refer' ? 'noteRefer' : draft.action === 'close' ? 'outcomeNoteLabel' : 'noteNoAction';
  const choices = onlyClose ? ACTIONS.filter((a) => a.action === 'close') : ACTIONS;

  return (
    <section className="panel decision" id="decision" aria-labelledby="decision-title">
      <h2 id="decision-title" tabIndex={-1}>{t('decisionTitle')}</h2>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('decisionStepChoose')}</legend>
          {choices.map(({ action, label }) => (
            <label key={action} className={`choice ${draft.action === action ? 'is-chosen' : ''}`}>
              <input type="radio" name="action" value={action} checked={draft.action === action} onChange={() => set({ action })} />
              {t(label)}
            </label>
          ))}
        </fieldset>

        {draft.action ? <h3 className="decision-step">{t('decisionStepComplete')}</h3> : null}
        {draft.action === 'close' ? (
          <>
            <label htmlFor="close-outcome">{t('outcomeLabel')}</label>
            <select id="close-outcome" value={draft.outcome} onChange={(e) => set({ outcome: CLOSE_OUTCOMES.find((o) => o === e.target.value) ?? '' })} {...field('outcome')}>
              <option value="">{t('outcomeLabel')}</option>
              {CLOSE_OUTCOMES.map((o: FlagOutcome) => <option key={o} value={o}>{outcomeLabel(o, lang)}</option>)}
            </select>
            <p className="muted small">{t('closeOutcomeHelp')}</p>
            {problem('outcome')}
          </>
        ) : null}

        {draft.action === 'basic' ? (
          <>
            <label htmlFor="responsible-user">{t('responsible')}</label>
            <select id="responsible-user" value={draft.responsibleUserId} onChange={(e) => set({ responsibleUserId: e.target.value })}>
              <option value="">{t('responsibleOther')}</option>
              {(assignees.data ?? []).map((u) => <option key={u.id} value={u.id}>{staffName(u)}</option>)}
            </select>
            {draft.responsibleUserId === '' ? (
              <>
                <label htmlFor="responsible">{t('responsibleName')}</label>
                <input id="responsible" value={draft.responsible} onChange={(e) => set({ responsible: e.target.value })} {...field('responsible')} />
                <p className="muted small">{t('responsibleHelp')}</p>
                {problem('responsible')}
              </>
            ) : null}
            <label htmlFor="next-evaluation">{t('nextEvaluation')}</label>
            <input id="next-evaluation" type="date" value={draft.nextEvaluation} onChange={(e) => set({ nextEvaluation: e.target.value })} {...field('nextEvaluation')} />
            {problem('nextEvaluation')}
          </>
        ) : null}

        {draft.action === 'refer' ? (
          <>
            <label htmlFor="referral-text">{t('referralText')}</label>
            <textarea
              id="referral-text"
              rows={14}
              value={effective.referralText}
              onChange={(e) => {
                setTouchedText(true);
                set({ referralText: e.target.value });
              }}
              {...field('referralText')}
            />
            {problem('referralText')}
            <UnitSelect id="refer-unit" label={t('referToUnit')} choices={receiving} value={referUnit} onChange={setReferUnit} />
          </>
        ) : null}

        {draft.action ? (
          <>
            <label htmlFor="decision-note">{t(noteLabel)}</label>
            <textarea id="decision-note" rows={draft.action === 'refer' || draft.action === 'close' ? 3 : 5} value={draft.note} onChange={(e) => set({ note: e.target.value })} {...field('note')} />
            {problem('note')}
            <p className="muted small">{t('decisionClosesHelp')}</p>
            <ErrorMessage error={error} />
            <button type="submit" className="primary" disabled={busy}>{t('submitDecision')}</button>
          </>
        ) : null}
      </form>
    </section>
  );
}

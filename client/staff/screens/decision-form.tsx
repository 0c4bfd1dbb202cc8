import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { decisionProblems, decisionRequest, EMPTY_DRAFT, isoDateAfter, type DecisionDraft } from '../logic/decision.js';
import { referralText } from '../logic/pro-summary.js';
import type { DecisionAction } from '../../../server/contract/codes.js';
import type { FlagDetail } from '../../../server/contract/responses.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, FieldProblem } from '../components/messages.js';
import { focusFirstInvalid } from '../hooks/use-screen.js';

const ACTIONS: { action: DecisionAction; label: 'actionBasic' | 'actionRefer' | 'actionNoAction' }[] = [
  { action: 'basic', label: 'actionBasic' },
  { action: 'refer', label: 'actionRefer' },
  { action: 'no_action', label: 'actionNoAction' },
];

/** Basic-level plan, referral (text pre-filled from the PRO summary, editable) or no action with a note. */
export function DecisionForm({ detail, onDecided }: { detail: FlagDetail; onDecided: () => void }) {
  const { lang, t } = useLang();
  const prefilled = useMemo(() => referralText(detail, lang, t), [detail, lang, t]);
  const [draft, setDraft] = useState<DecisionDraft>(() => ({ ...EMPTY_DRAFT, nextEvaluation: isoDateAfter(new Date(), 14) }));
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
  const problems = showProblems ? decisionProblems(effective) : {};

  const set = (patch: Partial<DecisionDraft>): void => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setShowProblems(true);
    const body = decisionRequest(effective);
    if (!body) {
      setRefused((n) => n + 1);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.decide(detail.flag.id, body);
      announce(t('decisionSaved'));
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
  const noteLabel = draft.action === 'basic' ? 'notePlan' : draft.action === 'refer' ? 'noteRefer' : 'noteNoAction';

  return (
    <section className="panel decision" id="decision" aria-labelledby="decision-title">
      <h2 id="decision-title" tabIndex={-1}>{t('decisionTitle')}</h2>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend className="visually-hidden">{t('decisionTitle')}</legend>
          {ACTIONS.map(({ action, label }) => (
            <label key={action} className={`choice ${draft.action === action ? 'is-chosen' : ''}`}>
              <input type="radio" name="action" value={action} checked={draft.action === action} onChange={() => set({ action })} />
              {t(label)}
            </label>
          ))}
        </fieldset>

        {draft.action === 'basic' ? (
          <>
            <label htmlFor="responsible">{t('responsible')}</label>
            <input id="responsible" value={draft.responsible} onChange={(e) => set({ responsible: e.target.value })} {...field('responsible')} />
            <p className="muted small">{t('responsibleHelp')}</p>
            {problem('responsible')}
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
          </>
        ) : null}

        {draft.action ? (
          <>
            <label htmlFor="decision-note">{t(noteLabel)}</label>
            <textarea id="decision-note" rows={draft.action === 'refer' ? 3 : 5} value={draft.note} onChange={(e) => set({ note: e.target.value })} {...field('note')} />
            {problem('note')}
            <ErrorMessage error={error} />
            <button type="submit" className="primary" disabled={busy}>{t('submitDecision')}</button>
          </>
        ) : null}
      </form>
    </section>
  );
}

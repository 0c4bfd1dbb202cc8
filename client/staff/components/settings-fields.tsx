/**
 * The settings' field controls, shared by the site's Settings screen and a unit's settings (issue
 * 24): a duration as a number and a unit, and the reminder list as chips added from a duration.
 * Each takes its ids from the caller, so both forms can be on one page.
 */
import { useState, type ReactNode } from 'react';
import { useLang } from '../hooks/use-lang.js';
import { useAnnounce } from './announcer.js';
import { FieldProblem as FieldProblemText } from './messages.js';
import { DURATION_UNITS, durationIso, durationWords, unitLabel, withReminder, type DurationDraft, type DurationUnit } from '../logic/durations.js';

export const unitOf = (value: string): DurationUnit => DURATION_UNITS.find((u) => u === value) ?? 'hours';

/** A duration as a number and a unit in one group: the legend names it, each control says which part it is. */
export function DurationField({ id, name, label, value, onChange, help, problem, children }: {
  /** The number's id; the unit's is `${id}-unit`, the help's `help-${name}`, the problem's `problem-${name}`. */
  id: string;
  name: string;
  label: string;
  value: DurationDraft;
  onChange: (value: DurationDraft) => void;
  help?: ReactNode;
  problem?: string;
  /** After the inputs (e.g. a unit's "use the site's value"). */
  children?: ReactNode;
}) {
  const { lang, t } = useLang();
  const describedBy = [help ? `help-${name}` : '', problem ? `problem-${name}` : ''].filter(Boolean).join(' ');
  return (
    <fieldset className="field duration-field" {...(describedBy ? { 'aria-describedby': describedBy } : {})}>
      <legend>{label}</legend>
      <div className="duration-inputs">
        <input
          id={id} name={`${name}-amount`} type="number" inputMode="numeric" min={1} step={1} aria-label={`${label}: ${t('durationAmount')}`}
          value={value.amount} onChange={(e) => onChange({ ...value, amount: e.target.value })} {...(problem ? { 'aria-invalid': true } : {})}
        />
        <select id={`${id}-unit`} name={`${name}-unit`} aria-label={`${label}: ${t('durationUnit')}`} value={value.unit} onChange={(e) => onChange({ ...value, unit: unitOf(e.target.value) })}>
          {DURATION_UNITS.map((u) => <option key={u} value={u}>{unitLabel(u, lang)}</option>)}
        </select>
        {children}
      </div>
      {help ? <p id={`help-${name}`} className="muted small">{help}</p> : null}
      {problem ? <FieldProblemText id={`problem-${name}`}>{problem}</FieldProblemText> : null}
    </fieldset>
  );
}

/** The reminder list, earliest first, as chips; a new one from a number and a unit. `idPrefix`: "setting" gives #setting-reminder-amount. */
export function RemindersField({ idPrefix, value, onChange, help, problem, children }: {
  idPrefix: string;
  value: readonly string[];
  onChange: (value: string[]) => void;
  help: ReactNode;
  problem?: string;
  children?: ReactNode;
}) {
  const { lang, t } = useLang();
  const announce = useAnnounce();
  const [next, setNext] = useState<DurationDraft>({ amount: '', unit: 'days' });
  const helpId = `help-${idPrefix}-reminders`;
  const problemId = `problem-${idPrefix}-reminders`;
  const add = (): void => {
    const iso = durationIso(next);
    if (iso === '') return;
    onChange(withReminder(value, iso));
    setNext((r) => ({ ...r, amount: '' }));
    announce(t('reminderAdded', { duration: durationWords(iso, lang) }));
  };
  return (
    <fieldset className="field" aria-describedby={[helpId, problem ? problemId : ''].filter(Boolean).join(' ')}>
      <legend>{t('settingsReminders')}</legend>
      {value.length === 0 ? <p className="muted">{t('remindersNone')}</p> : (
        <ul className="chips" aria-label={t('settingsReminders')}>
          {value.map((r) => (
            <li key={r} className="chip" data-reminder={r}>
              <span>{durationWords(r, lang)}</span>
              <button type="button" className="chip-remove" aria-label={t('reminderRemove', { duration: durationWords(r, lang) })} onClick={() => onChange(value.filter((x) => x !== r))}>×</button>
            </li>
          ))}
        </ul>
      )}
      <div className="duration-inputs">
        <input
          id={`${idPrefix}-reminder-amount`} type="number" inputMode="numeric" min={1} step={1} aria-label={`${t('reminderNew')}: ${t('durationAmount')}`}
          value={next.amount} onChange={(e) => setNext((r) => ({ ...r, amount: e.target.value }))}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }}
        />
        <select id={`${idPrefix}-reminder-unit`} aria-label={`${t('reminderNew')}: ${t('durationUnit')}`} value={next.unit} onChange={(e) => setNext((r) => ({ ...r, unit: unitOf(e.target.value) }))}>
          {DURATION_UNITS.map((u) => <option key={u} value={u}>{unitLabel(u, lang)}</option>)}
        </select>
        <button type="button" onClick={add} disabled={durationIso(next) === ''}>{t('reminderAdd')}</button>
        {children}
      </div>
      <p id={helpId} className="muted small">{help}</p>
      {problem ? <FieldProblemText id={problemId}>{problem}</FieldProblemText> : null}
    </fieldset>
  );
}

/** Choosing units (issue 24): one unit for a link or entry, several for a patient or a staff user. Shown only when there is a choice. */
import type { UnitRef } from '../../../server/contract/units.js';
import { useLang } from '../hooks/use-lang.js';
import { unitText } from '../logic/units.js';

/** One unit of `choices` (nothing is shown for one choice or none: the server knows it). */
export function UnitSelect({ id, choices, value, onChange, label }: { id: string; choices: readonly UnitRef[]; value: string; onChange: (unitId: string) => void; label?: string }) {
  const { t } = useLang();
  if (choices.length < 2) return null;
  return (
    <>
      <label htmlFor={id}>{label ?? t('unitLabel')}</label>
      <select id={id} required value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('unitChoose')}</option>
        {choices.map((u) => <option key={u.id} value={u.id}>{unitText(u)}</option>)}
      </select>
    </>
  );
}

/** Several units of `choices`, as checkboxes in a fieldset. */
export function UnitCheckboxes({ name, legend, choices, value, onChange, legendHidden = false }: {
  name: string; legend: string; choices: readonly UnitRef[]; value: readonly string[]; onChange: (unitIds: string[]) => void;
  /** The legend only for screen readers (a table's column header already says it). */
  legendHidden?: boolean;
}) {
  return (
    <fieldset className="unit-choice">
      <legend {...(legendHidden ? { className: 'visually-hidden' } : {})}>{legend}</legend>
      {choices.map((u) => (
        <label key={u.id} className="choice">
          <input
            type="checkbox" name={name} value={u.id} checked={value.includes(u.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, u.id] : value.filter((id) => id !== u.id))}
          /> {unitText(u)}
        </label>
      ))}
    </fieldset>
  );
}

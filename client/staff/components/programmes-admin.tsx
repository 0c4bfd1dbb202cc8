import { useState } from 'react';
import { api } from '../api.js';
import { localized, triggerLabel } from '../i18n.js';
import { useAction } from '../hooks/use-action.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { draftOf, durationWords, EMPTY_PROGRAMME, programmeBody, scheduleWords, type ProgrammeDraft } from '../logic/programmes.js';
import { TRIGGERS, WHEN_OPEN } from '../../../server/contract/codes.js';
import { useAnnounce } from './announcer.js';
import { ErrorMessage, FieldProblem, Loading } from './messages.js';

/**
 * Admin (issue 25): the programmes, questionnaires that come back on a schedule. Each is listed with
 * its schedule in words; a new one or a change is checked with the server's own schema before it
 * is sent (each problem shown at its field) and audited by the server.
 */
export function ProgrammesAdmin() {
  const { lang, t } = useLang();
  const programmes = useResource(() => api.programmes(), []);
  const [editing, setEditing] = useState<{ id: string | null; draft: ProgrammeDraft } | null>(null);
  return (
    <section className="panel" aria-labelledby="programmes-title">
      <h2 id="programmes-title">{t('programmesTitle')}</h2>
      <p className="muted">{t('programmesIntro')}</p>
      <ErrorMessage error={programmes.error} />
      {programmes.data === undefined ? (programmes.error ? null : <Loading />) : (
        <table className="programmes">
          <thead>
            <tr>
              <th scope="col">{t('programmeName')}</th>
              <th scope="col">{t('programmeSchedule')}</th>
              <th scope="col">{t('programmeOpenFor')}</th>
              <th scope="col"><span className="visually-hidden">{t('programmeEdit')}</span></th>
            </tr>
          </thead>
          <tbody>
            {programmes.data.map((p) => (
              <tr key={p.id}>
                <td>{localized(p.name, lang)} <span className="muted small">({p.questionnaireId})</span></td>
                <td>{scheduleWords(p.schedule, lang)}</td>
                <td>{durationWords(p.openFor, lang)}</td>
                <td>
                  <button type="button" onClick={() => setEditing({ id: p.id, draft: draftOf(p) })} aria-label={t('programmeEditNamed', { name: localized(p.name, lang) })}>
                    {t('programmeEdit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <ProgrammeForm
          key={editing.id ?? 'new'}
          id={editing.id}
          initial={editing.draft}
          onDone={() => {
            setEditing(null);
            void programmes.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <button type="button" onClick={() => setEditing({ id: null, draft: EMPTY_PROGRAMME })}>{t('programmeNew')}</button>
      )}
    </section>
  );
}

const FIELD_OF_PATH: Record<string, keyof ProgrammeDraft> = {
  'name.da': 'nameDa', 'name.en': 'nameEn', questionnaireId: 'questionnaireId', schedule: 'at', 'schedule.every': 'every', 'schedule.until': 'until',
  trigger: 'trigger', openFor: 'openFor', whenOpen: 'whenOpen',
};
const fieldOf = (path: string): keyof ProgrammeDraft => FIELD_OF_PATH[path] ?? (path.startsWith('schedule.at') ? 'at' : 'nameDa');

function ProgrammeForm({ id, initial, onDone, onCancel }: { id: string | null; initial: ProgrammeDraft; onDone: () => void; onCancel: () => void }) {
  const { lang, t } = useLang();
  const announce = useAnnounce();
  const action = useAction();
  const questionnaires = useResource(() => api.questionnaires(), []);
  const [draft, setDraft] = useState<ProgrammeDraft>(initial);
  const [problems, setProblems] = useState<Partial<Record<keyof ProgrammeDraft, string>>>({});
  const set = (field: keyof ProgrammeDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const save = () => action.run(async () => {
    const checked = programmeBody({ ...draft, questionnaireId: draft.questionnaireId || questionnaires.data?.[0]?.id || '' });
    if (!checked.ok) {
      setProblems(Object.fromEntries(checked.problems.map((p) => [fieldOf(p.path), p.message])));
      return;
    }
    setProblems({});
    if (id === null) await api.createProgramme(checked.body);
    else await api.updateProgramme(id, checked.body);
    announce(t('programmeSaved', { name: localized(checked.body.name, lang) }));
    onDone();
  });
  const text = (field: keyof ProgrammeDraft, label: string, help?: string) => {
    const inputId = `programme-${field}`;
    const problemId = `${inputId}-problem`;
    const helpId = help ? `${inputId}-help` : undefined;
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        <input
          id={inputId} value={draft[field]} onChange={(e) => set(field)(e.target.value)} aria-invalid={problems[field] ? true : undefined}
          aria-describedby={[helpId, problems[field] ? problemId : undefined].filter(Boolean).join(' ') || undefined}
        />
        {help ? <p id={helpId} className="muted small">{help}</p> : null}
        {problems[field] ? <FieldProblem id={problemId}>{problems[field]}</FieldProblem> : null}
      </div>
    );
  };
  return (
    <form className="programme-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3>{id === null ? t('programmeNew') : t('programmeEdit')}</h3>
      {text('nameDa', t('programmeNameDa'))}
      {text('nameEn', t('programmeNameEn'))}
      <label htmlFor="programme-questionnaire">{t('questionnaire')}</label>
      <select id="programme-questionnaire" value={draft.questionnaireId || questionnaires.data?.[0]?.id || ''} onChange={(e) => set('questionnaireId')(e.target.value)}>
        {(questionnaires.data ?? []).map((q) => <option key={q.id} value={q.id}>{localized(q.title, lang)}</option>)}
      </select>
      {text('at', t('programmeAt'), t('programmeAtHelp'))}
      {text('every', t('programmeEvery'), t('programmeEveryHelp'))}
      {text('until', t('programmeUntil'))}
      {text('openFor', t('programmeOpenFor'), t('programmeOpenForHelp'))}
      <label htmlFor="programme-trigger">{t('programmeTrigger')}</label>
      <select id="programme-trigger" value={draft.trigger} onChange={(e) => set('trigger')(e.target.value)}>
        {TRIGGERS.map((tr) => <option key={tr} value={tr}>{triggerLabel(tr, lang)}</option>)}
      </select>
      <label htmlFor="programme-when-open">{t('programmeWhenOpen')}</label>
      <select id="programme-when-open" value={draft.whenOpen} onChange={(e) => set('whenOpen')(e.target.value)}>
        {WHEN_OPEN.map((w) => <option key={w} value={w}>{t(w === 'wait' ? 'programmeWait' : 'programmeSkip')}</option>)}
      </select>
      <ErrorMessage error={action.error ?? questionnaires.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={action.busy}>{t('save')}</button>
        <button type="button" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}

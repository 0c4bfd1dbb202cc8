import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { SiteSettings } from '../../../server/contract/settings.js';
import { api, ApiError } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import {
  draftOf, fieldProblems, patchOf, PHONE_FIELD_ID, phoneMissing, type DurationSettingsField, type FieldProblem, type SettingsDraft, type SettingsField, type TextSettingsField,
} from '../logic/settings.js';
import type { MessageKey } from '../i18n.js';
import { useAnnounce } from '../components/announcer.js';
import { ErrorMessage, FieldProblem as FieldProblemText, Loading } from '../components/messages.js';
import { focusFirstInvalid } from '../hooks/use-screen.js';
import { PhoneMissingText } from '../components/phone-missing-notice.js';
import { NotificationStatusLine } from '../components/notification-status.js';
import { SignInMappingPanel } from './sign-in-settings.js';
import { ProgrammesAdmin } from '../components/programmes-admin.js';
import { DurationField, RemindersField } from '../components/settings-fields.js';

/** Admin: the site settings (GET/PUT /api/settings): the phone patients call, deadlines, reminders, escalation. */
export function SettingsScreen() {
  const { t } = useLang();
  const loaded = useResource(() => api.settings(), []);
  return (
    <>
      <div className="page-head">
        <h1>{t('settingsTitle')}</h1>
        <p className="muted">{t('settingsIntro')}</p>
      </div>
      <NotificationStatusLine />
      <ErrorMessage error={loaded.error} />
      {loaded.data ? <SettingsForm initial={loaded.data} /> : loaded.error ? null : <Loading />}
      {/* issue 24: the hospital's sign-in, its groups and their roles */}
      {loaded.data ? <SignInMappingPanel initial={loaded.data.oidc} /> : null}
      {/* issue 25: the programmes are site data the admin edits too */}
      <ProgrammesAdmin />
    </>
  );
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'invalid'; problems: Partial<Record<SettingsField, FieldProblem>> } | { kind: 'failed'; error: unknown };

function SettingsForm({ initial }: { initial: SiteSettings }) {
  const { t } = useLang();
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(initial));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  useEffect(() => setDraft(draftOf(saved)), [saved]);
  const problems = status.kind === 'invalid' ? status.problems : {};
  const announce = useAnnounce();
  const form = useRef<HTMLFormElement>(null);
  // Opened from the missing-phone notice: straight to the phone field.
  useEffect(() => {
    if (window.location.hash === `#${PHONE_FIELD_ID}`) document.getElementById(PHONE_FIELD_ID)?.focus();
  }, []);
  // Refused: focus goes to the first field to fix (its problem is read with it).
  useEffect(() => {
    if (status.kind === 'invalid') focusFirstInvalid(form.current);
  }, [status]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setStatus({ kind: 'saving' });
    try {
      setSaved(await api.updateSettings(patchOf(draft)));
      setStatus({ kind: 'saved' });
      announce(t('settingsSaved'));
    } catch (error) {
      setStatus(error instanceof ApiError && error.status === 422 ? { kind: 'invalid', problems: fieldProblems(error.details) } : { kind: 'failed', error });
    }
  };

  const field = (name: TextSettingsField, label: MessageKey, help?: MessageKey): ReactNode => {
    const problem = problems[name];
    const describedBy = [help ? `help-${name}` : '', problem ? `problem-${name}` : ''].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={`setting-${name}`}>{t(label)}</label>
        <input
          id={`setting-${name}`}
          name={name}
          value={draft[name]}
          onChange={(e) => setDraft((d) => ({ ...d, [name]: e.target.value }))}
          {...(problem ? { 'aria-invalid': true } : {})}
          {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        />
        {help ? <p id={`help-${name}`} className="muted small">{t(help)}</p> : null}
        {problem ? <FieldProblemText id={`problem-${name}`}>{t(problem.key, { message: problem.message })}</FieldProblemText> : null}
      </div>
    );
  };

  /** A duration as a number and a unit (components/settings-fields.tsx, shared with a unit's settings). */
  const durationField = (name: DurationSettingsField, label: MessageKey, help?: MessageKey): ReactNode => {
    const problem = problems[name];
    return (
      <DurationField
        id={`setting-${name}`} name={name} label={t(label)} value={draft[name]} onChange={(value) => setDraft((d) => ({ ...d, [name]: value }))}
        {...(help ? { help: t(help) } : {})} {...(problem ? { problem: t(problem.key, { message: problem.message }) } : {})}
      />
    );
  };
  const reminderProblem = problems.reminders;

  return (
    <form ref={form} className="settings" onSubmit={(e) => void submit(e)} noValidate>
      {phoneMissing(saved) ? <PhoneMissingText admin={false} /> : null}
      <section className="panel" aria-labelledby="settings-site">
        <h2 id="settings-site">{t('settingsSite')}</h2>
        {field('name', 'settingsSiteName')}
        {field('phone', 'settingsPhone', 'settingsPhoneHelp')}
        {field('hoursDa', 'settingsHoursDa', 'settingsHoursHelp')}
        {field('hoursEn', 'settingsHoursEn')}
        {field('afterHoursDa', 'settingsAfterHoursDa', 'settingsAfterHoursHelp')}
        {field('afterHoursEn', 'settingsAfterHoursEn')}
      </section>
      <section className="panel" aria-labelledby="settings-deadlines">
        <h2 id="settings-deadlines">{t('settingsDeadlines')}</h2>
        <p className="muted small">{t('settingsDurationHelp')}</p>
        {durationField('urgent', 'settingsDeadlineUrgent')}
        {durationField('specialized', 'settingsDeadlineSpecialized')}
        {durationField('basic', 'settingsDeadlineBasic')}
        {durationField('none', 'settingsDeadlineNone')}
        {durationField('ownWords', 'settingsDeadlineOwnWords', 'settingsDeadlineOwnWordsHelp')}
      </section>
      <section className="panel" aria-labelledby="settings-reminders">
        <h2 id="settings-reminders">{t('settingsFollowUp')}</h2>
        <RemindersField
          idPrefix="setting" value={draft.reminders} onChange={(reminders) => setDraft((d) => ({ ...d, reminders }))} help={t('settingsRemindersHelp')}
          {...(reminderProblem ? { problem: t(reminderProblem.key, { message: reminderProblem.message }) } : {})}
        />
        {field('escalationContact', 'settingsEscalation', 'settingsEscalationHelp')}
        {durationField('sentMessages', 'settingsSentMessages', 'settingsSentMessagesHelp')}
      </section>
      <section className="panel" aria-labelledby="settings-security">
        <h2 id="settings-security">{t('settingsSecurity')}</h2>
        <div className="field">
          {/* The whole label is the target (44 px on a tablet). */}
          <label className="checkbox-label">
            <input
              id="setting-requireSecondFactor" name="requireSecondFactor" type="checkbox" aria-describedby="help-requireSecondFactor"
              checked={draft.requireSecondFactor} onChange={(e) => setDraft((d) => ({ ...d, requireSecondFactor: e.target.checked }))}
            />
            {t('settingsRequireSecondFactor')}
          </label>
          <p id="help-requireSecondFactor" className="muted small">{t('settingsRequireSecondFactorHelp')}</p>
        </div>
        {field('temporaryPasswordHours', 'settingsTemporaryPasswordHours', 'settingsTemporaryPasswordHelp')}
      </section>
      <section className="panel" aria-labelledby="settings-services">
        <h2 id="settings-services">{t('settingsServices')}</h2>
        <p className="muted small">{t('settingsServicesHelp')}</p>
        {field('palliativeDa', 'settingsServicePalliativeDa')}
        {field('palliativeEn', 'settingsServicePalliativeEn')}
        {field('palliativeQuestionnaires', 'settingsServicePalliativeQuestionnaires')}
        {field('rehabilitationDa', 'settingsServiceRehabilitationDa')}
        {field('rehabilitationEn', 'settingsServiceRehabilitationEn')}
        {field('rehabilitationQuestionnaires', 'settingsServiceRehabilitationQuestionnaires', 'settingsServiceQuestionnairesHelp')}
      </section>
      {status.kind === 'invalid' ? <p role="alert" className="notice notice-error">{t('settingsInvalid')}</p> : null}
      {status.kind === 'failed' ? <ErrorMessage error={status.error} /> : null}
      <button type="submit" className="primary" disabled={status.kind === 'saving'}>{t('save')}</button>
    </form>
  );
}

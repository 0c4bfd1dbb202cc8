/** The patient's page at /answer/:token: load, answer with autosave, send until acknowledged, say what happens next. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BlankItemsNotice } from './components/blank-items-notice.js';
import { Layout } from './components/layout.js';
import { MessagePage } from './components/message-page.js';
import { SurveyView } from '../survey/survey-view.js';
import { UrgentCall, WithPhoneLink } from './components/urgent-call.js';
import { useAutosave } from './hooks/use-autosave.js';
import { useBlankItems } from './hooks/use-blank-items.js';
import { useSiteContact } from './hooks/use-site-contact.js';
import { browserLanguages, deviceLocale, hasSavedAnswers, initialLocale, startingPoint, useInvitation } from './hooks/use-invitation.js';
import { canSubmit, useSubmission } from './hooks/use-submission.js';
import { texts } from './i18n.js';
import { newResponseId } from '../survey/ids.js';
import { choosePage } from './logic/pages.js';
import { tokenFromPath } from './logic/route.js';
import { completionText, urgentCompletionText, withSafetyMessages } from '../survey/safety.js';
import { browserStore, remove } from '../survey/key-value-store.js';
import { readLocalState, storageKeys } from './logic/storage.js';
import { createPatientSurvey, currentAnswers, currentLocale, surveyLocale } from '../survey/survey-model.js';
import { nameThePatientOnEveryPage } from './logic/relative-line.js';
import type { Locale } from '../../server/contract/codes.js';
import type { AnswerProblem } from './api.js';

function useDocumentLocale(locale: Locale): void {
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
}

export function App() {
  const token = tokenFromPath(window.location.pathname);
  return token ? <PatientApp token={token} /> : <UnknownLink />;
}

function UnknownLink() {
  const [locale, setLocale] = useState<Locale>(() => deviceLocale(browserLanguages()) ?? 'da');
  useDocumentLocale(locale);
  const site = useSiteContact(true);
  const t = texts[locale];
  return (
    <Layout locale={locale} onLocale={setLocale}>
      <MessagePage title={t.problemTitle.unknown} tone="problem">
        <p>{t.problemBody.unknown}</p>
        <UrgentCall site={site} locale={locale} />
      </MessagePage>
    </Layout>
  );
}

const NO_ITEMS: string[] = [];

function PatientApp({ token }: { token: string }) {
  const store = useMemo(browserStore, []);
  const [local] = useState(() => readLocalState(store, token));
  const [locale, setLocale] = useState<Locale>(() => initialLocale(local, browserLanguages()));
  const submission = useSubmission(token, store, local.pending);
  const { state: load, retry: retryLoad } = useInvitation(token, local.pending === null);

  // Decided once, from what was saved before this visit: the patient's own answers today do not make it appear.
  const returning = useMemo(() => load.kind === 'ok' && hasSavedAnswers(load.invitation.draft, local.draft), [load, local]);
  // A relative's link names the patient by first name: the questions are about them.
  const relativeOf = load.kind === 'ok' && load.invitation.respondent === 'relative' ? load.invitation.patientFirstName : undefined;
  const model = useMemo(() => {
    if (load.kind !== 'ok') return null;
    const { questionnaire, site: contact, draft } = load.invitation;
    const survey = createPatientSurvey(withSafetyMessages(questionnaire.survey, contact), startingPoint(draft, local.draft, deviceLocale(browserLanguages())));
    if (relativeOf) nameThePatientOnEveryPage(survey, relativeOf);
    return survey;
  }, [load, local, relativeOf]);
  const page = choosePage(submission.state, load, local.done);
  // The invitation brings the site's phone; without one (a spent, expired or unknown link, or a
  // submission sent before the invitation loaded) the page asks for it on its own.
  const contact = useSiteContact(load.kind !== 'ok' && (page.page === 'problem' || page.page === 'done' || page.page === 'not-sent'));
  const site = load.kind === 'ok' ? load.invitation.site : contact;
  const blankItems = useBlankItems(model, load.kind === 'ok' ? load.invitation.scoredItems : NO_ITEMS);
  useEffect(() => {
    if (model) setLocale(currentLocale(model));
  }, [model]);
  // A link that can no longer be answered keeps no answers on this tablet.
  useEffect(() => {
    if (load.kind === 'problem') remove(store, storageKeys.draft(token));
  }, [load, store, token]);

  useDocumentLocale(locale);
  useAutosave(token, model, store, canSubmit(submission.state));

  const changeLocale = useCallback(
    (next: Locale) => {
      setLocale(next);
      if (model) model.locale = surveyLocale(next);
    },
    [model],
  );
  const { submit } = submission;
  const onSubmit = useCallback(() => {
    if (model) submit({ id: newResponseId(), answers: currentAnswers(model), locale: currentLocale(model) });
  }, [model, submit]);

  const t = texts[locale];
  let content;
  switch (page.page) {
    case 'loading':
      content = <p className="loading" role="status">{t.loading}</p>;
      break;
    case 'unreachable':
      content = (
        <MessagePage title={t.unreachableTitle} tone="waiting" live>
          <p>{t.unreachableBody}</p>
          <button type="button" className="action" onClick={retryLoad}>
            {t.tryAgain}
          </button>
        </MessagePage>
      );
      break;
    case 'answering':
      content = (
        <>
          {page.problems && model ? <InvalidAnswers problems={page.problems} locale={locale} model={model} /> : null}
          {relativeOf ? <p className="relative-intro">{t.relativeIntro(relativeOf)}</p> : null}
          {returning ? (
            <p className="welcome-back" role="status">
              {t.welcomeBack}
            </p>
          ) : null}
          <p className="autosave-note">{t.autosaveNote}</p>
          {model ? <SurveyView model={model} onSubmit={onSubmit} /> : null}
          {model && blankItems.blank ? (
            <BlankItemsNotice blank={blankItems.blank} model={model} locale={locale} onContinue={blankItems.continueAnyway} onAnswer={blankItems.answerThem} />
          ) : null}
        </>
      );
      break;
    case 'sending':
      content = <MessagePage title={t.sendingTitle} tone="waiting" live />;
      break;
    case 'not-sent':
      content = (
        <MessagePage title={t.notSentTitle} tone="waiting" live>
          <p>{t.notSentBody}</p>
          <button type="button" className="action" onClick={submission.retryNow} disabled={submission.state.status !== 'waiting'}>
            {t.tryAgain}
          </button>
          <UrgentCall site={site} locale={locale} />
        </MessagePage>
      );
      break;
    case 'done': {
      // Urgent answers (item 18): "do not wait for us, call today", in place of "we will contact you".
      const nextSteps = page.urgent ? urgentCompletionText(site ?? null, locale) : completionText(page.nextSteps[locale], site ?? null, locale);
      // The questionnaire's text names the phone when it speaks of urgent calls; else one line says it.
      const namesPhone = Boolean(site?.phone && nextSteps.includes(site.phone));
      content = (
        <MessagePage title={t.completionTitle} tone="success">
          {page.urgent && site === undefined ? null : (
            // Urgent text waits for the site's phone (a reopened link loads it): never "call your contact person" first.
            <p className={page.urgent ? 'next-steps next-steps--urgent' : 'next-steps'}>
              <WithPhoneLink text={nextSteps} phone={site?.phone} />
            </p>
          )}
          {page.urgent || namesPhone || !site?.phone ? null : <UrgentCall site={site} locale={locale} />}
          <p>{t.closeNote}</p>
        </MessagePage>
      );
      break;
    }
    case 'problem':
      content = (
        <MessagePage title={t.problemTitle[page.problem]} tone="problem">
          <p>{t.problemBody[page.problem]}</p>
          <UrgentCall site={site} locale={locale} />
        </MessagePage>
      );
      break;
  }
  return (
    <Layout locale={locale} onLocale={changeLocale}>
      {content}
    </Layout>
  );
}

/** The server found problems the survey did not: name the questions, in the patient's language. */
function InvalidAnswers({ problems, locale, model }: { problems: AnswerProblem[]; locale: Locale; model: import('survey-core').Model }) {
  const t = texts[locale];
  const questions = useMemo(() => problems.map((p) => (p.question ? model.getQuestionByName(p.question) : null)).filter((q) => q !== null), [problems, model]);
  const titles = [...new Set(questions.map((q) => q.processedTitle))];
  // Open the first page with a problem.
  useEffect(() => {
    const page = questions[0]?.page;
    if (page && model.visiblePages.includes(page as never)) model.currentPage = page;
  }, [questions, model]);
  return (
    <div className="alert" role="alert">
      <h2>{t.invalidTitle}</h2>
      <p>{t.invalidBody}</p>
      {titles.length > 0 ? (
        <ul>
          {titles.map((title) => (
            <li key={title}>{title}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

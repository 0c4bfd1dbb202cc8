import { useState } from 'react';
import { api } from '../api.js';
import { formatDate, localized } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { planView } from '../logic/plan.js';
import { Link } from '../components/link.js';
import { ErrorMessage, Loading } from '../components/messages.js';

const CONTACT_KEY = 'lindring.staff.planContact';

/** The individual plan for a decided response, laid out for the browser's print (see @media print in staff.css). */
export function PlanScreen({ id }: { id: string }) {
  const { lang, t } = useLang();
  const detail = useResource(() => api.flag(id), [id]);
  const [contact, setContact] = useState<string>(() => readContact() ?? '');
  const contactText = contact || t('planContactDefault');

  if (!detail.data) return detail.error ? <ErrorMessage error={detail.error} /> : <Loading />;
  const { patient, questionnaire, flag } = detail.data;
  const plan = planView(detail.data, lang, t);

  return (
    <>
      <div className="no-print toolbar">
        <Link to={{ name: 'flag', id }}>← {t('back')}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>{t('print')}</button>
      </div>
      <article className="plan">
        <header>
          <p className="plan-brand">{t('appName')}</p>
          <h1>{t('planTitle')}</h1>
          <p>{t('planFor', { name: patient.name, externalId: patient.externalId })}</p>
          <p className="muted">{localized(questionnaire.title, lang)} · {formatDate(flag.submittedAt, lang)}</p>
        </header>
        <section>
          <h2>{t('planPurpose')}</h2>
          <p>{plan.purpose}</p>
          {plan.told.length > 0 ? (
            <>
              <h3>{t('planNeeds')}</h3>
              <ul>{plan.told.map((item) => <li key={item}>{item}</li>)}</ul>
            </>
          ) : null}
        </section>
        <section>
          <h2>{t('planResponsible')}</h2>
          <p>{plan.responsible}</p>
        </section>
        <section>
          <h2>{t('planWhat')}</h2>
          <p className="pre">{plan.what}</p>
        </section>
        <section>
          <h2>{t('planNextEvaluation')}</h2>
          <p>{plan.nextEvaluation}</p>
        </section>
        <section>
          <h2>{t('planContact')}</h2>
          <p className="pre print-only">{contactText}</p>
          <div className="no-print">
            <label htmlFor="plan-contact">{t('planContactHelp')}</label>
            <textarea
              id="plan-contact"
              rows={3}
              value={contactText}
              onChange={(e) => {
                setContact(e.target.value);
                writeContact(e.target.value);
              }}
            />
          </div>
        </section>
        {plan.decidedAt ? <p className="muted small">{plan.decidedAt}</p> : null}
      </article>
    </>
  );
}

function readContact(): string | null {
  try {
    return window.localStorage.getItem(CONTACT_KEY);
  } catch {
    return null;
  }
}
function writeContact(value: string): void {
  try {
    window.localStorage.setItem(CONTACT_KEY, value);
  } catch {
    // private mode: the text still prints, it is just not kept
  }
}

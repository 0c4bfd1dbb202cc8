import { api } from '../api.js';
import { formatDate, localized } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { planContactLine, planView } from '../logic/plan.js';
import { Link } from '../components/link.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { PhoneMissingText } from '../components/phone-missing-notice.js';

/** The individual plan for a decided response, laid out for the browser's print (see @media print in staff.css). */
export function PlanScreen({ id }: { id: string }) {
  const { lang, t } = useLang();
  const detail = useResource(() => api.flag(id), [id]);
  const settings = useResource(() => api.settings(), []);

  if (!detail.data || !settings.data) {
    const error = detail.error ?? settings.error;
    return error ? <ErrorMessage error={error} /> : <Loading />;
  }
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
          <p className="pre plan-contact">{planContactLine(settings.data.site, lang, t)}</p>
          <p className="muted small no-print">{t('planContactHelp')}</p>
          {settings.data.site.phone === null ? <div className="no-print"><PhoneMissingText admin={false} /></div> : null}
        </section>
        {plan.decidedAt ? <p className="muted small">{plan.decidedAt}</p> : null}
      </article>
    </>
  );
}

import { ApiError } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { errorCodeText } from '../i18n.js';

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useLang();
  if (!error) return null;
  const known = error instanceof ApiError ? errorCodeText(error.code) : undefined;
  if (known) return <p role="alert" className="notice notice-error">{t(known)}</p>;
  if (error instanceof ApiError && error.status === 403) return <p role="alert" className="notice notice-error">{t('notAllowed')}</p>;
  const message = error instanceof Error ? error.message : String(error);
  return <p role="alert" className="notice notice-error">{t('error', { message })}</p>;
}

export function Loading() {
  const { t } = useLang();
  return <p className="muted" role="status">{t('loading')}</p>;
}

/** The reminder that the level is decision support, shown wherever a proposed level is. */
export function DecisionSupportNote({ scores = false }: { scores?: boolean }) {
  const { t } = useLang();
  return (
    <p className="note">
      {t('decisionSupport')}
      {scores ? <> {t('eortcStyle')}</> : null}
    </p>
  );
}

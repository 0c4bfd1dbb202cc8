import { ApiError } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { errorCodeText, type Translate } from '../i18n.js';

/**
 * What went wrong, in the chosen language: a server error by its code (never the server's English
 * message), a failed fetch as no connection, our own errors by their (already translated) message.
 */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof ApiError) return errorCodeText(error.code, t);
  if (error instanceof TypeError) return t('errorNetwork');
  return error instanceof Error ? error.message : String(error);
}

/** An error, announced (role=alert) where it happened. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useLang();
  if (!error) return null;
  return <p role="alert" className="notice notice-error">{errorText(error, t)}</p>;
}

/** A field's problem: the field points at it (aria-describedby), and it is announced as it appears. */
export function FieldProblem({ id, children }: { id: string; children: React.ReactNode }) {
  return <p id={id} className="field-problem" role="alert">{children}</p>;
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

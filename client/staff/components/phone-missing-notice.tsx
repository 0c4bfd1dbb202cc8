import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { PHONE_FIELD_ID, phoneMissing } from '../logic/settings.js';
import { hrefFor } from '../routes.js';
import type { Role } from '../../../server/contract/codes.js';
import { Link } from './link.js';

/**
 * Says that patients have no number to call when it is urgent, until an admin sets one. On the
 * screen every role lands on after sign-in (the worklist); an admin's link opens Settings with
 * the phone field focused, so a fresh install is asked for the phone at the first sign-in.
 */
export function PhoneMissingNotice({ role }: { role: Role }) {
  const settings = useResource(() => api.settings(), []);
  if (!settings.data || !phoneMissing(settings.data)) return null;
  return <PhoneMissingText admin={role === 'admin'} />;
}

export function PhoneMissingText({ admin }: { admin: boolean }) {
  const { t } = useLang();
  return (
    <p className="notice notice-warning phone-missing" role="status">
      {t('phoneMissing')}
      {admin ? <> <Link to={`${hrefFor({ name: 'settings' })}#${PHONE_FIELD_ID}`}>{t('phoneMissingAdmin')}</Link>.</> : null}
    </p>
  );
}

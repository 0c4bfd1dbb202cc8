import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';
import { phoneMissing } from '../logic/settings.js';
import type { Role } from '../../../server/contract/codes.js';
import { Link } from './link.js';

/** Says that patients have no number to call when it is urgent, until an admin sets one (an admin gets the way there). */
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
      {admin ? <> <Link to={{ name: 'settings' }}>{t('phoneMissingAdmin')}</Link>.</> : null}
    </p>
  );
}

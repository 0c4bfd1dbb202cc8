import { api } from '../api.js';
import { useLang } from '../hooks/use-lang.js';
import { useResource } from '../hooks/use-resource.js';

/** The admin's status line (issue 23): "Påmindelser: ikke sat op" when the operator set up no channel, else which ones. */
export function NotificationStatusLine() {
  const { t } = useLang();
  const status = useResource(() => api.notificationStatus(), []);
  if (!status.data) return null;
  const channels = [status.data.email ? t('notificationsEmail') : '', status.data.sms ? t('notificationsSms') : ''].filter(Boolean);
  return channels.length === 0
    ? <p className="notice notice-warning notification-status">{t('notificationsNone')}</p>
    : <p className="muted notification-status">{t('notificationsSome', { channels: channels.join(', ') })}</p>;
}

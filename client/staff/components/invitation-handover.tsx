import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { formatDate } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import type { CreatedInvitation } from '../../../server/contract/responses.js';
import type { SendChannel } from '../../../server/contract/codes.js';
import { api } from '../api.js';
import { ErrorMessage } from './messages.js';

/** Absolute link for the patient (the server may answer with a path). */
function absoluteUrl(url: string, origin: string): string {
  return new URL(url, origin).toString();
}

/** Hands the invitation over: the link with a copy button, and a QR code to scan with the patient's tablet. */
export function InvitationHandover({ invitation }: { invitation: CreatedInvitation }) {
  const { lang, t } = useLang();
  const url = absoluteUrl(invitation.url, window.location.origin);
  const [qr, setQr] = useState<string>('');
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    let cancelled = false;
    QRCode.toDataURL(url, { margin: 2, width: 220, errorCorrectionLevel: 'M' }).then((data) => !cancelled && setQr(data));
    return () => {
      cancelled = true;
    };
  }, [url]);

  const onCopy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(url);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <div className="handover" data-testid="invitation-handover">
      <div>
        <label htmlFor="invitation-link">{t('invitationLink')}</label>
        <div className="copy-row">
          <input id="invitation-link" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void onCopy()}>{t('copyLink')}</button>
        </div>
        <p role="status" className="muted">{copy === 'copied' ? t('copied') : copy === 'failed' ? t('copyFailed') : ''}</p>
        <p className="muted">{t('expires', { date: formatDate(invitation.expiresAt, lang) })}</p>
        {invitation.sendBy.length > 0 ? <SendLink invitation={invitation} /> : null}
      </div>
      <div className="qr">
        {qr ? <img src={qr} width={220} height={220} alt={t('qrAlt')} /> : null}
        <p className="muted">{t('qrHelp')}</p>
      </div>
    </div>
  );
}

/** "Send som SMS" / "Send som e-mail" (issue 23): offered only when the number or address is on file and the channel is set up (the server's sendBy). */
function SendLink({ invitation }: { invitation: CreatedInvitation }) {
  const { t } = useLang();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (channel: SendChannel): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const sent = await api.sendInvitation(invitation.id, channel);
      setStatus(sent.queued ? t(channel === 'sms' ? 'sentAsSms' : 'sentAsEmail') : t('alreadySent'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="send-link">
      {invitation.sendBy.map((channel) => (
        <button key={channel} type="button" disabled={busy} onClick={() => void send(channel)}>{t(channel === 'sms' ? 'sendAsSms' : 'sendAsEmail')}</button>
      ))}
      <p role="status" className="muted">{status}</p>
      <ErrorMessage error={error} />
    </div>
  );
}

/**
 * Setting up two-step log-in (issue 21): the QR code for the authenticator app and the key as text,
 * a current code to confirm, then the recovery codes, shown once. Used on My account and, when the
 * site requires it, during log-in. The QR code is a data: image (the CSP's img-src allows data:).
 */
import QRCode from 'qrcode';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SecondFactorEnrolment } from '../../../server/contract/accounts.js';
import { useLang } from '../hooks/use-lang.js';
import { ErrorMessage } from './messages.js';

/** The base32 key in groups of four, as authenticator apps accept it typed. */
const groupedKey = (secret: string): string => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export function SecondFactorSetup({ start, confirm }: { start: () => Promise<SecondFactorEnrolment>; confirm: (code: string) => Promise<void> }) {
  const { t } = useLang();
  const [enrolment, setEnrolment] = useState<SecondFactorEnrolment | null>(null);
  const [qr, setQr] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    if (!enrolment) return;
    let cancelled = false;
    void QRCode.toDataURL(enrolment.otpauthUri, { margin: 2, width: 220, errorCorrectionLevel: 'M' }).then((data) => !cancelled && setQr(data));
    return () => {
      cancelled = true;
    };
  }, [enrolment]);

  const begin = async (): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      setEnrolment(await start());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await confirm(code);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  if (!enrolment) {
    return (
      <>
        <ErrorMessage error={error} />
        <button type="button" className="primary" disabled={busy} onClick={() => void begin()}>{t('secondFactorStart')}</button>
      </>
    );
  }
  return (
    <div className="second-factor-setup">
      <p id={`${id}-scan`}>{t('secondFactorScan')}</p>
      <div className="qr">{qr ? <img src={qr} width={220} height={220} alt={t('secondFactorQrAlt')} /> : null}</div>
      <p>
        {t('secondFactorKey')}: <code className="totp-key" data-testid="totp-key">{groupedKey(enrolment.secret)}</code>
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${id}-code`}>{t('secondFactorConfirmLabel')}</label>
        <input
          id={`${id}-code`} className="code-input" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" required maxLength={7}
          value={code} onChange={(e) => setCode(e.target.value)}
        />
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>{t('secondFactorConfirm')}</button>
      </form>
    </div>
  );
}

/** The recovery codes, shown once after a set-up, with what they are for. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useLang();
  return (
    <section className="panel recovery-codes" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title">{t('recoveryCodesTitle')}</h2>
      <p role="alert" className="notice">{t('recoveryCodesNote')}</p>
      <ul className="recovery-code-list" data-testid="recovery-codes">
        {codes.map((code) => <li key={code}><code>{code}</code></li>)}
      </ul>
      <button type="button" className="primary" onClick={onDone}>{t('recoveryCodesDone')}</button>
    </section>
  );
}

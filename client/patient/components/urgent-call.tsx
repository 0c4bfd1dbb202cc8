import { texts } from '../i18n.js';
import { phoneHours, telHref } from '../logic/safety.js';
import type { Locale } from '../../../server/contract/codes.js';
import type { SiteInfo } from '../../../server/contract/settings.js';

/**
 * "Hvis det haster, så ring til 70 20 30 40 (hverdage kl. 8-15) eller 112." with the number as a
 * link a phone can call; without a phone yet, today's "call your contact person". `undefined`
 * while the site's contact is still loading: nothing yet, so the wrong sentence is never read out.
 */
export function UrgentCall({ site, locale }: { site: SiteInfo | null | undefined; locale: Locale }) {
  const t = texts[locale];
  if (site === undefined) return null;
  if (!site?.phone) return <p className="urgent-call">{t.urgentNote}</p>;
  const hours = phoneHours(site, locale);
  return (
    <p className="urgent-call">
      {t.urgentCallBefore}
      <a href={telHref(site.phone)}>{site.phone}</a>
      {hours ? ` (${hours})` : ''}
      {t.urgentCallAfter}
    </p>
  );
}

/** A text that may hold the phone number (the completion text): the number as a `tel:` link. */
export function WithPhoneLink({ text, phone }: { text: string; phone: string | null | undefined }) {
  const at = phone ? text.indexOf(phone) : -1;
  if (!phone || at === -1) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <a href={telHref(phone)}>{phone}</a>
      {text.slice(at + phone.length)}
    </>
  );
}

import { helpText, telHref } from '../../survey/safety.js';
import type { Locale } from '../../../server/contract/codes.js';
import type { SiteInfo } from '../../../server/contract/settings.js';

/**
 * "Har du brug for hjælp nu, så ring til 70 20 30 40 (hverdage kl. 8-15). Uden for telefontiden:
 * ring til lægevagten på 1813. Ring 112, hvis det er livstruende." with the number as a link a
 * phone can call; without a phone yet, the contact person. `undefined` while the site's contact is
 * still loading: nothing yet, so the wrong sentence is never read out.
 */
export function UrgentCall({ site, locale }: { site: SiteInfo | null | undefined; locale: Locale }) {
  if (site === undefined) return null;
  return (
    <p className="urgent-call">
      <WithPhoneLink text={helpText(site, locale)} phone={site?.phone} />
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

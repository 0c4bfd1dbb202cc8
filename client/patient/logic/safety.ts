/**
 * The safety message ("your answers are not read right away; if it is urgent, call …"), built from
 * the site settings and put into the questionnaire at run time as SurveyJS `html` elements: first
 * on the first page, and after every free-text and contact-wish question. The questionnaire files
 * stay as they are. Pure: JSON in, JSON out.
 */
import type { SiteInfo } from '../../../server/contract/settings.js';
import type { Locale } from '../../../server/contract/codes.js';

/** Questions a patient may use to tell us something urgent: the message stands beside them. */
const FREE_TEXT_TYPES = new Set(['text', 'comment']);
const CONTACT_WISH = 'contact_wish';

export const SAFETY_ELEMENT_PREFIX = 'lindring_safety_';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** When the phone is answered, in this language (else the other one's text, better than none); '' when not set. */
export function phoneHours(site: SiteInfo, locale: Locale): string {
  return site.hours[locale].trim() || site.hours[locale === 'da' ? 'en' : 'da'].trim();
}

/** "70 20 30 40 (hverdage kl. 8-15)", or null when the site has no phone yet. */
function phoneWithHours(site: SiteInfo | null, locale: Locale): string | null {
  if (!site?.phone) return null;
  const hours = phoneHours(site, locale);
  return hours ? `${site.phone} (${hours})` : site.phone;
}

/** A `tel:` link for a phone number as people write it ("+45 70 20-30-40" → "tel:+4570203040"). */
export const telHref = (phone: string): string => `tel:${phone.replace(/[\s-]/g, '')}`;

/** The message as plain text in one language; without a phone it names the contact person. */
export function safetyText(site: SiteInfo | null, locale: Locale): string {
  const number = phoneWithHours(site, locale);
  return locale === 'da'
    ? `Dine svar bliver ikke læst med det samme. Hvis det haster, så ring til ${number ?? 'din kontaktperson'} eller 112.`
    : `Your answers are not read right away. If it is urgent, call ${number ?? 'your contact person'} or 112.`;
}

/** The same as HTML for a SurveyJS `html` element, with the number as a link a tablet or phone can call. */
function safetyHtml(site: SiteInfo | null, locale: Locale): string {
  let html = escapeHtml(safetyText(site, locale));
  const phone = site?.phone;
  if (phone) html = html.replace(escapeHtml(phone), `<a href="${telHref(phone)}">${escapeHtml(phone)}</a>`);
  return `<p class="lindring-safety" role="note">${html}</p>`;
}

type Element = Record<string, unknown>;

function safetyElement(name: string, site: SiteInfo | null, visibleIf?: unknown): Element {
  return {
    type: 'html',
    name: `${SAFETY_ELEMENT_PREFIX}${name}`,
    html: { default: safetyHtml(site, 'en'), da: safetyHtml(site, 'da') },
    ...(typeof visibleIf === 'string' ? { visibleIf } : {}),
  };
}

function withMessagesAfter(elements: Element[], site: SiteInfo | null): Element[] {
  return elements.flatMap((element) => {
    const inner = Array.isArray(element.elements) ? { ...element, elements: withMessagesAfter(element.elements as Element[], site) } : element;
    const needsMessage = FREE_TEXT_TYPES.has(String(element.type)) || element.name === CONTACT_WISH;
    return needsMessage ? [inner, safetyElement(String(element.name), site, element.visibleIf)] : [inner];
  });
}

/** The survey JSON with the safety message before the first question and after each free-text and contact-wish question. */
export function withSafetyMessages(survey: Record<string, unknown>, site: SiteInfo | null): Record<string, unknown> {
  const pages = Array.isArray(survey.pages) ? (survey.pages as Element[]) : [];
  return {
    ...survey,
    pages: pages.map((page, index) => {
      const elements = withMessagesAfter(Array.isArray(page.elements) ? (page.elements as Element[]) : [], site);
      return { ...page, elements: index === 0 ? [safetyElement('first', site), ...elements] : elements };
    }),
  };
}

/**
 * The questionnaire's "what happens next" with its urgent line pointing to the site's phone:
 * older texts say "the phone number in your letter", which Lindring never sends.
 */
export function completionText(text: string, site: SiteInfo | null, locale: Locale): string {
  const number = phoneWithHours(site, locale);
  const letter = locale === 'da' ? /( eller)? det telefonnummer, der står i dit brev/ : /( or)? the phone number in your letter/;
  return text.replace(letter, (_, or: string | undefined) => (number === null ? '' : `${or ?? ''} ${number}`));
}

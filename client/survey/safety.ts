/**
 * What the patient is told about help (clinical rules v2, items 15-18), built from the site
 * settings: the safety message ("we do not read your answers straight away; if you need help now,
 * call …; outside these hours, call …; if it is life-threatening, call 112"), put into the
 * questionnaire at run time as SurveyJS `html` elements (first on the first page, and after every
 * free-text and contact-wish question), the same help on the other pages, the completion text's
 * phone, and the urgent completion text ("do not wait for us: call … today"). Without a phone the
 * texts name the contact person; without an after-hours number that sentence is left out. The
 * questionnaire files stay as they are. Pure: JSON in, JSON out.
 */
import type { SiteInfo } from '../../server/contract/settings.js';
import { CALL_112, type Locale } from '../../server/contract/codes.js';

/** Questions a patient may use to tell us something urgent: the message stands beside them. */
const FREE_TEXT_TYPES = new Set(['text', 'comment']);
const CONTACT_WISH = 'contact_wish';

export const SAFETY_ELEMENT_PREFIX = 'lindring_safety_';

/**
 * A site text as HTML text: `<`, `>`, `&` and quotes escaped, and `{`, `}` as character references,
 * since SurveyJS fills `{question}` in an `html` element with the patient's answer unescaped (issue 21).
 */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"'{}]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '{': '&#123;', '}': '&#125;' })[c]!);

/** A per-language setting in this language (else the other one's text, better than none); '' when not set. */
const inLocale = (text: { da: string; en: string }, locale: Locale): string => text[locale].trim() || text[locale === 'da' ? 'en' : 'da'].trim();

/** When the phone is answered, in this language; '' when not set. */
export function phoneHours(site: SiteInfo, locale: Locale): string {
  return inLocale(site.hours, locale);
}

/** Whom to call outside the phone's hours ("lægevagten på 1813"), in this language; '' when not set. */
export function afterHoursContact(site: SiteInfo | null, locale: Locale): string {
  return site?.afterHours ? inLocale(site.afterHours, locale) : '';
}

/** "70 20 30 40 (hverdage kl. 8-15)", or null when the site has no phone yet. */
function phoneWithHours(site: SiteInfo | null, locale: Locale): string | null {
  if (!site?.phone) return null;
  const hours = phoneHours(site, locale);
  return hours ? `${site.phone} (${hours})` : site.phone;
}

/** The number to call in a sentence: the site's phone with its hours, else the contact person. */
function whomToCall(site: SiteInfo | null, locale: Locale): string {
  return phoneWithHours(site, locale) ?? (locale === 'da' ? 'din kontaktperson' : 'your contact person');
}

/** "Uden for telefontiden: ring til …", or '' when no after-hours number is set. */
function afterHoursSentence(site: SiteInfo | null, locale: Locale): string {
  const after = afterHoursContact(site, locale);
  if (!after) return '';
  return locale === 'da' ? `Uden for telefontiden: ring til ${after}.` : `Outside these hours, call ${after}.`;
}

const sentences = (...parts: string[]): string => parts.filter(Boolean).join(' ');

/** A `tel:` link for a phone number as people write it ("+45 70 20-30-40" → "tel:+4570203040"). */
export const telHref = (phone: string): string => `tel:${phone.replace(/[\s-]/g, '')}`;

/** Whom to call for help now, after hours, and 112 (item 15 without its first sentence): on every page that has no questionnaire. */
export function helpText(site: SiteInfo | null, locale: Locale): string {
  const now = locale === 'da' ? `Har du brug for hjælp nu, så ring til ${whomToCall(site, locale)}.` : `If you need help now, call ${whomToCall(site, locale)}.`;
  return sentences(now, afterHoursSentence(site, locale), CALL_112[locale]);
}

/** The safety message as plain text in one language (item 15). */
export function safetyText(site: SiteInfo | null, locale: Locale): string {
  return sentences(locale === 'da' ? 'Vi læser ikke dine svar med det samme.' : 'We do not read your answers straight away.', helpText(site, locale));
}

/** What the completion page says when the answers are urgent (item 18): do not wait for us, call today. */
export function urgentCompletionText(site: SiteInfo | null, locale: Locale): string {
  const call = whomToCall(site, locale);
  const today = locale === 'da'
    ? `Du har svaret, at noget er meget svært lige nu. Vent ikke på, at vi kontakter dig: ring til ${call} i dag.`
    : `You told us something is very hard right now. Do not wait for us to contact you: call ${call} today.`;
  return sentences(today, afterHoursSentence(site, locale), CALL_112[locale]);
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
 * The questionnaire's "what happens next" (item 17) with `{phone}` as the site's phone and hours,
 * or the contact person when none is set. Older versions' texts say "the phone number in your
 * letter", which Lindring never sends: that becomes the site's phone too.
 */
export function completionText(text: string, site: SiteInfo | null, locale: Locale): string {
  const number = phoneWithHours(site, locale);
  const letter = locale === 'da' ? /( eller)? det telefonnummer, der står i dit brev/ : /( or)? the phone number in your letter/;
  return text
    .replaceAll('{phone}', whomToCall(site, locale))
    .replace(letter, (_, or: string | undefined) => (number === null ? '' : `${or ?? ''} ${number}`));
}

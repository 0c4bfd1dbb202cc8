/**
 * What an ID token's claims mean to Lindring (issue 24): the role and units the site's group
 * mapping gives, whether a second factor was used, and the username and profile of a new staff
 * user. Pure: the claims have already been checked by openid-client (signature, issuer, audience,
 * expiry, nonce).
 */
import type { Role } from '../contract/codes.js';
import type { OidcGroupMapping } from '../contract/settings.js';

export type Claims = Record<string, unknown>;

export interface OidcMapping {
  groupClaim: string;
  groups: readonly OidcGroupMapping[];
}

/**
 * The groups a user is in, from the mapping's claim: a list of strings, or one string (some providers
 * send a single group so). A dotted claim name ("realm_access.roles") reads a nested claim.
 */
export function groupsFromClaims(claims: Claims, groupClaim: string): string[] {
  let value: unknown = claims[groupClaim];
  if (value === undefined && groupClaim.includes('.')) {
    value = groupClaim.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), claims);
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/** The mapped groups the user is in, in the mapping's order. */
function matchedGroups(claims: Claims, mapping: OidcMapping): OidcGroupMapping[] {
  const groups = new Set(groupsFromClaims(claims, mapping.groupClaim));
  return mapping.groups.filter((g) => groups.has(g.group));
}

/**
 * The role the mapping gives: the first listed group the user is in (the admin orders the list, so
 * a user in "palliative team" and "nurses" gets the one listed first); null when the user is in no
 * mapped group, who then gets no session.
 */
export function roleFromClaims(claims: Claims, mapping: OidcMapping): Role | null {
  return matchedGroups(claims, mapping)[0]?.role ?? null;
}

/**
 * The unit ids the mapping gives: those of every mapped group the user is in, each once. Units are
 * built apart from sign-in (issue 24, units): the caller sets the user's units from this.
 */
export function unitIdsFromClaims(claims: Claims, mapping: OidcMapping): string[] {
  return [...new Set(matchedGroups(claims, mapping).flatMap((g) => g.unitIds))];
}

/** `amr` values (RFC 8176) that are a factor beyond a password on their own. */
const SECOND_FACTOR_AMR = new Set(['mfa', 'otp', 'hwk', 'sms', 'tel', 'sc', 'fpt', 'face', 'iris', 'retina', 'vbm']);
/**
 * `acr` values that promise more than one factor: the Danish NSIS levels "substantial" and "high"
 * (MitID and the regions' providers), and the OpenID PAPE multi-factor policies.
 */
const MULTI_FACTOR_ACR = new Set([
  'https://data.gov.dk/concept/core/nsis/substantial',
  'https://data.gov.dk/concept/core/nsis/high',
  'http://schemas.openid.net/pape/policies/2007/06/multi-factor',
  'http://schemas.openid.net/pape/policies/2007/06/multi-factor-physical',
]);

/**
 * Did the sign-in at the provider use a second factor (OIDC_REQUIRE_MFA)? Yes when `amr` names
 * `mfa` or a method that is a second factor (a one-time code, a hardware key, a text message,
 * biometrics), or names two methods, or when `acr` is a level that requires two factors.
 * A password alone (`amr: ["pwd"]`), or no `amr` and no such `acr`, is not.
 */
export function showsSecondFactor(claims: Claims): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((m): m is string => typeof m === 'string') : [];
  if (amr.some((m) => SECOND_FACTOR_AMR.has(m)) || new Set(amr).size >= 2) return true;
  return typeof claims.acr === 'string' && MULTI_FACTOR_ACR.has(claims.acr);
}

const USERNAME_CHARS = /[^A-Za-z0-9._-]/g;

/**
 * A username for a new user from the provider: `preferred_username`, else the e-mail's local part,
 * else "user", in Lindring's username characters (æ → ae, ø → oe, å → aa, other letters without
 * their accents). The caller adds "-2", "-3", ... when it is taken: a provider's user is never
 * joined to a local account by name (that would hand the local account to whoever the provider calls so).
 */
export function usernameFromClaims(claims: Claims): string {
  const email = typeof claims.email === 'string' ? claims.email.split('@')[0] : undefined;
  const raw = [claims.preferred_username, email].find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? 'user';
  const ascii = raw.split('@')[0]!
    .replace(/æ/g, 'ae').replace(/Æ/g, 'Ae').replace(/ø/g, 'oe').replace(/Ø/g, 'Oe').replace(/å/g, 'aa').replace(/Å/g, 'Aa')
    .normalize('NFKD').replace(/\p{M}/gu, '')
    .replace(/\s+/g, '.').replace(USERNAME_CHARS, '');
  const name = ascii.slice(0, 56);
  return name.length >= 2 ? name : `user-${name}`.slice(0, 56);
}

/** The full name the provider gives (`name`, else given and family name), one line, at most 200 characters; null without one. */
export function fullNameFromClaims(claims: Claims): string | null {
  const parts = [claims.given_name, claims.family_name].filter((v): v is string => typeof v === 'string');
  const name = typeof claims.name === 'string' ? claims.name : parts.join(' ');
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, 200);
  return clean === '' ? null : clean;
}

/**
 * Where the staff app returns after the sign-in: one of its own paths ("/worklist", "/flags/…"), never
 * another site (`//host`, a backslash, a scheme), the API or the patient page; anything else is "/".
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500) return '/';
  if (!/^\/(?:[A-Za-z0-9._~%-][A-Za-z0-9/._~%-]*)?(?:\?[A-Za-z0-9/._~%=&+-]*)?$/.test(value)) return '/';
  return /^\/(?:api|answer)(?:[/?]|$)/.test(value) ? '/' : value;
}

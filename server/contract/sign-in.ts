/**
 * Sign-in through the hospital's identity provider (OpenID Connect, issue 24): what the staff app is
 * told before anyone signs in, and why a sign-in through the provider was refused. The callback
 * sends the browser back to the staff app with `?signInRefused=<reason>`; the staff app has words
 * for each reason in Danish and English.
 */
import { z } from 'zod';

/** GET /api/auth/oidc/start?returnTo=/worklist: the staff app's path to come back to (others become "/"). */
export const oidcStartQuery = z.object({ returnTo: z.string().max(500).optional() });

/** GET /api/auth/options: public, no secrets. */
export interface SignInOptions {
  /** The hospital's identity provider, when the operator configured one: its name on the button. */
  oidc: { name: string } | null;
  /** False with LOCAL_LOGIN=off: the password form is only for the break-glass admins. */
  localLogin: boolean;
}

/** POST /api/auth/oidc/logout: the local session has ended; the provider's own logout to follow, when it offers one. */
export interface SignOutAnswer {
  providerLogoutUrl: string | null;
}

export const OIDC_REFUSALS = [
  /** The provider said no, or the user cancelled there. */
  'provider_error',
  /** The callback's state is unknown, spent, expired, or from another browser. */
  'unknown_state',
  /** The code exchange or the ID token's checks failed (signature, issuer, audience, expiry, nonce). */
  'invalid_token',
  /** OIDC_REQUIRE_MFA=true and the token shows no second factor. */
  'second_factor_required',
  /** The user is in none of the groups the site maps (Settings → Sign-in). */
  'no_mapped_group',
  /** An admin disabled the user in Lindring. */
  'disabled',
  /** The change of role would leave no enabled admin. */
  'last_admin',
  /** Sign-in through the provider is not configured on this server. */
  'not_configured',
] as const;
export type OidcRefusal = (typeof OIDC_REFUSALS)[number];

export function isOidcRefusal(value: unknown): value is OidcRefusal {
  return typeof value === 'string' && (OIDC_REFUSALS as readonly string[]).includes(value);
}

/** The query parameter the callback's refusal comes back in. */
export const SIGN_IN_REFUSED_PARAM = 'signInRefused';

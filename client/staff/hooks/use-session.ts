import { useCallback, useEffect, useState } from 'react';
import type { SecondFactorStep } from '../../../server/contract/accounts.js';
import type { SignInOptions } from '../../../server/contract/sign-in.js';
import { api, ApiError, setUnauthorizedHandler, type SignedInUser } from '../api.js';

type SessionState =
  | { status: 'checking' }
  | { status: 'anonymous'; expired: boolean; secondFactorExpired?: boolean }
  // The password was right; the code from the app (or setting one up) comes next (issue 21).
  | { status: 'secondFactor'; step: SecondFactorStep }
  | { status: 'signedIn'; user: SignedInUser };

interface Session {
  state: SessionState;
  login: (username: string, password: string) => Promise<void>;
  /** The second step: on success signed in; a set-up finished here leaves its recovery codes to show once. */
  submitCode: (code: string) => Promise<void>;
  /** Recovery codes made by a set-up at sign-in, until the user says they are saved. */
  recoveryCodes: string[] | null;
  dismissRecoveryCodes: () => void;
  logout: () => Promise<void>;
  /** Reads the user again (after a password change lifts mustChangePassword). */
  refresh: () => Promise<void>;
  /** issue 24: the hospital's sign-in and whether passwords are on; null until known (or when the server cannot say). */
  signInOptions: SignInOptions | null;
}

/** The staff member's session: checked on load, ended by logout or by any 401 (expired session). */
export function useSession(): Session {
  const [state, setState] = useState<SessionState>({ status: 'checking' });
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [signInOptions, setSignInOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.signInOptions().then((options) => !cancelled && setSignInOptions(options)).catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setState({ status: 'anonymous', expired: true }));
    let cancelled = false;
    api
      .me()
      .then((user) => !cancelled && setState({ status: 'signedIn', user }))
      .catch(() => !cancelled && setState({ status: 'anonymous', expired: false }));
    return () => {
      cancelled = true;
      setUnauthorizedHandler(null);
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await api.login(username, password);
    if ('secondFactor' in answer) {
      setState({ status: 'secondFactor', step: answer.secondFactor });
      return;
    }
    setState({ status: 'signedIn', user: await api.me() });
  }, []);

  const submitCode = useCallback(async (code: string) => {
    try {
      const answer = await api.secondFactor(code);
      if (answer.recoveryCodes) setRecoveryCodes(answer.recoveryCodes);
      setState({ status: 'signedIn', user: await api.me() });
    } catch (error) {
      // The challenge is gone (too slow, too many wrong codes): back to the password.
      if (error instanceof ApiError && error.code === 'second_factor_expired') setState({ status: 'anonymous', expired: false, secondFactorExpired: true });
      else throw error;
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      if (signInOptions?.oidc) {
        // Signed in through the hospital: its sign-out too, when it offers one (RP-initiated logout); it comes back to the staff app.
        const { providerLogoutUrl } = await api.oidcLogout();
        if (providerLogoutUrl) {
          window.location.assign(providerLogoutUrl);
          return;
        }
      } else await api.logout();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    setRecoveryCodes(null);
    setState({ status: 'anonymous', expired: false });
  }, [signInOptions]);

  const refresh = useCallback(async () => {
    setState({ status: 'signedIn', user: await api.me() });
  }, []);

  return { state, login, submitCode, recoveryCodes, dismissRecoveryCodes: () => setRecoveryCodes(null), logout, refresh, signInOptions };
}

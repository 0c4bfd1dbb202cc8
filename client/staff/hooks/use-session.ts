import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, setUnauthorizedHandler, type SignedInUser } from '../api.js';

type SessionState =
  | { status: 'checking' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'signedIn'; user: SignedInUser };

interface Session {
  state: SessionState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Reads the user again (after a password change lifts mustChangePassword). */
  refresh: () => Promise<void>;
}

/** The staff member's session: checked on load, ended by logout or by any 401 (expired session). */
export function useSession(): Session {
  const [state, setState] = useState<SessionState>({ status: 'checking' });

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
    await api.login(username, password);
    const user = await api.me();
    setState({ status: 'signedIn', user });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    setState({ status: 'anonymous', expired: false });
  }, []);

  const refresh = useCallback(async () => {
    setState({ status: 'signedIn', user: await api.me() });
  }, []);

  return { state, login, logout, refresh };
}

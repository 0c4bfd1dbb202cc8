import { createContext, useContext } from 'react';
import type { User } from '../../../server/contract/responses.js';

/** The signed-in user, for screens that say "mine" (provided by the app's shell). */
export const CurrentUserContext = createContext<User | null>(null);

export function useCurrentUser(): User | null {
  return useContext(CurrentUserContext);
}

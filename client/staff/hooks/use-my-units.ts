import { api } from '../api.js';
import { useResource } from './use-resource.js';
import type { UnitRef } from '../../../server/contract/units.js';

/** The signed-in user's units and whether an admin of every unit (GET /api/auth/me, issue 24); empty until loaded. */
export function useMyUnits(): { units: UnitRef[]; siteAdmin: boolean; loaded: boolean } {
  const me = useResource(() => api.me(), []);
  return { units: me.data?.units ?? [], siteAdmin: me.data?.siteAdmin ?? false, loaded: me.data !== undefined };
}

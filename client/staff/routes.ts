/** The staff app's screens, their URLs and who may open them. Pure. */
import type { MessageKey } from './i18n.js';
import type { Role } from '../../server/contract/codes.js';

export type Route =
  | { name: 'home' }
  | { name: 'worklist' }
  | { name: 'overview' }
  | { name: 'flag'; id: string }
  | { name: 'plan'; id: string }
  | { name: 'patients' }
  | { name: 'invitations' }
  | { name: 'referrals' }
  | { name: 'indicators' }
  | { name: 'admin' }
  | { name: 'settings' }
  | { name: 'notFound' };

type RouteName = Route['name'];

/**
 * Which screens each role may open. Mirrors the server's role checks (least privilege; the server has
 * the last word): the team reads a response only once it was referred to it, and never decides it.
 */
const ACCESS: Record<Exclude<RouteName, 'home' | 'notFound'>, readonly Role[]> = {
  worklist: ['nurse', 'admin'],
  overview: ['nurse', 'admin'],
  flag: ['nurse', 'palliative_team', 'admin'],
  plan: ['nurse', 'admin'],
  patients: ['nurse', 'admin'],
  invitations: ['nurse', 'admin'],
  referrals: ['palliative_team', 'admin'],
  indicators: ['nurse', 'palliative_team', 'admin'],
  admin: ['admin'],
  settings: ['admin'],
};

/** May this role record the nurse's decision on a flag? */
export function canDecideFlags(role: Role): boolean {
  return role === 'nurse' || role === 'admin';
}

export function canOpen(role: Role, route: Route): boolean {
  if (route.name === 'home' || route.name === 'notFound') return true;
  return ACCESS[route.name].includes(role);
}

/** The menu for a role, in order: only the screens it may open. */
export function navigationFor(role: Role): { route: Route; label: MessageKey }[] {
  const all: { route: Route; label: MessageKey }[] = [
    { route: { name: 'worklist' }, label: 'navWorklist' },
    { route: { name: 'overview' }, label: 'navOverview' },
    { route: { name: 'referrals' }, label: 'navReferrals' },
    { route: { name: 'patients' }, label: 'navPatients' },
    { route: { name: 'invitations' }, label: 'navInvitations' },
    { route: { name: 'indicators' }, label: 'navIndicators' },
    { route: { name: 'admin' }, label: 'navAdmin' },
    { route: { name: 'settings' }, label: 'navSettings' },
  ];
  return all.filter((item) => canOpen(role, item.route));
}

/** Where a role lands after logging in. */
export function homeFor(role: Role): Route {
  return navigationFor(role)[0]?.route ?? { name: 'notFound' };
}

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/staff' || path === '/staff.html') return { name: 'home' };
  if (path === '/worklist') return { name: 'worklist' };
  if (path === '/overview') return { name: 'overview' };
  if (path === '/patients') return { name: 'patients' };
  if (path === '/invitations') return { name: 'invitations' };
  if (path === '/referrals') return { name: 'referrals' };
  if (path === '/indicators') return { name: 'indicators' };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/settings') return { name: 'settings' };
  const flag = /^\/flags\/([^/]+)(\/plan)?$/.exec(path);
  if (flag) return flag[2] ? { name: 'plan', id: decodeURIComponent(flag[1]!) } : { name: 'flag', id: decodeURIComponent(flag[1]!) };
  return { name: 'notFound' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'home':
    case 'notFound':
      return '/';
    case 'flag':
      return `/flags/${encodeURIComponent(route.id)}`;
    case 'plan':
      return `/flags/${encodeURIComponent(route.id)}/plan`;
    default:
      return `/${route.name}`;
  }
}

/**
 * Each screen's name in the document title (issue 15). Never a patient's name: the browser keeps
 * titles in its history, on a ward tablet that others use too.
 */
const TITLES: Record<Exclude<RouteName, 'home'>, MessageKey> = {
  worklist: 'worklistTitle',
  overview: 'overviewTitle',
  flag: 'titleResponse',
  plan: 'planTitle',
  patients: 'patientsTitle',
  invitations: 'invitationsTitle',
  referrals: 'navReferrals',
  admin: 'navAdmin',
  settings: 'settingsTitle',
  indicators: 'indicatorsTitle',
  notFound: 'titleNotFound',
};

export function titleOf(route: Route): MessageKey | null {
  return route.name === 'home' ? null : TITLES[route.name];
}

/** The menu entry a route belongs under (the detail and plan pages sit under the worklist). */
export function sectionOf(route: Route): RouteName {
  return route.name === 'flag' || route.name === 'plan' ? 'worklist' : route.name;
}

/** The staff app's screens, their URLs and who may open them. Pure. */
import type { MessageKey } from './i18n.js';
import { isOneOf, STAFF_ENTRY_MODES, type Role, type StaffEntryMode } from '../../server/contract/codes.js';
import { admits, ROUTES, rolesFor, type RouteSpec } from '../../server/contract/routes.js';

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
  // issue 23: staff users have their own menu entry (the audit log stays at /admin)
  | { name: 'users' }
  // issue 24: units and their settings
  | { name: 'units' }
  | { name: 'settings' }
  // issue 13: a patient's page, a form staff fill in with the patient or from paper, a blank form to print, a response as its form
  | { name: 'patient'; id: string }
  | { name: 'staffAnswer'; patientId: string; questionnaireId: string; mode: StaffAnswerMode }
  | { name: 'blankForm'; questionnaireId: string; patientId: string | null }
  | { name: 'responseForm'; id: string }
  // issue 21: the user's own account (two-step log-in, sessions)
  | { name: 'account' }
  | { name: 'notFound' };

/** The ways staff record a response (issue 13); `self` and `proxy` come through a link. */
export type StaffAnswerMode = StaffEntryMode;
export const isStaffAnswerMode = (value: string): value is StaffAnswerMode => isOneOf(STAFF_ENTRY_MODES, value);

type RouteName = Route['name'];

/**
 * The API routes each screen needs: a role may open a screen only when the server admits it to all
 * of them (least privilege; the roles are written once, in the contract's route table). The team
 * reads a response only once it was referred to it (the server checks that), and never decides it.
 */
const NEEDS: Record<Exclude<RouteName, 'home' | 'notFound'>, readonly RouteSpec[]> = {
  worklist: [ROUTES.flags, ROUTES.flagSummary],
  overview: [ROUTES.overview],
  flag: [ROUTES.flag],
  plan: [ROUTES.flag, ROUTES.decide],
  patients: [ROUTES.patients],
  invitations: [ROUTES.invitations],
  referrals: [ROUTES.referrals],
  indicators: [ROUTES.indicators],
  admin: [ROUTES.users, ROUTES.audit],
  users: [ROUTES.users, ROUTES.updateUser],
  units: [ROUTES.units, ROUTES.unitSettings, ROUTES.emergencyAccesses],
  settings: [ROUTES.updateSettings, ROUTES.createProgramme, ROUTES.updateProgramme],
  patient: [ROUTES.patientHistory, ROUTES.invitations],
  staffAnswer: [ROUTES.questionnaireForm, ROUTES.submitStaffResponse],
  // A blank form is printed for a paper answer, which comes back as a staff entry.
  blankForm: [ROUTES.questionnaireForm, ROUTES.submitStaffResponse],
  responseForm: [ROUTES.flag, ROUTES.questionnaireForm],
  account: [ROUTES.mySessions],
};

/** May this role record the nurse's decision on a flag? */
export function canDecideFlags(role: Role): boolean {
  return admits(ROUTES.decide, role);
}

export function canOpen(role: Role, route: Route): boolean {
  if (route.name === 'home' || route.name === 'notFound') return true;
  return rolesFor(...NEEDS[route.name]).includes(role);
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
    { route: { name: 'users' }, label: 'navUsers' },
    { route: { name: 'units' }, label: 'navUnits' },
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
  if (path === '/users') return { name: 'users' };
  if (path === '/units') return { name: 'units' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/account') return { name: 'account' };
  const flag = /^\/flags\/([^/]+)(\/plan|\/form)?$/.exec(path);
  if (flag) return { name: flag[2] === '/plan' ? 'plan' : flag[2] === '/form' ? 'responseForm' : 'flag', id: decodeURIComponent(flag[1]!) };
  const patient = /^\/patients\/([^/]+)(?:\/(assisted|paper|print)\/([^/]+))?$/.exec(path);
  if (patient) {
    const [, id, action, questionnaire] = patient.map((part) => (part === undefined ? undefined : decodeURIComponent(part)));
    if (!action) return { name: 'patient', id: id! };
    if (action === 'print') return { name: 'blankForm', questionnaireId: questionnaire!, patientId: id! };
    if (isStaffAnswerMode(action)) return { name: 'staffAnswer', patientId: id!, questionnaireId: questionnaire!, mode: action };
  }
  const blank = /^\/questionnaires\/([^/]+)\/print$/.exec(path);
  if (blank) return { name: 'blankForm', questionnaireId: decodeURIComponent(blank[1]!), patientId: null };
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
    case 'responseForm':
      return `/flags/${encodeURIComponent(route.id)}/form`;
    case 'patient':
      return `/patients/${encodeURIComponent(route.id)}`;
    case 'staffAnswer':
      return `/patients/${encodeURIComponent(route.patientId)}/${route.mode}/${encodeURIComponent(route.questionnaireId)}`;
    case 'blankForm':
      return route.patientId === null
        ? `/questionnaires/${encodeURIComponent(route.questionnaireId)}/print`
        : `/patients/${encodeURIComponent(route.patientId)}/print/${encodeURIComponent(route.questionnaireId)}`;
    default:
      return `/${route.name}`;
  }
}

/**
 * Each screen's name in the document title (issue 15). Never a patient's name: the browser keeps
 * titles in its history, on a ward tablet that others use too.
 */
const TITLES: Record<Exclude<RouteName, 'home' | 'staffAnswer'>, MessageKey> = {
  worklist: 'worklistTitle',
  overview: 'overviewTitle',
  flag: 'titleResponse',
  plan: 'planTitle',
  patients: 'patientsTitle',
  invitations: 'invitationsTitle',
  referrals: 'navReferrals',
  admin: 'navAdmin',
  users: 'usersTitle',
  units: 'unitsTitle',
  settings: 'settingsTitle',
  indicators: 'indicatorsTitle',
  patient: 'titlePatient',
  blankForm: 'titleBlankForm',
  responseForm: 'titleResponseForm',
  account: 'accountTitle',
  notFound: 'titleNotFound',
};

export function titleOf(route: Route): MessageKey | null {
  if (route.name === 'home') return null;
  // The assisted and the paper form are different tasks: each its own title (issue 23).
  if (route.name === 'staffAnswer') return route.mode === 'paper' ? 'titleStaffAnswerPaper' : 'titleStaffAnswerAssisted';
  return TITLES[route.name];
}

/** The menu entry a route belongs under (the detail, its form and the plan sit under the worklist; a patient's pages under Patients). */
export function sectionOf(route: Route): RouteName {
  if (route.name === 'flag' || route.name === 'plan' || route.name === 'responseForm') return 'worklist';
  if (route.name === 'patient' || route.name === 'staffAnswer' || route.name === 'blankForm') return 'patients';
  return route.name;
}

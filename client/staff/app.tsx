import { lazy, Suspense, useEffect, useState } from 'react';
import { roleLabel, type MessageKey } from './i18n.js';
import { LangContext, useLang, useLangState } from './hooks/use-lang.js';
import { CurrentUserContext } from './hooks/use-current-user.js';
import { useRoute } from './hooks/use-route.js';
import { useSession } from './hooks/use-session.js';
import { useDocumentTitle, useFocusHeadingOnChange } from './hooks/use-screen.js';
import { AnnouncerProvider } from './components/announcer.js';
import { canDecideFlags, canOpen, homeFor, hrefFor, navigationFor, sectionOf, titleOf, type Route } from './routes.js';
import type { User } from '../../server/contract/responses.js';
import { LanguageSwitch } from './components/language-switch.js';
import { Link, NavigateContext } from './components/link.js';
import { Loading } from './components/messages.js';
import { PhoneMissingNotice } from './components/phone-missing-notice.js';
import { AuditScreen } from './screens/audit.js';
import { UsersScreen } from './screens/users.js';
import { UnitsScreen } from './screens/units.js';
import { FlagDetailScreen } from './screens/flag-detail.js';
import { IndicatorsScreen } from './screens/indicators.js';
import { InvitationsScreen } from './screens/invitations.js';
import { LoginScreen, refusalOf, SecondFactorScreen } from './screens/login.js';
import { AccountScreen } from './screens/account.js';
import { RecoveryCodes } from './components/second-factor-setup.js';
import { PasswordChangeForm } from './screens/password-change.js';
import { OverviewScreen } from './screens/overview.js';
import { PatientsScreen } from './screens/patients.js';
import { PlanScreen } from './screens/plan.js';
import { ReferralsScreen } from './screens/referrals.js';
import { SettingsScreen } from './screens/settings.js';
import { WorklistScreen } from './screens/worklist.js';
import { PatientScreen } from './screens/patient.js';
import { removeStaffDraftsOf } from './logic/answering.js';

// SurveyJS only where a form is shown (issue 13): the worklist and the rest never download it.
const StaffAnswerScreen = lazy(() => import('./forms/form-screens.js').then((m) => ({ default: m.StaffAnswerScreen })));
const BlankFormScreen = lazy(() => import('./forms/form-screens.js').then((m) => ({ default: m.BlankFormScreen })));
const ResponseFormScreen = lazy(() => import('./forms/form-screens.js').then((m) => ({ default: m.ResponseFormScreen })));

/** Logging out on a shared tablet leaves none of this user's unsaved answers behind. */
function forgetDrafts(userId: string): void {
  try {
    removeStaffDraftsOf(window.localStorage, userId);
  } catch {
    // storage unavailable: nothing was kept
  }
}

export function App() {
  const langState = useLangState();
  const session = useSession();
  const { location, navigate } = useRoute();
  const [changingPassword, setChangingPassword] = useState(false);
  // The password form closes when the user goes to another screen.
  useEffect(() => setChangingPassword(false), [location]);

  const signedIn = session.state.status === 'signedIn' ? session.state.user : null;
  useEffect(() => {
    if (signedIn && location.route.name === 'home') navigate(homeFor(signedIn.role), { replace: true });
  }, [signedIn, location.route.name, navigate]);

  // One title and one focus move per screen, for every screen (issue 15).
  const status = session.state.status;
  const forced = status === 'signedIn' && session.state.user.mustChangePassword;
  const screen = status !== 'signedIn' ? status : session.recoveryCodes ? 'recovery-codes' : forced ? 'forced-password' : changingPassword ? 'password' : hrefFor(location.route);
  const titleKey =
    status === 'checking' ? null
    : status === 'anonymous' ? 'loginTitle'
    : status === 'secondFactor' ? (session.state.step === 'enrol' ? 'secondFactorSetupTitle' : 'secondFactorTitle')
    : session.recoveryCodes ? 'recoveryCodesTitle'
    : forced ? 'changePasswordTitle' : changingPassword ? 'titlePasswordChange' : titleOf(location.route);
  useDocumentTitle(titleKey ? langState.t(titleKey) : null, langState.t);
  useFocusHeadingOnChange(screen);

  return (
    <LangContext.Provider value={langState}>
      <NavigateContext.Provider value={navigate}>
        {session.state.status === 'checking' ? (
          <main id="main"><Loading /></main>
        ) : session.state.status === 'anonymous' ? (
          <LoginScreen
            expired={session.state.expired} secondFactorExpired={session.state.secondFactorExpired === true} onLogin={session.login}
            options={session.signInOptions} refusal={refusalOf(location.search)}
          />
        ) : session.state.status === 'secondFactor' ? (
          <SecondFactorScreen key={session.state.step} step={session.state.step} onCode={session.submitCode} onStartOver={() => void session.logout()} />
        ) : session.recoveryCodes ? (
          // Two-step log-in was set up during this log-in: its recovery codes, once, before anything else.
          <main id="main" className="login">
            <div className="login-box">
              <h1>{langState.t('appName')} <span className="muted">{langState.t('staffSubtitle')}</span></h1>
              <RecoveryCodes codes={session.recoveryCodes} onDone={session.dismissRecoveryCodes} />
            </div>
          </main>
        ) : session.state.user.mustChangePassword ? (
          // After an admin's password reset: nothing but choosing a new password (the server allows nothing else).
          <main id="main" className="login">
            <div className="login-box">
              <div className="login-head">
                <h1>{langState.t('appName')} <span className="muted">{langState.t('staffSubtitle')}</span></h1>
                <LanguageSwitch />
              </div>
              <PasswordChangeForm forced onChanged={session.refresh} />
              <button type="button" className="link-button" onClick={() => void session.logout()}>{langState.t('logout')}</button>
            </div>
          </main>
        ) : (
          <CurrentUserContext.Provider value={session.state.user}>
            <AnnouncerProvider screen={screen}>
              <Shell
                user={session.state.user}
                route={location.route}
                onLogout={() => {
                  if (session.state.status === 'signedIn') forgetDrafts(session.state.user.id);
                  void session.logout();
                }} onChangePassword={() => setChangingPassword((v) => !v)}>
                {changingPassword ? <PasswordChangeForm forced={false} onChanged={() => undefined} /> : <Screen user={session.state.user} route={location.route} search={location.search} />}
              </Shell>
            </AnnouncerProvider>
          </CurrentUserContext.Provider>
        )}
      </NavigateContext.Provider>
    </LangContext.Provider>
  );
}

function Shell({ user, route, onLogout, onChangePassword, children }: { user: User; route: Route; onLogout: () => void; onChangePassword: () => void; children: React.ReactNode }) {
  const { lang, t } = useLang();
  // The team reads a referred response from its queue: keep the queue marked in the menu.
  const section = (route.name === 'flag' || route.name === 'responseForm') && !canDecideFlags(user.role) ? 'referrals' : sectionOf(route);
  return (
    <>
      <a className="skip-link" href="#main">{t('skipToContent')}</a>
      <header className="topbar no-print">
        <span className="brand">{t('appName')} <span className="brand-sub">{t('staffSubtitle')}</span></span>
        <nav aria-label={t('navMain')}>
          <ul>
            {navigationFor(user.role).map((item) => (
              <li key={item.route.name}>
                <Link to={item.route} aria-current={section === item.route.name ? 'page' : undefined}>{t(item.label as MessageKey)}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-right">
          <span className="user">{t('loggedInAs', { name: user.username, role: roleLabel(user.role, lang) })}</span>
          <LanguageSwitch />
          <Link to={{ name: 'account' }} className="standalone-link" aria-current={section === 'account' ? 'page' : undefined}>{t('navAccount')}</Link>
          <button type="button" className="link-button" onClick={onChangePassword}>{t('changePassword')}</button>
          <button type="button" className="link-button" onClick={onLogout}>{t('logout')}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}

function Screen({ user, route, search }: { user: User; route: Route; search: string }) {
  const { t } = useLang();
  if (!canOpen(user.role, route)) return <p role="alert" className="notice notice-error">{t('notAllowed')}</p>;
  switch (route.name) {
    case 'home':
      return <Loading />;
    case 'worklist':
      return (
        <>
          <PhoneMissingNotice role={user.role} />
          <WorklistScreen search={search} />
        </>
      );
    case 'overview':
      return <OverviewScreen />;
    case 'flag':
      return <FlagDetailScreen id={route.id} role={user.role} />;
    case 'plan':
      return <PlanScreen id={route.id} />;
    case 'patients':
      return <PatientsScreen />;
    case 'invitations':
      return <InvitationsScreen />;
    case 'referrals':
      return <ReferralsScreen />;
    case 'indicators':
      return <IndicatorsScreen role={user.role} />;
    case 'admin':
      return <AuditScreen />;
    case 'users':
      return <UsersScreen />;
    case 'units':
      return <UnitsScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'account':
      return <AccountScreen />;
    case 'patient':
      return <PatientScreen id={route.id} search={search} />;
    case 'staffAnswer':
      return <Suspense fallback={<Loading />}><StaffAnswerScreen patientId={route.patientId} questionnaireId={route.questionnaireId} mode={route.mode} userId={user.id} /></Suspense>;
    case 'blankForm':
      return <Suspense fallback={<Loading />}><BlankFormScreen questionnaireId={route.questionnaireId} patientId={route.patientId} /></Suspense>;
    case 'responseForm':
      return <Suspense fallback={<Loading />}><ResponseFormScreen flagId={route.id} role={user.role} /></Suspense>;
    default:
      return <p>{t('notFound')}</p>;
  }
}

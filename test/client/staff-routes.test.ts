import { describe, expect, it } from 'vitest';
import { canDecideFlags, canOpen, homeFor, hrefFor, navigationFor, parseRoute, sectionOf, titleOf, type Route } from '../../client/staff/routes.js';
import { translator } from '../../client/staff/i18n.js';

describe('staff routes', () => {
  it('parses and builds every route', () => {
    const routes: Route[] = [
      { name: 'worklist' }, { name: 'flag', id: '12' }, { name: 'plan', id: '12' }, { name: 'patients' },
      { name: 'invitations' }, { name: 'referrals' }, { name: 'indicators' }, { name: 'admin' }, { name: 'users' }, { name: 'units' }, { name: 'settings' },
      { name: 'patient', id: 'p/1' }, { name: 'responseForm', id: '12' },
      { name: 'staffAnswer', patientId: '7', questionnaireId: 'palliative-needs', mode: 'assisted' },
      { name: 'staffAnswer', patientId: '7', questionnaireId: 'palliative-needs', mode: 'paper' },
      { name: 'blankForm', questionnaireId: 'palliative-needs', patientId: '7' }, { name: 'blankForm', questionnaireId: 'palliative-needs', patientId: null },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/worklist/')).toEqual({ name: 'worklist' });
    expect(parseRoute('/nowhere')).toEqual({ name: 'notFound' });
    expect(parseRoute('/flags/a%2Fb')).toEqual({ name: 'flag', id: 'a/b' });
    expect(parseRoute('/patients/7/self/palliative-needs')).toEqual({ name: 'notFound' });
  });

  it('shows a nurse the worklist and patients, never the team queue or admin', () => {
    expect(navigationFor('nurse').map((n) => n.route.name)).toEqual(['worklist', 'overview', 'patients', 'invitations', 'indicators']);
    expect(canOpen('nurse', { name: 'referrals' })).toBe(false);
    expect(canOpen('nurse', { name: 'admin' })).toBe(false);
    expect(canOpen('nurse', { name: 'users' })).toBe(false);
    expect(canOpen('nurse', { name: 'units' })).toBe(false);
    expect(canOpen('admin', { name: 'units' })).toBe(true);
    expect(canOpen('nurse', { name: 'settings' })).toBe(false);
    expect(canOpen('nurse', { name: 'flag', id: '1' })).toBe(true);
  });

  it('shows the palliative team only its referral queue, and lets it read (not decide) a referred response', () => {
    expect(navigationFor('palliative_team').map((n) => n.route.name)).toEqual(['referrals', 'indicators']);
    expect(canOpen('palliative_team', { name: 'worklist' })).toBe(false);
    expect(canOpen('palliative_team', { name: 'patients' })).toBe(false);
    expect(canOpen('palliative_team', { name: 'flag', id: '1' })).toBe(true);
    expect(canOpen('palliative_team', { name: 'plan', id: '1' })).toBe(false);
    expect(canDecideFlags('palliative_team')).toBe(false);
    expect(canDecideFlags('nurse')).toBe(true);
  });

  it('gives an admin every screen, as the server does', () => {
    expect(navigationFor('admin').map((n) => n.route.name)).toEqual(['worklist', 'overview', 'referrals', 'patients', 'invitations', 'indicators', 'users', 'units', 'admin', 'settings']);
  });

  it('lands each role on its first screen', () => {
    expect(homeFor('nurse')).toEqual({ name: 'worklist' });
    expect(homeFor('palliative_team')).toEqual({ name: 'referrals' });
    expect(homeFor('admin')).toEqual({ name: 'worklist' });
  });

  it('keeps the detail and plan pages under the worklist in the menu', () => {
    expect(sectionOf({ name: 'flag', id: '1' })).toBe('worklist');
    expect(sectionOf({ name: 'plan', id: '1' })).toBe('worklist');
    expect(sectionOf({ name: 'referrals' })).toBe('referrals');
  });

  it('names every screen in the document title in both languages, never with a patient', () => {
    expect(translator('da')('titleSuffix', { title: translator('da')(titleOf({ name: 'worklist' })!) })).toBe('Arbejdsliste – Lindring');
    expect(translator('en')('titleSuffix', { title: translator('en')(titleOf({ name: 'worklist' })!) })).toBe('Worklist – Lindring');
    expect(translator('da')(titleOf({ name: 'flag', id: '1' })!)).toBe('Besvarelse');
    expect(titleOf({ name: 'home' })).toBeNull();
    // The assisted and the paper form each have their own title.
    const assisted = titleOf({ name: 'staffAnswer', patientId: 'p', questionnaireId: 'q', mode: 'assisted' })!;
    const paper = titleOf({ name: 'staffAnswer', patientId: 'p', questionnaireId: 'q', mode: 'paper' })!;
    expect([translator('da')(assisted), translator('da')(paper)]).toEqual(['Udfyld sammen med patienten', 'Indtast papirskema']);
  });

  it('keeps a patient\'s pages under Patients and a response\'s form under the worklist; the team reads a form but never enters one', () => {
    expect(sectionOf({ name: 'patient', id: '1' })).toBe('patients');
    expect(sectionOf({ name: 'staffAnswer', patientId: '1', questionnaireId: 'q', mode: 'paper' })).toBe('patients');
    expect(sectionOf({ name: 'blankForm', patientId: null, questionnaireId: 'q' })).toBe('patients');
    expect(sectionOf({ name: 'responseForm', id: '1' })).toBe('worklist');
    expect(canOpen('palliative_team', { name: 'responseForm', id: '1' })).toBe(true);
    expect(canOpen('palliative_team', { name: 'staffAnswer', patientId: '1', questionnaireId: 'q', mode: 'assisted' })).toBe(false);
    expect(canOpen('palliative_team', { name: 'patient', id: '1' })).toBe(false);
    expect(canOpen('nurse', { name: 'blankForm', patientId: '1', questionnaireId: 'q' })).toBe(true);
  });
});

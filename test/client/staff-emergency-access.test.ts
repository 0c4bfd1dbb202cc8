/** Breaking the glass from the staff app (issue 24): the form's checks by the shared schema, the patient page's banner. */
import { describe, expect, it } from 'vitest';
import { emergencyAccessProblems, emergencyBannerText } from '../../client/staff/logic/emergency-access.js';
import { translator } from '../../client/staff/i18n.js';

describe('emergencyAccessProblems', () => {
  it('asks for a reason, also when it is only blanks, and an external id by the new-patient rule', () => {
    expect(emergencyAccessProblems({ externalId: 'DEMO-1001', reason: 'Akut indlagt' })).toEqual({});
    expect(emergencyAccessProblems({ externalId: 'DEMO-1001', reason: '   ' })).toEqual({ reason: 'emergencyReasonRequired' });
    expect(emergencyAccessProblems({ externalId: 'DEMO 1001', reason: '' })).toEqual({ externalId: 'externalIdRule', reason: 'emergencyReasonRequired' });
  });
});

describe('emergencyBannerText', () => {
  const now = new Date(2026, 11, 5, 10, 0);
  it('says until when (the time on the same day) and why, in Danish and English', () => {
    const access = { expiresAt: new Date(2026, 11, 5, 14, 30).toISOString(), reason: 'Indlagt akut' };
    expect(emergencyBannerText(access, 'da', translator('da'), now)).toBe('Nødadgang til kl. 14.30 — begrundelse: Indlagt akut');
    expect(emergencyBannerText(access, 'en', translator('en'), now)).toBe('Emergency access until 14:30 — reason: Indlagt akut');
  });
  it('names the day when it ends on another one', () => {
    const access = { expiresAt: new Date(2026, 11, 6, 2, 15).toISOString(), reason: 'Natlig indlæggelse' };
    expect(emergencyBannerText(access, 'da', translator('da'), new Date(2026, 11, 5, 22, 15))).toBe('Nødadgang til 6. dec. kl. 02.15 — begrundelse: Natlig indlæggelse');
  });
});

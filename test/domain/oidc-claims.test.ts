import { describe, expect, it } from 'vitest';
import {
  fullNameFromClaims, groupsFromClaims, roleFromClaims, safeReturnPath, showsSecondFactor, unitIdsFromClaims, usernameFromClaims, type OidcMapping,
} from '../../server/domain/oidc-claims.js';

const MAPPING: OidcMapping = {
  groupClaim: 'groups',
  groups: [
    { group: 'team', role: 'palliative_team', unitIds: ['u-team'] },
    { group: 'nurses', role: 'nurse', unitIds: ['u-a', 'u-b'] },
    { group: 'ward-b', role: 'nurse', unitIds: ['u-b', 'u-c'] },
  ],
};

describe('the group mapping', () => {
  it.each([
    [['nurses'], 'nurse'],
    [['nurses', 'team'], 'palliative_team'],
    [['kitchen'], null],
    [[], null],
  ] as const)('groups %j give the role %s (the first listed group wins)', (groups, role) => {
    expect(roleFromClaims({ groups: [...groups] }, MAPPING)).toBe(role);
  });

  it('gives no role without the claim, or with a claim that is not a list of strings', () => {
    expect(roleFromClaims({}, MAPPING)).toBeNull();
    expect(roleFromClaims({ groups: [42, { name: 'nurses' }] }, MAPPING)).toBeNull();
  });

  it('reads one group given as a string, another claim name, and a dotted nested claim', () => {
    expect(groupsFromClaims({ groups: 'nurses' }, 'groups')).toEqual(['nurses']);
    expect(roleFromClaims({ roles: ['team'] }, { ...MAPPING, groupClaim: 'roles' })).toBe('palliative_team');
    expect(groupsFromClaims({ realm_access: { roles: ['nurses'] } }, 'realm_access.roles')).toEqual(['nurses']);
  });

  it('unitIdsFromClaims gives the units of every mapped group the user is in, each once', () => {
    expect(unitIdsFromClaims({ groups: ['nurses', 'ward-b', 'kitchen'] }, MAPPING)).toEqual(['u-a', 'u-b', 'u-c']);
    expect(unitIdsFromClaims({ groups: ['kitchen'] }, MAPPING)).toEqual([]);
  });
});

describe('a second factor at the provider (OIDC_REQUIRE_MFA)', () => {
  it.each([
    [{ amr: ['pwd'] }, false],
    [{}, false],
    [{ amr: 'mfa' }, false],
    [{ amr: ['pwd', 'pwd'] }, false],
    [{ acr: '1' }, false],
    [{ acr: 'https://data.gov.dk/concept/core/nsis/low' }, false],
    [{ amr: ['mfa'] }, true],
    [{ amr: ['pwd', 'otp'] }, true],
    [{ amr: ['hwk'] }, true],
    [{ amr: ['pwd', 'kba'] }, true],
    [{ acr: 'https://data.gov.dk/concept/core/nsis/substantial' }, true],
    [{ acr: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' }, true],
  ])('%j shows a second factor: %s', (claims, expected) => {
    expect(showsSecondFactor(claims)).toBe(expected);
  });
});

describe('a new user from the claims', () => {
  it.each([
    [{ preferred_username: 'anne.hansen' }, 'anne.hansen'],
    [{ preferred_username: 'anne@region.dk' }, 'anne'],
    [{ email: 'Søren.Ærø@region.dk' }, 'Soeren.Aeroe'],
    [{ preferred_username: 'José María' }, 'Jose.Maria'],
    [{ preferred_username: 'x' }, 'user-x'],
    [{}, 'user'],
    [{ preferred_username: '<script>' }, 'script'],
  ])('%j is the username %s', (claims, username) => {
    const name = usernameFromClaims(claims);
    expect(name).toBe(username);
    expect(name).toMatch(/^[A-Za-z0-9._-]{2,64}$/);
  });

  it('takes the full name from name, else given and family name, without control or direction characters', () => {
    expect(fullNameFromClaims({ name: 'Anne Hansen' })).toBe('Anne Hansen');
    expect(fullNameFromClaims({ given_name: 'Anne', family_name: 'Hansen' })).toBe('Anne Hansen');
    expect(fullNameFromClaims({ name: 'Anne\u202e Hansen\n' })).toBe('Anne Hansen');
    expect(fullNameFromClaims({})).toBeNull();
  });
});

describe('the path to return to after the sign-in', () => {
  it.each([
    ['/worklist', '/worklist'],
    ['/flags/abc-123', '/flags/abc-123'],
    ['/patients?query=x', '/patients?query=x'],
    ['/', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/api/users', '/'],
    ['/answer/token', '/'],
    ['javascript:alert(1)', '/'],
    [undefined, '/'],
  ])('%s returns to %s', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });
});

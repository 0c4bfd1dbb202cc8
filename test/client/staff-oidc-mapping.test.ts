import { describe, expect, it } from 'vitest';
import { settingsPatchSchema } from '../../server/contract/settings.js';
import { mappingDraftOf, mappingPatchOf, withNewRow } from '../../client/staff/logic/oidc-mapping.js';

const STORED = { groupClaim: 'groups', groups: [{ group: 'nurses', role: 'nurse' as const, unitIds: ['u-a', 'u-b'] }, { group: 'team', role: 'palliative_team' as const, unitIds: [] }] };

describe('the group mapping form', () => {
  it('shows the stored mapping as rows and saves it back unchanged', () => {
    const draft = mappingDraftOf(STORED);
    expect(draft.rows.map((r) => r.unitIds)).toEqual([['u-a', 'u-b'], []]);
    expect(mappingPatchOf(draft)).toEqual({ oidc: STORED });
    expect(settingsPatchSchema.parse(mappingPatchOf(draft))).toEqual({ oidc: STORED });
  });

  it('adds a nurse row with a key of its own, drops rows without a group, and trims what was typed', () => {
    const draft = withNewRow(mappingDraftOf(STORED));
    expect(draft.rows.at(-1)).toEqual({ key: 2, group: '', role: 'nurse', unitIds: [] });
    expect(mappingPatchOf(draft)).toEqual({ oidc: STORED });
    const typed = { groupClaim: ' roles ', rows: [{ key: 0, group: ' admins ', role: 'admin' as const, unitIds: ['u-1', 'u-2', 'u-3'] }] };
    expect(mappingPatchOf(typed)).toEqual({ oidc: { groupClaim: 'roles', groups: [{ group: 'admins', role: 'admin', unitIds: ['u-1', 'u-2', 'u-3'] }] } });
    expect(withNewRow({ groupClaim: 'groups', rows: [] }).rows[0]!.key).toBe(0);
  });
});

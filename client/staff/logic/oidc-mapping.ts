/**
 * The Settings page's group mapping for the hospital's sign-in (issue 24): the provider's groups as
 * rows of the form and back to `PUT /api/settings {"oidc": …}`. Pure.
 */
import type { Role } from '../../../server/contract/codes.js';
import type { SettingsPatch, SiteSettings } from '../../../server/contract/settings.js';

export interface MappingRow {
  /** Keeps React's rows apart while one is typed in. */
  key: number;
  group: string;
  role: Role;
  /** The units the group gives, ticked in the form's unit picker (an id no unit has any more is kept as it was). */
  unitIds: string[];
}

export interface MappingDraft {
  groupClaim: string;
  rows: MappingRow[];
}

export function mappingDraftOf(oidc: SiteSettings['oidc']): MappingDraft {
  return { groupClaim: oidc.groupClaim, rows: oidc.groups.map((g, key) => ({ key, group: g.group, role: g.role, unitIds: [...g.unitIds] })) };
}

/** A new row, keyed after the others, for a nurse by default (the least a mapped group gives). */
export function withNewRow(draft: MappingDraft): MappingDraft {
  const key = Math.max(-1, ...draft.rows.map((r) => r.key)) + 1;
  return { ...draft, rows: [...draft.rows, { key, group: '', role: 'nurse', unitIds: [] }] };
}

/** The patch: rows left without a group are dropped; the server checks the rest (a role, a repeated group). */
export function mappingPatchOf(draft: MappingDraft): SettingsPatch {
  const groups = draft.rows
    .filter((r) => r.group.trim() !== '')
    .map((r) => ({ group: r.group.trim(), role: r.role, unitIds: [...r.unitIds] }));
  return { oidc: { groupClaim: draft.groupClaim.trim(), groups } };
}

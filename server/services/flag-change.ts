/**
 * Every change to a flag's life goes through here (issue 22): read the row, ask the pure
 * `transition` (domain/flag-state.ts), write its change with `updateFlag` while what the answer
 * depends on (`dependsOn`) is still as read. When someone changed that in between, the row is read
 * again and the event judged anew, so a lost race is refused with the code the flag's state now
 * calls for (flag_already_decided, flag_closed, flag_not_closed...), as before.
 */
import { dependsOn, transition, type FlagEvent, type FlagRefusal } from '../domain/flag-state.js';
import type { Db } from '../storage/database.js';
import { findFlagOwnership, updateFlag, type FlagOwnershipRow } from '../storage/flags.js';
import { ServiceError } from './errors.js';

export type FlagChangeResult = { ok: true; before: FlagOwnershipRow } | { ok: false; refusal: FlagRefusal; before: FlagOwnershipRow };

/** Reads of a row changed under us before we give up; each one means another writer committed in between. */
const ATTEMPTS = 5;

/** Applies `event` to flag `id` inside the caller's transaction; 404 flag_not_found when there is no such flag. */
export async function changeFlag(tx: Db, id: string, event: FlagEvent): Promise<FlagChangeResult> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const before = await findFlagOwnership(tx, id);
    if (!before) throw new ServiceError('not_found', 'flag_not_found', 'No such flag');
    const result = transition(before, event);
    if (!result.ok) return { ok: false, refusal: result.refusal, before };
    if (await updateFlag(tx, id, dependsOn(before), result.change)) return { ok: true, before };
  }
  throw new Error(`Flag ${id} kept changing while ${event.type} was applied`);
}

/** As changeFlag, and a refusal is thrown as the ServiceError the API answers with. */
export async function changeFlagOrFail(tx: Db, id: string, event: FlagEvent): Promise<FlagOwnershipRow> {
  const result = await changeFlag(tx, id, event);
  if (result.ok) return result.before;
  const { kind, code, message, details } = result.refusal;
  if (code === 'flag_already_escalated' || code === 'flag_already_opened') throw new Error(`Flag ${id}: ${message}`);
  throw new ServiceError(kind, code, message, details);
}

/**
 * A paper entry is checked against the paper by a second staff user before its flag is open
 * (issue 13): two people, so a misread answer is caught before a nurse acts on its scores.
 */
import type { VerificationResult } from '../contract/responses.js';
import { findFlagOfResponse } from '../storage/flags.js';
import { findResponse, markVerified } from '../storage/responses.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { requireResponseAccess } from './access.js';
import { changeFlag } from './flag-change.js';
import { transaction } from '../storage/transaction.js';

/** 404 for no such response; 409 when it is not an unverified paper entry, or when the verifier entered it. */
export async function verifyResponse(ctx: ServiceContext, by: StaffActor, responseId: string): Promise<VerificationResult> {
  await requireResponseAccess(ctx, by, responseId);
  const now = ctx.now();
  const at = now.toISOString();
  return transaction(ctx.db, async (tx) => {
    const response = await findResponse(tx, responseId);
    const flag = response && (await findFlagOfResponse(tx, responseId));
    if (!response || !flag) throw new ServiceError('not_found', 'response_not_found', 'No such response');
    if (response.mode !== 'paper' || response.verified_at !== null) {
      throw new ServiceError('conflict', 'not_awaiting_verification', 'Only a paper entry is verified, once', { mode: response.mode, verifiedAt: response.verified_at });
    }
    if (response.recorded_by === by.id) {
      throw new ServiceError('conflict', 'verifier_is_recorder', 'Another staff user checks the transcription against the paper: not the one who entered it');
    }
    if (!(await markVerified(tx, responseId, { id: by.id, at }))) throw new ServiceError('conflict', 'not_awaiting_verification', 'This paper entry was verified meanwhile');
    // The flag opens when it was awaiting this check; the entry counts as verified whatever its flag's status (domain/flag-state.ts).
    await changeFlag(tx, flag.id, { type: 'verify', at });
    await recordAudit(tx, by, now, { action: 'response.verified', entityType: 'response', entityId: responseId, patientId: response.patient_id, details: { flagId: flag.id, recordedBy: response.recorded_by } });
    const status = (await findFlagOfResponse(tx, responseId))!.status;
    return { responseId, flagId: flag.id, status, verifiedBy: { id: by.id, username: by.username }, verifiedAt: at };
  });
}

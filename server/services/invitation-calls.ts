/** The call list (issue 23): a nurse records what came of a call to a patient who has not answered. */
import type { CallOutcome } from '../contract/codes.js';
import type { NewInvitationCall } from '../contract/requests.js';
import type { InvitationCall } from '../contract/responses.js';
import type { Db } from '../storage/database.js';
import { callsOfInvitations, insertInvitationCall } from '../storage/invitation-calls.js';
import { findInvitationById, STAFF_ENTRY_KEY_PREFIX } from '../storage/invitations.js';
import { transaction } from '../storage/transaction.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { requireInvitationAccess } from './access.js';

/** Records a call about a link not yet answered, audited (the outcome, not the note: it may name people). 404 for no such link, 409 once answered. */
export async function recordInvitationCall(ctx: ServiceContext, by: StaffActor, invitationId: string, input: NewInvitationCall): Promise<InvitationCall> {
  await requireInvitationAccess(ctx, by, invitationId);
  const now = ctx.now();
  const at = now.toISOString();
  const id = ctx.newId();
  const note = input.note ? input.note : null;
  return transaction(ctx.db, async (tx) => {
    const invitation = await findInvitationById(tx, invitationId);
    // A staff entry's own invitation is no link anybody was asked to answer.
    if (!invitation || invitation.token_hash.startsWith(STAFF_ENTRY_KEY_PREFIX)) throw new ServiceError('not_found', 'invitation_not_found', 'No such invitation');
    if (invitation.answered_at !== null) throw new ServiceError('conflict', 'invitation_answered', 'This link has been answered: there is no one to call about it');
    await insertInvitationCall(tx, { id, invitation_id: invitationId, patient_id: invitation.patient_id, outcome: input.outcome, note, called_by: by.id, called_at: at });
    await recordAudit(tx, by, now, {
      action: 'invitation.call_recorded', entityType: 'invitation', entityId: invitationId, patientId: invitation.patient_id,
      details: { callId: id, outcome: input.outcome, note: note !== null },
    });
    return { id, invitationId, outcome: input.outcome, note, calledAt: at, calledBy: { id: by.id, username: by.username } };
  });
}

/** The calls about these invitations, by invitation, newest first. */
export async function callsByInvitation(db: Db, invitationIds: readonly string[]): Promise<Map<string, InvitationCall[]>> {
  const byInvitation = new Map<string, InvitationCall[]>();
  for (const r of await callsOfInvitations(db, invitationIds)) {
    const list = byInvitation.get(r.invitation_id) ?? [];
    list.push({ id: r.id, invitationId: r.invitation_id, outcome: r.outcome as CallOutcome, note: r.note, calledAt: r.called_at, calledBy: { id: r.called_by_id, username: r.called_by_username } });
    byInvitation.set(r.invitation_id, list);
  }
  return byInvitation;
}

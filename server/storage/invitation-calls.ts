/** The nurses' calls to patients who have not answered (migration 0019, issue 23). */
import type { Db, NewRow } from './database.js';

export async function insertInvitationCall(db: Db, call: NewRow<'invitation_calls'>): Promise<void> {
  await db.insertInto('invitation_calls').values(call).execute();
}

/** The calls about these invitations with who called, newest first. */
export async function callsOfInvitations(db: Db, invitationIds: readonly string[]) {
  if (invitationIds.length === 0) return [];
  return db
    .selectFrom('invitation_calls')
    .innerJoin('staff_users', 'staff_users.id', 'invitation_calls.called_by')
    .select([
      'invitation_calls.id', 'invitation_calls.invitation_id', 'invitation_calls.outcome', 'invitation_calls.note', 'invitation_calls.called_at',
      'staff_users.id as called_by_id', 'staff_users.username as called_by_username',
    ])
    .where('invitation_calls.invitation_id', 'in', invitationIds)
    .orderBy('invitation_calls.called_at', 'desc')
    .orderBy('invitation_calls.id', 'desc')
    .execute();
}

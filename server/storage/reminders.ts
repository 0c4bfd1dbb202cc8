/** Invitations due a reminder, their progress through the schedule, and the reminders' extra tokens. */
import { sql } from 'kysely';
import type { Db, NewRow } from './database.js';
import type { InvitationRow } from './invitations.js';

export interface ReminderCandidate {
  id: string;
  patient_id: string;
  created_at: string;
  reminder_step: number;
  email: string | null;
  mobile: string | null;
}

/** Open invitations at schedule step `step` created at or before `createdBy` (served by the partial index invitations_reminder_due). */
/** `unitId`: only links made in this unit (its reminder schedule applies). */
export async function reminderCandidates(db: Db, filter: { step: number; createdBy: string; now: string; limit: number; unitId: string }): Promise<ReminderCandidate[]> {
  return db
    .selectFrom('invitations')
    .innerJoin('patients', 'patients.id', 'invitations.patient_id')
    .select(['invitations.id', 'invitations.patient_id', 'invitations.created_at', 'invitations.reminder_step', 'patients.email', 'patients.mobile'])
    .where('invitations.answered_at', 'is', null)
    .where('invitations.withdrawn_at', 'is', null)
    .where('patients.status', '=', 'active')
    .where('invitations.reminder_step', '=', filter.step)
    .where('invitations.created_at', '<=', filter.createdBy)
    .where('invitations.expires_at', '>', filter.now)
    .where('invitations.unit_id', '=', filter.unitId)
    .orderBy('invitations.created_at')
    .orderBy('invitations.id')
    .limit(filter.limit)
    .execute();
}

/**
 * Moves an open invitation from step `from` to `to`; false when it was answered or another process
 * moved it meanwhile (the conditional UPDATE is what makes a reminder go out once).
 */
export async function advanceReminderStep(db: Db, id: string, move: { from: number; to: number; sentAt: string | null }): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({
      reminder_step: move.to,
      ...(move.sentAt === null ? {} : { reminders_sent: sql<number>`reminders_sent + 1`, last_reminder_at: move.sentAt }),
    })
    .where('id', '=', id)
    .where('reminder_step', '=', move.from)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertInvitationTokens(db: Db, tokens: NewRow<'invitation_tokens'>[]): Promise<void> {
  if (tokens.length > 0) await db.insertInto('invitation_tokens').values(tokens).execute();
}

/** The invitation an extra (reminder) token belongs to. */
export async function findInvitationByExtraTokenHash(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitation_tokens')
    .innerJoin('invitations', 'invitations.id', 'invitation_tokens.invitation_id')
    .selectAll('invitations')
    .where('invitation_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

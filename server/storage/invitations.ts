import type { CompiledQuery } from 'kysely';
import type { Db, NewRow, Row } from './database.js';
import { prepared } from './prepared.js';

export type InvitationRow = Row<'invitations'>;
export type InvitationStatus = 'open' | 'answered' | 'expired';

export async function insertInvitation(db: Db, invitation: NewRow<'invitations'>): Promise<void> {
  await db.insertInto('invitations').values(invitation).execute();
}

const selectByTokenHash = prepared<{ tokenHash: string }, InvitationRow>((db, p) => db.selectFrom('invitations').selectAll().where('token_hash', '=', p.tokenHash));

export async function findInvitationByTokenHash(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  return (await selectByTokenHash(db, { tokenHash })).rows[0];
}

export async function saveDraft(db: Db, id: string, draft: { answers: string; locale: string | null; savedAt: string }): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ draft_answers: draft.answers, draft_locale: draft.locale, draft_saved_at: draft.savedAt })
    .where('id', '=', id)
    .execute();
}

const updateAnswered = prepared<{ id: string; at: string }>((db, p) =>
  db
    .updateTable('invitations')
    .set({ answered_at: p.at, draft_answers: null, draft_locale: null, draft_saved_at: null })
    .where('id', '=', p.id)
    .where('answered_at', 'is', null),
);

/** Spends the invitation; changes no row when it was already spent (a concurrent submission won). */
export function markAnsweredQuery(db: Db, id: string, at: string): CompiledQuery {
  return updateAnswered.compile(db, { id, at });
}

/** Invitations with their patient: open (neither answered nor expired) oldest first, the others newest first. */
export async function listInvitations(db: Db, filter: { status: InvitationStatus; now: string; patientId?: string; limit: number }) {
  let q = db
    .selectFrom('invitations')
    .innerJoin('patients', 'patients.id', 'invitations.patient_id')
    .select([
      'invitations.id', 'invitations.questionnaire_id', 'invitations.trigger', 'invitations.created_at',
      'invitations.expires_at', 'invitations.answered_at', 'patients.id as patient_id', 'patients.name as patient_name',
      'patients.external_id as patient_external_id',
      // Reminders (migration 0008): progress, and the contact details that decide the channels.
      'invitations.reminder_step', 'invitations.reminders_sent', 'invitations.last_reminder_at', 'patients.email', 'patients.mobile',
    ]);
  if (filter.status === 'answered') q = q.where('invitations.answered_at', 'is not', null).orderBy('invitations.answered_at', 'desc');
  else if (filter.status === 'expired') {
    q = q.where('invitations.answered_at', 'is', null).where('invitations.expires_at', '<=', filter.now).orderBy('invitations.expires_at', 'desc');
  } else q = q.where('invitations.answered_at', 'is', null).where('invitations.expires_at', '>', filter.now).orderBy('invitations.created_at', 'asc');
  if (filter.patientId) q = q.where('invitations.patient_id', '=', filter.patientId);
  return q.orderBy('invitations.id').limit(filter.limit).execute();
}

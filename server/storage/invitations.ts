import { sql } from 'kysely';
import type { InvitationStatus } from '../contract/codes.js';
import type { Db, NewRow, Row } from './database.js';

export type InvitationRow = Row<'invitations'>;

/**
 * A staff entry's own invitation (issue 13) has this in place of a token hash (a hash is hex, so no
 * link opens it); it invited nobody, so the invitation lists leave it out.
 */
export const STAFF_ENTRY_KEY_PREFIX = 'staff-entry:';

export async function insertInvitation(db: Db, invitation: NewRow<'invitations'>): Promise<void> {
  await db.insertInto('invitations').values(invitation).execute();
}

export async function findInvitationById(db: Db, id: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findInvitationByTokenHash(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function saveDraft(db: Db, id: string, draft: { answers: string; locale: string | null; page: string | null; savedAt: string }): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ draft_answers: draft.answers, draft_locale: draft.locale, draft_page: draft.page, draft_saved_at: draft.savedAt })
    .where('id', '=', id)
    .execute();
}

/** Drops the drafts of unanswered invitations that expired before `expiredBefore`; returns how many. */
export async function deleteExpiredDrafts(db: Db, expiredBefore: string): Promise<number> {
  const result = await db
    .updateTable('invitations')
    .set({ draft_answers: null, draft_locale: null, draft_page: null, draft_saved_at: null })
    .where('answered_at', 'is', null)
    .where('expires_at', '<', expiredBefore)
    .where('draft_answers', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Spends the invitation and drops its draft; false when it was already spent (a concurrent submission won). */
export async function markAnswered(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ answered_at: at, draft_answers: null, draft_locale: null, draft_page: null, draft_saved_at: null })
    .where('id', '=', id)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The patient's open link invitations (unanswered, unexpired, not withdrawn; not staff entries) of a questionnaire: the patient's own and relatives' links. */
export async function openLinkInvitations(db: Db, filter: { patientId: string; questionnaireId: string; now: string }) {
  return db
    .selectFrom('invitations')
    .select(['id', 'created_at'])
    .where('patient_id', '=', filter.patientId)
    .where('questionnaire_id', '=', filter.questionnaireId)
    .where('answered_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', filter.now)
    .where('token_hash', 'not like', `${STAFF_ENTRY_KEY_PREFIX}%`)
    .execute();
}

/** Withdraws the patient's open (unanswered, unexpired, not yet withdrawn) invitations; returns how many. */
export async function withdrawOpenInvitations(db: Db, patientId: string, at: string): Promise<number> {
  const result = await db
    .updateTable('invitations')
    .set({ withdrawn_at: at, draft_answers: null, draft_locale: null, draft_page: null, draft_saved_at: null })
    .where('patient_id', '=', patientId)
    .where('answered_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Invitations with their patient: open (neither answered nor expired) oldest first, the others newest first. */
/** `unitIds`: only links made in these units (null: every unit). */
export async function listInvitations(db: Db, filter: { status: InvitationStatus; now: string; patientId?: string; unitIds?: readonly string[] | null; limit: number }) {
  let q = db
    .selectFrom('invitations')
    .innerJoin('patients', 'patients.id', 'invitations.patient_id')
    .select([
      'invitations.id', 'invitations.questionnaire_id', 'invitations.trigger', 'invitations.respondent', 'invitations.relationship', 'invitations.created_at',
      'invitations.expires_at', 'invitations.answered_at', 'patients.id as patient_id', 'patients.name as patient_name',
      'patients.external_id as patient_external_id',
      // Reminders (migration 0008): progress, and the contact details that decide the channels.
      'invitations.reminder_step', 'invitations.reminders_sent', 'invitations.last_reminder_at', 'patients.email', 'patients.mobile', 'invitations.unit_id',
    ])
    .where('invitations.token_hash', 'not like', `${STAFF_ENTRY_KEY_PREFIX}%`);
  if (filter.status === 'answered') q = q.where('invitations.answered_at', 'is not', null).orderBy('invitations.answered_at', 'desc');
  else if (filter.status === 'expired') {
    q = q.where('invitations.answered_at', 'is', null).where('invitations.expires_at', '<=', filter.now).orderBy('invitations.expires_at', 'desc');
  } else {
    q = q
      .where('invitations.answered_at', 'is', null)
      .where('invitations.expires_at', '>', filter.now)
      .where('invitations.withdrawn_at', 'is', null)
      .orderBy('invitations.created_at', 'asc');
  }
  if (filter.patientId) q = q.where('invitations.patient_id', '=', filter.patientId);
  if (filter.unitIds) q = filter.unitIds.length ? q.where('invitations.unit_id', 'in', filter.unitIds) : q.where(sql<boolean>`1 = 0`);
  return q.orderBy('invitations.id').limit(filter.limit).execute();
}

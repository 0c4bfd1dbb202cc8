/** Invitations: a link with a secret token that lets one patient answer one questionnaire once. */
import { z } from 'zod';
import type { Db } from '../storage/database.js';
import {
  findInvitationByTokenHash, insertInvitation, listInvitations as listInvitationRows, saveDraft as saveDraftRow, type InvitationRow, type InvitationStatus,
} from '../storage/invitations.js';
import { recordAudit } from './audit.js';
import { DAY_MS, type PatientActor, type ServiceContext, type StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { requirePatient } from './patients.js';
import { hashToken } from './secrets.js';

export const TRIGGERS = [
  'diagnosis', 'sector_transition', 'deterioration', 'intervention_follow_up', 'first_conversation',
  'status_conversation', 'admission', 'relative_concern', 'other',
] as const;

export const LOCALES = ['da', 'en'] as const;

export const newInvitationSchema = z.object({
  patientId: z.string().min(1),
  questionnaireId: z.string().min(1),
  trigger: z.enum(TRIGGERS),
});

export async function createInvitation(ctx: ServiceContext, by: StaffActor, input: z.infer<typeof newInvitationSchema>, baseUrl: string) {
  await requirePatient(ctx, input.patientId);
  if (!ctx.questionnaires.current(input.questionnaireId)) {
    throw new ServiceError('invalid', 'unknown_questionnaire', `No questionnaire "${input.questionnaireId}"`, { questionnaireId: input.questionnaireId });
  }
  const id = ctx.newId();
  const token = ctx.newToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.settings.invitationTtlDays * DAY_MS).toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await insertInvitation(tx, {
      id, token_hash: hashToken(token), patient_id: input.patientId, questionnaire_id: input.questionnaireId, trigger: input.trigger,
      created_by: by.id, created_at: now.toISOString(), expires_at: expiresAt, answered_at: null, draft_answers: null, draft_locale: null, draft_saved_at: null,
    });
    await recordAudit(tx, by, now, {
      action: 'invitation.created', entityType: 'invitation', entityId: id, patientId: input.patientId,
      details: { questionnaireId: input.questionnaireId, trigger: input.trigger },
    });
  });
  return { id, token, url: `${baseUrl.replace(/\/+$/, '')}/answer/${token}`, expiresAt };
}

/** The invitation behind a token: 404 when unknown. */
export async function invitationByToken(db: Db, token: string): Promise<InvitationRow> {
  const invitation = await findInvitationByTokenHash(db, hashToken(token));
  if (!invitation) throw new ServiceError('not_found', 'invitation_not_found', 'This link is not valid');
  return invitation;
}

/** 410 when the invitation can no longer be answered. */
export function assertOpen(invitation: InvitationRow, now: Date): void {
  if (invitation.answered_at !== null) throw new ServiceError('gone', 'invitation_answered', 'These questions have already been answered');
  if (invitation.expires_at <= now.toISOString()) throw new ServiceError('gone', 'invitation_expired', 'This link has expired');
}

export const patientActor = (invitation: InvitationRow): PatientActor => ({ type: 'patient', invitationId: invitation.id });

/** What the patient's page needs: the survey, the saved draft, the expiry. */
export async function openInvitation(ctx: ServiceContext, token: string) {
  const invitation = await invitationByToken(ctx.db, token);
  const now = ctx.now();
  assertOpen(invitation, now);
  const q = ctx.questionnaires.current(invitation.questionnaire_id);
  if (!q) throw new ServiceError('unavailable', 'questionnaire_unavailable', 'This questionnaire is not available at the moment');
  await recordAudit(ctx.db, patientActor(invitation), now, { action: 'invitation.opened', entityType: 'invitation', entityId: invitation.id, patientId: invitation.patient_id });
  const { id, version, title, survey, completion } = q.definition;
  const draft = invitation.draft_answers === null
    ? null
    : { answers: JSON.parse(invitation.draft_answers) as Record<string, unknown>, ...(invitation.draft_locale ? { locale: invitation.draft_locale } : {}) };
  return { questionnaire: { id, version, title, survey, completion }, draft, expiresAt: invitation.expires_at };
}

export const draftSchema = z.object({
  answers: z.record(z.string(), z.unknown()),
  locale: z.enum(LOCALES).optional(),
});

/** Autosave: partial answers, not checked against the questionnaire until submitted. */
export async function saveDraft(ctx: ServiceContext, token: string, input: z.infer<typeof draftSchema>): Promise<void> {
  const invitation = await invitationByToken(ctx.db, token);
  const now = ctx.now();
  assertOpen(invitation, now);
  await ctx.db.transaction().execute(async (tx) => {
    await saveDraftRow(tx, invitation.id, { answers: JSON.stringify(input.answers), locale: input.locale ?? null, savedAt: now.toISOString() });
    await recordAudit(tx, patientActor(invitation), now, { action: 'draft.saved', entityType: 'invitation', entityId: invitation.id, patientId: invitation.patient_id });
  });
}

const INVITATION_LIST_LIMIT = 500;

export async function listInvitations(ctx: ServiceContext, filter: { status: InvitationStatus; patientId?: string }) {
  const rows = await listInvitationRows(ctx.db, { ...filter, now: ctx.now().toISOString(), limit: INVITATION_LIST_LIMIT });
  return rows.map((r) => ({
    id: r.id,
    patient: { id: r.patient_id, name: r.patient_name, externalId: r.patient_external_id },
    questionnaireId: r.questionnaire_id,
    trigger: r.trigger,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    answeredAt: r.answered_at,
  }));
}

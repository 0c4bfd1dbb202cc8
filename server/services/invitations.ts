/** Invitations: a link with a secret token that lets one patient answer one questionnaire once. */
import { isLocale, type InvitationStatus } from '../contract/codes.js';
import { DAY_MS } from '../contract/duration.js';
import type { NewInvitation } from '../contract/requests.js';
import type { CreatedInvitation, Draft, Invitation, PatientInvitation } from '../contract/responses.js';
import type { Db } from '../storage/database.js';
import {
  findInvitationByTokenHash, insertInvitation, listInvitations as listInvitationRows, saveDraft as saveDraftRow, type InvitationRow,
} from '../storage/invitations.js';
import { draftAnswers, MAX_DRAFT_BYTES } from '../domain/assessment.js';
import { reminderChannels, sendChannels, shouldCall, type ChannelConfig, type PatientContact } from '../domain/reminders.js';
import { RESPONDENT_QUESTION, withQuestionHidden } from '../domain/respondent.js';
import { findInvitationByExtraTokenHash } from '../storage/reminders.js';
import { recordAudit } from './audit.js';
import type { PatientActor, ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { callsByInvitation } from './invitation-calls.js';
import { configuredChannels } from './notifications.js';
import { requirePatient } from './patients.js';
import { scopeOf, requirePatientAccess, unitForEntry, visibleUnits } from './access.js';
import { settingsForUnit } from './units.js';
import { firstOpenThisMinute, limitLinkUse, limitUnknownLink } from './rate-limits.js';
import { hashToken } from './secrets.js';
import { transaction } from '../storage/transaction.js';

/** The patient's own link, or a relative's (respondent "relative" with the relationship): its answers are stored as mode proxy. */
export async function createInvitation(ctx: ServiceContext, by: StaffActor, input: NewInvitation, baseUrl: string): Promise<CreatedInvitation> {
  const respondent = input.respondent ?? 'patient';
  const scope = await scopeOf(ctx.db, by, ctx.now());
  const patient = await requirePatientAccess(ctx, by, input.patientId, scope);
  if (patient.status !== 'active') {
    throw new ServiceError('conflict', 'patient_not_active', 'The patient is no longer in the service: no new links', { status: patient.status });
  }
  if (!ctx.questionnaires.current(input.questionnaireId)) {
    throw new ServiceError('invalid', 'unknown_questionnaire', `No questionnaire "${input.questionnaireId}"`, { questionnaireId: input.questionnaireId });
  }
  const unitId = await unitForEntry(ctx.db, scope, input.patientId, input.unitId);
  const id = ctx.newId();
  const token = ctx.newToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + ctx.settings.invitationTtlDays * DAY_MS).toISOString();
  await transaction(ctx.db, async (tx) => {
    await insertInvitation(tx, {
      id, token_hash: hashToken(token), patient_id: input.patientId, questionnaire_id: input.questionnaireId, trigger: input.trigger,
      created_by: by.id, created_at: now.toISOString(), expires_at: expiresAt, answered_at: null, draft_answers: null, draft_locale: null, draft_page: null, draft_saved_at: null,
      respondent, relationship: input.relationship ?? null, withdrawn_at: null, unit_id: unitId,
    });
    await recordAudit(tx, by, now, {
      action: 'invitation.created', entityType: 'invitation', entityId: id, patientId: input.patientId,
      details: { questionnaireId: input.questionnaireId, trigger: input.trigger, respondent, unitId },
    });
  });
  return { id, token, url: `${baseUrl.replace(/\/+$/, '')}/answer/${token}`, expiresAt, sendBy: sendChannels(patient, configuredChannels(ctx.settings)) };
}

/** The invitation behind a token: 404 when unknown. */
export async function invitationByToken(db: Db, token: string): Promise<InvitationRow> {
  const invitation = await findInvitationByToken(db, token);
  if (!invitation) throw invitationNotFound();
  return invitation;
}

const invitationNotFound = () => new ServiceError('not_found', 'invitation_not_found', 'This link is not valid');

async function findInvitationByToken(db: Db, token: string): Promise<InvitationRow | undefined> {
  const tokenHash = hashToken(token);
  // The first token, or one from a reminder's link (storage/reminders.ts): the same invitation.
  return (await findInvitationByTokenHash(db, tokenHash)) ?? (await findInvitationByExtraTokenHash(db, tokenHash));
}

/**
 * The invitation behind a patient's link, for one use (open, draft) under the link's limit. Until the
 * token resolves to an invitation the request is counted against the client's address instead: an
 * unknown token writes no row of its own, and an address trying many gets 429.
 */
async function invitationForLinkUse(ctx: ServiceContext, use: 'open' | 'draft', token: string, address: string): Promise<InvitationRow> {
  const invitation = await findInvitationByToken(ctx.db, token);
  if (!invitation) {
    await limitUnknownLink(ctx, address);
    throw invitationNotFound();
  }
  await limitLinkUse(ctx, use, token);
  return invitation;
}

/** 410 when the invitation can no longer be answered. */
export function assertOpen(invitation: InvitationRow, now: Date): void {
  if (invitation.answered_at !== null) throw new ServiceError('gone', 'invitation_answered', 'These questions have already been answered');
  if (invitation.withdrawn_at !== null) throw new ServiceError('gone', 'invitation_withdrawn', 'This link has been withdrawn');
  if (invitation.expires_at <= now.toISOString()) throw new ServiceError('gone', 'invitation_expired', 'This link has expired');
}

export const patientActor = (invitation: InvitationRow): PatientActor => ({ type: 'patient', invitationId: invitation.id });

/** The first word of the patient's name: all a relative's link shows of the patient (the relative knows it). */
const firstNameOf = (name: string): string => name.trim().split(/\s+/)[0] ?? '';

/**
 * What the patient's page needs: the survey, the saved draft, the expiry, the site's contact
 * details, which items are scored, and who the link is for (a relative's names the patient by
 * first name, for the intro "answer as you think <first name> is").
 */
export async function openInvitation(ctx: ServiceContext, token: string, address: string): Promise<PatientInvitation> {
  const invitation = await invitationForLinkUse(ctx, 'open', token, address);
  const now = ctx.now();
  assertOpen(invitation, now);
  const q = ctx.questionnaires.current(invitation.questionnaire_id);
  if (!q) throw new ServiceError('unavailable', 'questionnaire_unavailable', 'This questionnaire is not available at the moment');
  // A page reloaded in a loop must not fill the audit log: one entry per token and minute.
  if (await firstOpenThisMinute(ctx, hashToken(token))) await recordAudit(ctx.db, patientActor(invitation), now, { action: 'invitation.opened', entityType: 'invitation', entityId: invitation.id, patientId: invitation.patient_id });
  const { id, version, title, survey, completion } = q.definition;
  const draft: Draft | null = invitation.draft_answers === null
    ? null
    : {
      answers: JSON.parse(invitation.draft_answers) as Record<string, unknown>,
      ...(isLocale(invitation.draft_locale) ? { locale: invitation.draft_locale } : {}),
      ...(invitation.draft_page !== null ? { page: invitation.draft_page } : {}),
    };
  // The phone of the link's unit (or the site's) for the safety message; the scored items so the page can name the ones left blank.
  const { site } = await settingsForUnit(ctx, ctx.db, invitation.unit_id);
  const scoredItems = [...new Set(q.definition.scales.flatMap((s) => s.items))];
  const respondent = invitation.respondent;
  const patientFirstName = respondent === 'relative' ? firstNameOf((await requirePatient(ctx, invitation.patient_id)).name) : undefined;
  // A relative's own link is not asked who is filling in: the relative is (clinical rules v2, 13).
  const served = respondent === 'relative' ? withQuestionHidden(survey, RESPONDENT_QUESTION) : survey;
  return {
    questionnaire: { id, version, title, survey: served, completion }, draft, expiresAt: invitation.expires_at, site, scoredItems, respondent,
    ...(patientFirstName ? { patientFirstName } : {}),
  };
}

/**
 * Autosave: partial answers, not checked against the questionnaire until submitted. The page is
 * checked: it must name a page of the questionnaire the link serves, or another device could not
 * open there (422 naming the field).
 */
export async function saveDraft(ctx: ServiceContext, token: string, input: Draft, address: string): Promise<void> {
  const invitation = await invitationForLinkUse(ctx, 'draft', token, address);
  const now = ctx.now();
  assertOpen(invitation, now);
  if (input.page !== undefined) assertPageOf(ctx, invitation.questionnaire_id, input.page);
  const q = ctx.questionnaires.current(invitation.questionnaire_id);
  if (!q) throw new ServiceError('unavailable', 'questionnaire_unavailable', 'This questionnaire is not available at the moment');
  const answers = JSON.stringify(draftAnswers(q, input.answers));
  if (Buffer.byteLength(answers) > MAX_DRAFT_BYTES) {
    throw new ServiceError('too_large', 'payload_too_large', `The draft is larger than ${MAX_DRAFT_BYTES / 1024} KiB`);
  }
  await transaction(ctx.db, async (tx) => {
    await saveDraftRow(tx, invitation.id, { answers, locale: input.locale ?? null, page: input.page ?? null, savedAt: now.toISOString() });
    await recordAudit(tx, patientActor(invitation), now, { action: 'draft.saved', entityType: 'invitation', entityId: invitation.id, patientId: invitation.patient_id });
  });
}

function assertPageOf(ctx: ServiceContext, questionnaireId: string, page: string): void {
  const pages = ctx.questionnaires.current(questionnaireId)?.pages ?? [];
  if (!pages.some((p) => p.name === page)) {
    throw new ServiceError('invalid', 'invalid_request', 'The request is not valid', [{ path: 'page', message: 'No page of this name in this questionnaire' }]);
  }
}

const INVITATION_LIST_LIMIT = 500;

/** The channels reminders would use, what went out, and whether the nurse should phone instead (no channel, or no reminder left). */
function reminderState(r: PatientContact & { reminder_step: number; reminders_sent: number; last_reminder_at: string | null }, schedule: readonly string[], configured: ChannelConfig) {
  const channels = reminderChannels(r, configured);
  return { channels, remindersSent: r.reminders_sent, lastReminderAt: r.last_reminder_at, call: shouldCall(channels, r.reminder_step, schedule) };
}

export async function listInvitations(ctx: ServiceContext, actor: StaffActor, filter: { status: InvitationStatus; patientId?: string }): Promise<Invitation[]> {
  const scope = await scopeOf(ctx.db, actor, ctx.now());
  if (filter.patientId !== undefined) await requirePatientAccess(ctx, actor, filter.patientId, scope);
  const rows = await listInvitationRows(ctx.db, { ...filter, unitIds: filter.patientId !== undefined ? null : visibleUnits(scope), now: ctx.now().toISOString(), limit: INVITATION_LIST_LIMIT });
  // The list names patients: who read it is audited, like every read of patient data.
  await recordAudit(ctx.db, actor, ctx.now(), { action: 'invitations.listed', entityType: 'invitation', ...(filter.patientId ? { patientId: filter.patientId } : {}), details: { status: filter.status, count: rows.length, patientIds: [...new Set(rows.map((r) => r.patient_id))] } });
  const schedules = new Map<string, readonly string[]>();
  for (const unitId of new Set(rows.map((r) => r.unit_id))) schedules.set(unitId, (await settingsForUnit(ctx, ctx.db, unitId)).reminders);
  const configured = configuredChannels(ctx.settings);
  const calls = await callsByInvitation(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    patient: { id: r.patient_id, name: r.patient_name, externalId: r.patient_external_id },
    questionnaireId: r.questionnaire_id,
    trigger: r.trigger,
    respondent: r.respondent,
    relationship: r.relationship,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    answeredAt: r.answered_at,
    ...reminderState(r, schedules.get(r.unit_id) ?? [], configured),
    mobile: r.mobile,
    calls: calls.get(r.id) ?? [],
  }));
}

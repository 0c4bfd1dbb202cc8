/**
 * The closed loop for flags (issue 11): take, assign, release, close and reopen (each audited, in
 * one transaction with the change), the scheduler's escalation of overdue flags, and the Overview.
 *
 * How `closed` relates to `status`: the decision flow keeps its statuses (open, returned,
 * planned_basic, referred, no_action); closed_at/outcome stand beside them. A decision closes the
 * flag with the matching outcome; closing with an outcome here leaves the status as it is. A flag
 * is on the worklist while its status is open or returned and it is not closed. A referral the
 * palliative team returns re-opens its flag (status returned, closed_at null); reopening here sets
 * the status back to open so the flag can be decided again.
 */
import { OUTCOME_OF_DECISION, OUTCOME_PATIENT_DIED, type DecisionAction, type FlagOutcome, type FlagStatus } from '../contract/codes.js';
import type { CloseFlag } from '../contract/requests.js';
import type { FlagOwnership, Overview, StaffRef } from '../contract/responses.js';
import { canOwnFlags, endOfDay, escalationMessage, isOverdue, overdueMinutes, overviewFigures, overviewWindowStart } from '../domain/flag-loop.js';
import type { Level } from '../contract/codes.js';
import type { Db } from '../storage/database.js';
import {
  findFlagOwnership, flagsCreatedSince, markFlagEscalated, openFlagDeadlines, overdueUnescalatedFlags, updateFlagLoop, type FlagOwnershipRow,
} from '../storage/flags.js';
import { countResponsesSince } from '../storage/responses.js';
import { findPatient } from '../storage/patients.js';
import { findStaffUser, listStaffUsers } from '../storage/staff-users.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { channelForContact, countFailedMessages, enqueueMessage } from './notifications.js';
import { setPatientStatus } from './patients.js';

/** The clinic's day for "due today", and for the day a response was answered. */
export const SITE_TIME_ZONE = 'Europe/Copenhagen';

/** The loop's fields of a flag, as the API sends them (also inside FlagSummary). */
export function ownershipOf(
  row: Pick<FlagOwnershipRow, 'owner_id' | 'owner_username' | 'acknowledged_at' | 'due_at' | 'closed_at' | 'outcome' | 'outcome_note'>,
  now: Date,
): Omit<FlagOwnership, 'id' | 'status'> {
  const timing = { dueAt: row.due_at, closedAt: row.closed_at };
  return {
    owner: row.owner_id === null ? null : { id: row.owner_id, username: row.owner_username ?? '' },
    acknowledgedAt: row.acknowledged_at,
    dueAt: row.due_at,
    overdue: isOverdue(timing, now),
    overdueFor: overdueMinutes(timing, now),
    closedAt: row.closed_at,
    outcome: row.outcome as FlagOutcome | null,
    outcomeNote: row.outcome_note,
  };
}

async function ownershipAfter(tx: Db, id: string, now: Date): Promise<FlagOwnership> {
  const row = (await findFlagOwnership(tx, id))!;
  return { id, status: row.status as FlagStatus, ...ownershipOf(row, now) };
}

async function openFlag(tx: Db, id: string): Promise<FlagOwnershipRow> {
  const flag = await findFlagOwnership(tx, id);
  if (!flag) throw new ServiceError('not_found', 'flag_not_found', 'No such flag');
  if (flag.closed_at !== null) throw new ServiceError('conflict', 'flag_closed', 'This flag is closed; reopen it first', { outcome: flag.outcome });
  return flag;
}

/** One change to an unclosed flag, audited; 409 when it was closed (before or meanwhile). */
async function changeOpenFlag(
  ctx: ServiceContext, by: StaffActor, id: string,
  change: (flag: FlagOwnershipRow, at: string, tx: Db) => Promise<{ set: Parameters<typeof updateFlagLoop>[2]; action: string; details: Record<string, unknown> }>,
): Promise<FlagOwnership> {
  const now = ctx.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (tx) => {
    const flag = await openFlag(tx, id);
    const { set, action, details } = await change(flag, at, tx);
    if (!(await updateFlagLoop(tx, id, set, true))) throw new ServiceError('conflict', 'flag_closed', 'This flag was closed meanwhile');
    await recordAudit(tx, by, now, { action, entityType: 'flag', entityId: id, patientId: flag.patient_id, details });
    return ownershipAfter(tx, id, now);
  });
}

/** "I'll handle it": the nurse becomes the owner; the first take acknowledges the flag. */
export function takeFlag(ctx: ServiceContext, by: StaffActor, id: string): Promise<FlagOwnership> {
  return changeOpenFlag(ctx, by, id, async (flag, at) => ({
    set: { owner_id: by.id, acknowledged_at: flag.acknowledged_at ?? at, first_action_at: flag.first_action_at ?? at, updated_at: at },
    action: 'flag.taken',
    details: { from: flag.owner_id },
  }));
}

/** Who a flag can be handed to: enabled nurses and admins, by name. */
export async function listAssignees(ctx: ServiceContext): Promise<StaffRef[]> {
  const users = await listStaffUsers(ctx.db);
  return users.filter(canOwnFlags).map((u) => ({ id: u.id, username: u.username })).sort((a, b) => a.username.localeCompare(b.username));
}

/** Hands the flag to a named, enabled nurse or admin (422 for anyone else); not an acknowledgement by them. */
export function assignFlag(ctx: ServiceContext, by: StaffActor, id: string, userId: string): Promise<FlagOwnership> {
  return changeOpenFlag(ctx, by, id, async (flag, at, tx) => {
    const user = await findStaffUser(tx, userId);
    if (!user || !canOwnFlags(user)) {
      throw new ServiceError('invalid', 'invalid_assignee', 'A flag can be assigned to an enabled nurse or admin', [{ path: 'userId', message: 'must be an enabled nurse or admin' }]);
    }
    return { set: { owner_id: user.id, updated_at: at }, action: 'flag.assigned', details: { from: flag.owner_id, to: user.id } };
  });
}

export function releaseFlag(ctx: ServiceContext, by: StaffActor, id: string): Promise<FlagOwnership> {
  return changeOpenFlag(ctx, by, id, async (flag, at) => ({ set: { owner_id: null, updated_at: at }, action: 'flag.released', details: { from: flag.owner_id } }));
}

/** What the patient wrote is read before the response is closed: the staff app always opens the detail first. */
export function assertOwnWordsRead(flag: Pick<FlagOwnershipRow, 'own_words' | 'opened_at'>): void {
  if (flag.own_words === 1 && flag.opened_at === null) {
    throw new ServiceError('conflict', 'own_words_unread', 'The patient wrote in their own words: open the response (GET /api/flags/:id) and read them before closing it');
  }
}

/**
 * Any nurse or admin may close a flag, not only its owner; never one whose own words nobody opened.
 * Closing with the outcome "patient died" also makes the patient deceased (nothing more goes out).
 */
export function closeFlag(ctx: ServiceContext, by: StaffActor, id: string, input: CloseFlag): Promise<FlagOwnership> {
  return changeOpenFlag(ctx, by, id, async (flag, at, tx) => {
    assertOwnWordsRead(flag);
    if (input.outcome === OUTCOME_PATIENT_DIED) {
      const patient = await findPatient(tx, flag.patient_id);
      if (patient) await setPatientStatus(tx, by, new Date(at), patient, 'deceased', 'flag_closed');
    }
    return { set: closing(flag, at, input.outcome, input.note ?? null), action: 'flag.closed', details: { outcome: input.outcome } };
  });
}

/** The columns a close sets (also by a decision, in its own transaction). */
export function closing(flag: Pick<FlagOwnershipRow, 'first_action_at'>, at: string, outcome: FlagOutcome, note: string | null) {
  return { closed_at: at, outcome, outcome_note: note || null, first_action_at: flag.first_action_at ?? at, updated_at: at };
}

/** Closes the flag a decision was recorded on (inside decideFlag's transaction); false when it was closed already. */
export async function closeByDecision(tx: Db, flag: Pick<FlagOwnershipRow, 'first_action_at'> & { id: string }, action: DecisionAction, note: string, at: string): Promise<boolean> {
  return updateFlagLoop(tx, flag.id, closing(flag, at, OUTCOME_OF_DECISION[action], note), true);
}

/** Reopens a closed flag with a reason; it returns to the worklist (status open). */
export async function reopenFlag(ctx: ServiceContext, by: StaffActor, id: string, reason: string): Promise<FlagOwnership> {
  const now = ctx.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (tx) => {
    const flag = await findFlagOwnership(tx, id);
    if (!flag) throw new ServiceError('not_found', 'flag_not_found', 'No such flag');
    const reopened = flag.closed_at !== null && (await updateFlagLoop(tx, id, { closed_at: null, outcome: null, outcome_note: null, status: 'open', updated_at: at }, false));
    if (!reopened) throw new ServiceError('conflict', 'flag_not_closed', 'Only a closed flag can be reopened');
    // The reason is staff's text about the patient: it stays in the audit entry's details, which staff only read.
    await recordAudit(tx, by, now, { action: 'flag.reopened', entityType: 'flag', entityId: id, patientId: flag.patient_id, details: { outcome: flag.outcome, from: flag.status, reason } });
    return ownershipAfter(tx, id, now);
  });
}

/** A returned referral re-opens its flag (called in the referral decision's transaction). */
export async function reopenOnReturn(tx: Db, flagId: string, at: string): Promise<void> {
  await updateFlagLoop(tx, flagId, { closed_at: null, outcome: null, outcome_note: null, updated_at: at });
}

/** The staff app's page of a flag: the link an escalation carries (PUBLIC_URL is its base). */
export function flagLink(ctx: ServiceContext, flagId: string): string {
  return `${(ctx.settings.publicUrl ?? '').replace(/\/+$/, '')}/flags/${encodeURIComponent(flagId)}`;
}

/**
 * The scheduler's step: every unclosed flag past its deadline is escalated once: marked, audited
 * and (when the site has an escalation contact) a message in the outbox, in one transaction.
 * Returns how many flags were escalated; at most `limit` per call.
 */
export async function escalateOverdueFlags(ctx: ServiceContext, limit = 200): Promise<number> {
  const now = ctx.now();
  const at = now.toISOString();
  const candidates = await overdueUnescalatedFlags(ctx.db, at, limit);
  if (candidates.length === 0) return 0;
  const { site, escalationContact } = await ctx.siteSettings();
  let escalated = 0;
  for (const flag of candidates) {
    const done = await ctx.db.transaction().execute(async (tx) => {
      if (!(await markFlagEscalated(tx, flag.id, at))) return false;
      await recordAudit(tx, null, now, { action: 'flag.escalated', entityType: 'flag', entityId: flag.id, patientId: flag.patient_id, details: { dueAt: flag.due_at, contact: escalationContact !== null } });
      if (escalationContact !== null) {
        const link = flagLink(ctx, flag.id);
        await enqueueMessage(
          tx,
          { kind: 'escalation', channel: channelForContact(ctx.settings, escalationContact), to: escalationContact, ...escalationMessage(site.name, link), link, dedupeKey: `escalation:${flag.id}` },
          { id: ctx.newId(), now },
        );
      }
      return true;
    });
    if (done) escalated++;
  }
  return escalated;
}

/** GET /api/overview. */
export async function overview(ctx: ServiceContext): Promise<Overview> {
  const now = ctx.now();
  const since = overviewWindowStart(now).toISOString();
  const [open, recent, recentResponses, failedMessages] = [
    await openFlagDeadlines(ctx.db), await flagsCreatedSince(ctx.db, since), await countResponsesSince(ctx.db, since), await countFailedMessages(ctx.db),
  ];
  return overviewFigures({
    now,
    endOfToday: endOfDay(now, SITE_TIME_ZONE),
    openFlags: open.map((f) => ({ dueAt: f.due_at, ownerId: f.owner_id })),
    recentFlags: recent.map((f) => ({ createdAt: f.created_at, dueAt: f.due_at, firstActionAt: f.first_action_at, closedAt: f.closed_at, ownerId: f.owner_id, level: f.level as Level })),
    recentResponses,
    failedMessages,
  });
}

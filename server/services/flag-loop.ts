/**
 * The closed loop for flags (issue 11): take, assign, release, close and reopen (each audited, in
 * one transaction with the change), the scheduler's escalation of overdue flags, and the Overview.
 *
 * Which changes a flag's life allows, and what each sets, is domain/flag-state.ts; every change
 * is written through services/flag-change.ts.
 */
import { OUTCOME_PATIENT_DIED } from '../contract/codes.js';
import { CLINIC_TIME_ZONE } from '../contract/schedule.js';
import type { CloseFlag } from '../contract/requests.js';
import type { Assignee, FlagOwnership, Overview } from '../contract/responses.js';
import type { AuditAction } from '../contract/audit.js';
import { canOwnFlags, endOfDay, escalationMessage, isOverdue, overdueMinutes, overviewFigures, overviewWindowStart } from '../domain/flag-loop.js';
import type { FlagEvent } from '../domain/flag-state.js';
import type { Db } from '../storage/database.js';
import { findFlag, findFlagOwnership, flagsCreatedSince, openFlagDeadlines, overdueUnescalatedFlags, type FlagOwnershipRow } from '../storage/flags.js';
import { countResponsesSince } from '../storage/responses.js';
import { findPatient } from '../storage/patients.js';
import { findStaffUser, listStaffUsers } from '../storage/staff-users.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { changeFlag, changeFlagOrFail } from './flag-change.js';
import { channelForContact, countFailedMessages, enqueueMessage } from './notifications.js';
import { setPatientStatus } from './patients.js';
import { transaction } from '../storage/transaction.js';
import { isSiteAdmin, unitIdsOfUser, unitIdsOfUsers } from '../storage/units.js';
import { countEmergencyAccessesSince } from '../storage/emergency-access.js';
import { requireFlagAccess, scopeOf, visibleUnits } from './access.js';
import { settingsForUnit } from './units.js';

/** The clinic's day for "due today", and for the day a response was answered. */
export const SITE_TIME_ZONE = CLINIC_TIME_ZONE;

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
    outcome: row.outcome,
    outcomeNote: row.outcome_note,
  };
}

async function ownershipAfter(tx: Db, id: string, now: Date): Promise<FlagOwnership> {
  const row = (await findFlagOwnership(tx, id))!;
  return { id, status: row.status, ...ownershipOf(row, now) };
}

/** One event of a flag's life, audited, in one transaction; refused (409, or 422 for an assignee) as domain/flag-state.ts says, also when it changed meanwhile. */
async function changeAudited(
  ctx: ServiceContext, by: StaffActor, id: string, event: (at: string, tx: Db) => FlagEvent | Promise<FlagEvent>,
  audit: (before: FlagOwnershipRow) => { action: AuditAction; details: Record<string, unknown> },
  after?: (before: FlagOwnershipRow, tx: Db, now: Date) => Promise<void>,
): Promise<FlagOwnership> {
  await requireFlagAccess(ctx, by, id);
  const now = ctx.now();
  return transaction(ctx.db, async (tx) => {
    const before = await changeFlagOrFail(tx, id, await event(now.toISOString(), tx));
    await after?.(before, tx, now);
    const { action, details } = audit(before);
    await recordAudit(tx, by, now, { action, entityType: 'flag', entityId: id, patientId: before.patient_id, details });
    return ownershipAfter(tx, id, now);
  });
}

/** "I'll handle it": the nurse becomes the owner; the first take acknowledges the flag. */
export function takeFlag(ctx: ServiceContext, by: StaffActor, id: string): Promise<FlagOwnership> {
  return changeAudited(ctx, by, id, (at) => ({ type: 'take', by: by.id, at }), (flag) => ({ action: 'flag.taken', details: { from: flag.owner_id } }));
}

/**
 * Who a flag can be handed to: enabled nurses and admins, by name; of the caller's units (issue 24),
 * every one for a site admin. With `flagId`, those of the flag's unit and the site admins: whom
 * assignFlag accepts.
 */
export async function listAssignees(ctx: ServiceContext, by: StaffActor, flagId?: string): Promise<Assignee[]> {
  const flag = flagId === undefined ? undefined : await requireFlagAccess(ctx, by, flagId);
  const unitIds = flag ? [flag.unit_id] : visibleUnits(await scopeOf(ctx.db, by, ctx.now()));
  const unitsOf = await unitIdsOfUsers(ctx.db);
  const users = (await listStaffUsers(ctx.db)).filter((u) => unitIds === null || (flag !== undefined && u.role === 'admin' && Number(u.site_admin) === 1)
    || (unitsOf.get(u.id) ?? []).some((id) => unitIds.includes(id)));
  return users.filter(canOwnFlags).map((u) => ({ id: u.id, username: u.username, fullName: u.full_name, title: u.title })).sort((a, b) => a.username.localeCompare(b.username));
}

/** Hands the flag to a named, enabled nurse or admin of the flag's unit (422 for anyone else); not an acknowledgement by them. */
export function assignFlag(ctx: ServiceContext, by: StaffActor, id: string, userId: string): Promise<FlagOwnership> {
  return changeAudited(ctx, by, id, async (at, tx) => {
    const [to, flag, units, siteAdmin] = await Promise.all([findStaffUser(tx, userId), findFlag(tx, id), unitIdsOfUser(tx, userId), isSiteAdmin(tx, userId)]);
    const inFlagUnit = flag !== undefined && ((to?.role === 'admin' && siteAdmin) || units.includes(flag.unit_id));
    return { type: 'assign', to, inFlagUnit, at };
  }, (flag) => ({ action: 'flag.assigned', details: { from: flag.owner_id, to: userId } }));
}

export function releaseFlag(ctx: ServiceContext, by: StaffActor, id: string): Promise<FlagOwnership> {
  return changeAudited(ctx, by, id, (at) => ({ type: 'release', at }), (flag) => ({ action: 'flag.released', details: { from: flag.owner_id } }));
}

/**
 * Any nurse or admin may close a flag, not only its owner; never one whose own words nobody opened.
 * Closing with the outcome "patient died" also makes the patient deceased (nothing more goes out).
 */
export function closeFlag(ctx: ServiceContext, by: StaffActor, id: string, input: CloseFlag): Promise<FlagOwnership> {
  return changeAudited(
    ctx, by, id, (at) => ({ type: 'close', outcome: input.outcome, note: input.note ?? null, at }),
    () => ({ action: 'flag.closed', details: { outcome: input.outcome } }),
    async (flag, tx, now) => {
      if (input.outcome !== OUTCOME_PATIENT_DIED) return;
      const patient = await findPatient(tx, flag.patient_id);
      if (patient) await setPatientStatus(tx, by, now, patient, 'deceased', 'flag_closed');
    },
  );
}

/** Reopens a closed flag with a reason; it returns to the worklist (status open). */
export function reopenFlag(ctx: ServiceContext, by: StaffActor, id: string, reason: string): Promise<FlagOwnership> {
  // The reason is staff's text about the patient: it stays in the audit entry's details, which staff only read.
  return changeAudited(ctx, by, id, (at) => ({ type: 'reopen', at }), (flag) => ({ action: 'flag.reopened', details: { outcome: flag.outcome, from: flag.status, reason } }));
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
  // Each flag's unit names its own escalation contact (issue 24), the site's when it has none.
  const unitSettings = new Map<string, Awaited<ReturnType<typeof settingsForUnit>>>();
  for (const unitId of new Set(candidates.map((f) => f.unit_id))) unitSettings.set(unitId, await settingsForUnit(ctx, ctx.db, unitId));
  let escalated = 0;
  for (const flag of candidates) {
    const { site, escalationContact } = unitSettings.get(flag.unit_id) ?? (await ctx.siteSettings());
    const done = await transaction(ctx.db, async (tx) => {
      if (!(await changeFlag(tx, flag.id, { type: 'escalate', at })).ok) return false;
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

/**
 * GET /api/overview: the flags and responses of the caller's units (issue 24; a site admin's, the
 * whole site's); failed messages are the outbox's, site-wide.
 */
export async function overview(ctx: ServiceContext, by: StaffActor): Promise<Overview> {
  const now = ctx.now();
  const since = overviewWindowStart(now).toISOString();
  const unitIds = visibleUnits(await scopeOf(ctx.db, by, now));
  const [open, recent, recentResponses, failedMessages, emergencyAccesses] = [
    await openFlagDeadlines(ctx.db, unitIds), await flagsCreatedSince(ctx.db, since, unitIds), await countResponsesSince(ctx.db, since, unitIds), await countFailedMessages(ctx.db),
    await countEmergencyAccessesSince(ctx.db, since, unitIds),
  ];
  return overviewFigures({
    now,
    endOfToday: endOfDay(now, SITE_TIME_ZONE),
    openFlags: open.map((f) => ({ dueAt: f.due_at, ownerId: f.owner_id })),
    recentFlags: recent.map((f) => ({ createdAt: f.created_at, dueAt: f.due_at, firstActionAt: f.first_action_at, closedAt: f.closed_at, ownerId: f.owner_id, level: f.level })),
    recentResponses,
    failedMessages,
    emergencyAccesses,
  });
}

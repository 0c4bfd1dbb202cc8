/**
 * An admin's reads of staff accounts, their sessions and the audit log, each audited (issue 21,
 * ASVS 7.2): who looked at whom is itself something to be able to answer. The lists come from
 * their own services; this only records the read.
 */
import type { AuditEntry, ActiveSession, StaffUser } from '../contract/responses.js';
import type { AuditQuery } from '../contract/requests.js';
import { periodOf } from '../domain/indicators.js';
import { SITE_TIME_ZONE } from './flag-loop.js';
import type { AuditFilter } from '../storage/audit-log.js';
import { listAudit, recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { listUsers, listUserSessions } from './staff-auth.js';
import { scopeOf } from './access.js';
import { ServiceError } from './errors.js';

/** GET /api/users: every staff account, audited with how many were shown. */
export async function readUsers(ctx: ServiceContext, by: StaffActor): Promise<StaffUser[]> {
  const users = await listUsers(ctx, await scopeOf(ctx.db, by, ctx.now()));
  await recordAudit(ctx.db, by, ctx.now(), { action: 'users.listed', entityType: 'staff_user', details: { count: users.length } });
  return users;
}

/** GET /api/users/:id/sessions: a user's active sessions, audited against that user. */
export async function readUserSessions(ctx: ServiceContext, by: StaffActor, userId: string): Promise<ActiveSession[]> {
  const sessions = await listUserSessions(ctx, userId);
  await recordAudit(ctx.db, by, ctx.now(), { action: 'sessions.listed', entityType: 'staff_user', entityId: userId, details: { count: sessions.length } });
  return sessions;
}

/** GET /api/audit: the log itself, audited with the filter asked and how many entries were shown. */
export async function readAudit(ctx: ServiceContext, by: StaffActor, query: AuditQuery): Promise<AuditEntry[]> {
  // The log names every unit's patients and staff (issue 24): a site admin's to read.
  if (!(await scopeOf(ctx.db, by, ctx.now())).siteAdmin) throw new ServiceError('forbidden', 'site_admin_required', 'Only a site admin reads the audit log');
  const { from, to, ...filter } = query;
  const entries = await listAudit(ctx.db, { ...filter, ...periodFilter(from, to) });
  await recordAudit(ctx.db, by, ctx.now(), { action: 'audit.read', entityType: 'audit_log', details: { filter: query, count: entries.length } });
  return entries;
}

/** The instants of the clinic's calendar days `from`..`to`; an open end where one is left out. */
function periodFilter(from: string | undefined, to: string | undefined): Pick<AuditFilter, 'since' | 'until'> {
  return {
    ...(from ? { since: periodOf(from, from, SITE_TIME_ZONE).start } : {}),
    ...(to ? { until: periodOf(to, to, SITE_TIME_ZONE).end } : {}),
  };
}

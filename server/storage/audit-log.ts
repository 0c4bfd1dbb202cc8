import type { Db, Row } from './database.js';

export type AuditRow = Row<'audit_log'>;

export type NewAuditEntry = Omit<Row<'audit_log'>, 'id'>;

export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  patientId?: string;
  actorId?: string;
  action?: string;
  /** Instants (ISO 8601): entries at or after `since` and before `until`. */
  since?: string;
  until?: string;
  /** Only entries with an id below this (paging backwards). */
  before?: number;
  limit: number;
}

/** Newest first. */
export async function listAuditEntries(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.patientId) q = q.where('patient_id', '=', filter.patientId);
  if (filter.actorId) q = q.where('actor_id', '=', filter.actorId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.since) q = q.where('at', '>=', filter.since);
  if (filter.until) q = q.where('at', '<', filter.until);
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  return q.orderBy('id', 'desc').limit(filter.limit).execute();
}

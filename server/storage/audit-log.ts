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
  /** The patient by the health record's id (the admin's filter types that, not our id). */
  patientExternalId?: string;
  actorId?: string;
  action?: string;
  /** Instants (ISO 8601): entries at or after `since` and before `until`. */
  since?: string;
  until?: string;
  /** Only entries with an id below this (paging backwards). */
  before?: number;
  limit: number;
}

/** Newest first, each with its patient's external id (null without a patient). */
export async function listAuditEntries(db: Db, filter: AuditFilter): Promise<(AuditRow & { patient_external_id: string | null })[]> {
  let q = db.selectFrom('audit_log').leftJoin('patients', 'patients.id', 'audit_log.patient_id').selectAll('audit_log').select('patients.external_id as patient_external_id');
  if (filter.entityType) q = q.where('audit_log.entity_type', '=', filter.entityType);
  if (filter.entityId) q = q.where('audit_log.entity_id', '=', filter.entityId);
  if (filter.patientId) q = q.where('audit_log.patient_id', '=', filter.patientId);
  if (filter.patientExternalId) q = q.where('patients.external_id', '=', filter.patientExternalId);
  if (filter.actorId) q = q.where('audit_log.actor_id', '=', filter.actorId);
  if (filter.action) q = q.where('audit_log.action', '=', filter.action);
  if (filter.since) q = q.where('audit_log.at', '>=', filter.since);
  if (filter.until) q = q.where('audit_log.at', '<', filter.until);
  if (filter.before !== undefined) q = q.where('audit_log.id', '<', filter.before);
  return q.orderBy('audit_log.id', 'desc').limit(filter.limit).execute();
}

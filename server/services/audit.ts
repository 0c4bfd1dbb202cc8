import type { Db } from '../storage/database.js';
import { insertAuditEntry, listAuditEntries, type AuditFilter, type NewAuditEntry } from '../storage/audit-log.js';
import type { AuditEntry } from '../contract/responses.js';
import type { AuditAction } from '../contract/audit.js';
import type { Actor } from './context.js';

interface AuditEvent {
  /** `entity.verb`, e.g. `flag.decided`, `response.submitted`, `answers.read`: one of server/contract/audit.ts. */
  action: AuditAction;
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
  /** Small facts about the action; never answers, names or tokens. */
  details?: Record<string, unknown>;
}

/** Writes one audit entry; call it inside the transaction of the change it records. */
export async function recordAudit(db: Db, actor: Actor | null, at: Date, event: AuditEvent): Promise<void> {
  await insertAuditEntry(db, auditEntry(actor, at, event));
}

export function auditEntry(actor: Actor | null, at: Date, event: AuditEvent): NewAuditEntry {
  return {
    at: at.toISOString(),
    actor_type: actor?.type ?? 'anonymous',
    actor_id: actor === null ? null : actor.type === 'staff' ? actor.id : actor.invitationId,
    actor_name: actor?.type === 'staff' ? actor.username : null,
    action: event.action,
    entity_type: event.entityType,
    entity_id: event.entityId ?? null,
    patient_id: event.patientId ?? null,
    details: event.details ? JSON.stringify(event.details) : null,
  };
}

export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditEntry[]> {
  const rows = await listAuditEntries(db, filter);
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
    action: r.action,
    entity: { type: r.entity_type, id: r.entity_id },
    patientId: r.patient_id,
    patientExternalId: r.patient_external_id,
    details: r.details ? (JSON.parse(r.details) as unknown) : null,
  }));
}

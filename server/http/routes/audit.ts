import { Router } from 'express';
import { z } from 'zod';
import { listAudit } from '../../services/audit.js';
import type { ServiceContext } from '../../services/context.js';
import { requireRole } from '../auth.js';

const auditQuery = z.object({
  entityType: z.string().optional(),
  entityId: z.string().optional(),
  patientId: z.string().optional(),
  actorId: z.string().optional(),
  action: z.string().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export function auditRouter(ctx: ServiceContext): Router {
  return Router().get('/audit', requireRole('admin'), async (req, res) => {
    res.json(await listAudit(ctx.db, auditQuery.parse(req.query)));
  });
}

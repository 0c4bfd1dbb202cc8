import { Router } from 'express';
import { auditQuery } from '../../contract/requests.js';
import { listAudit } from '../../services/audit.js';
import type { ServiceContext } from '../../services/context.js';
import { requireRole } from '../auth.js';

export function auditRouter(ctx: ServiceContext): Router {
  return Router().get('/audit', requireRole('admin'), async (req, res) => {
    res.json(await listAudit(ctx.db, auditQuery.parse(req.query)));
  });
}

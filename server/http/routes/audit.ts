import { Router } from 'express';
import { auditQuery } from '../../contract/requests.js';
import { readAudit } from '../../services/admin-reads.js';
import type { ServiceContext } from '../../services/context.js';
import { currentStaff, requireRole } from '../auth.js';

export function auditRouter(ctx: ServiceContext): Router {
  return Router().get('/audit', requireRole('admin'), async (req, res) => {
    res.json(await readAudit(ctx, currentStaff(res), auditQuery.parse(req.query)));
  });
}

import { Router } from 'express';
import { decisionSchema, worklistQuery } from '../../contract/requests.js';
import type { ServiceContext } from '../../services/context.js';
import { decideFlag, flagDetail, listFlags } from '../../services/flags.js';
import { currentStaff, requireRole } from '../auth.js';

export function flagsRouter(ctx: ServiceContext): Router {
  const nurse = requireRole('nurse', 'admin');
  return Router()
    .get('/flags', nurse, async (req, res) => {
      const { status, level, offset, limit } = worklistQuery.parse(req.query);
      const page = await listFlags(ctx, currentStaff(res), { statuses: status, levels: level, offset, ...(limit ? { limit } : {}) });
      res.setHeader('X-Total-Count', String(page.total));
      res.json(page);
    })
    // The team may read a flag referred to it (checked in the service).
    .get('/flags/:id', requireRole('nurse', 'palliative_team', 'admin'), async (req, res) => {
      res.json(await flagDetail(ctx, currentStaff(res), String(req.params.id)));
    })
    .post('/flags/:id/decision', nurse, async (req, res) => {
      res.json(await decideFlag(ctx, currentStaff(res), String(req.params.id), decisionSchema.parse(req.body)));
    });
}

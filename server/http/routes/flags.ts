import { Router } from 'express';
import { assignFlagSchema, closeFlagSchema, decisionSchema, reopenFlagSchema, worklistQuery } from '../../contract/requests.js';
import type { ServiceContext } from '../../services/context.js';
import { assignFlag, closeFlag, listAssignees, releaseFlag, reopenFlag, takeFlag } from '../../services/flag-loop.js';
import { decideFlag, flagDetail, listFlags } from '../../services/flags.js';
import { currentStaff, requireRole } from '../auth.js';

export function flagsRouter(ctx: ServiceContext): Router {
  const nurse = requireRole('nurse', 'admin');
  const flagId = (req: { params: Record<string, unknown> }) => String(req.params.id);
  return Router()
    .get('/flags', nurse, async (req, res) => {
      const { status, level, overdue, offset, limit } = worklistQuery.parse(req.query);
      const page = await listFlags(ctx, currentStaff(res), { statuses: status, levels: level, overdue, offset, ...(limit ? { limit } : {}) });
      res.setHeader('X-Total-Count', String(page.total));
      res.json(page);
    })
    // The team may read a flag referred to it (checked in the service).
    .get('/flags/:id', requireRole('nurse', 'palliative_team', 'admin'), async (req, res) => {
      res.json(await flagDetail(ctx, currentStaff(res), flagId(req)));
    })
    .post('/flags/:id/decision', nurse, async (req, res) => {
      res.json(await decideFlag(ctx, currentStaff(res), flagId(req), decisionSchema.parse(req.body)));
    })
    // The closed loop (issue 11): any nurse or admin, not only the owner.
    .get('/assignees', nurse, async (_req, res) => {
      res.json(await listAssignees(ctx));
    })
    .post('/flags/:id/take', nurse, async (req, res) => {
      res.json(await takeFlag(ctx, currentStaff(res), flagId(req)));
    })
    .post('/flags/:id/assign', nurse, async (req, res) => {
      res.json(await assignFlag(ctx, currentStaff(res), flagId(req), assignFlagSchema.parse(req.body).userId));
    })
    .post('/flags/:id/release', nurse, async (req, res) => {
      res.json(await releaseFlag(ctx, currentStaff(res), flagId(req)));
    })
    .post('/flags/:id/close', nurse, async (req, res) => {
      res.json(await closeFlag(ctx, currentStaff(res), flagId(req), closeFlagSchema.parse(req.body)));
    })
    .post('/flags/:id/reopen', nurse, async (req, res) => {
      res.json(await reopenFlag(ctx, currentStaff(res), flagId(req), reopenFlagSchema.parse(req.body).reason));
    });
}

import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { assignFlag, closeFlag, listAssignees, releaseFlag, reopenFlag, takeFlag } from '../../services/flag-loop.js';
import { decideFlag, flagDetail, flagSummary, listFlags } from '../../services/flags.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function flagsRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.flags, async ({ query }, _req, res) => {
    const { status, level, overdue, dueToday, owner, offset, after, limit } = query;
    const page = await listFlags(ctx, currentStaff(res), {
      statuses: status, levels: level, overdue, dueToday, unowned: owner === 'none', ...(after ? { after } : { offset }), ...(limit ? { limit } : {}),
    });
    res.setHeader('X-Total-Count', String(page.total));
    return page;
  });
  // A worklist row expanded: its reasons, without opening the flag.
  on(router, ROUTES.flagSummary, ({ param }, _req, res) => flagSummary(ctx, currentStaff(res), param('id')));
  // The team may read a flag referred to it (checked in the service).
  on(router, ROUTES.flag, ({ param }, _req, res) => flagDetail(ctx, currentStaff(res), param('id')));
  on(router, ROUTES.decide, ({ param, body }, _req, res) => decideFlag(ctx, currentStaff(res), param('id'), body));
  // The closed loop (issue 11): any nurse or admin, not only the owner.
  on(router, ROUTES.assignees, ({ query }, _req, res) => listAssignees(ctx, currentStaff(res), query.flagId));
  on(router, ROUTES.takeFlag, ({ param }, _req, res) => takeFlag(ctx, currentStaff(res), param('id')));
  on(router, ROUTES.assignFlag, ({ param, body }, _req, res) => assignFlag(ctx, currentStaff(res), param('id'), body.userId));
  on(router, ROUTES.releaseFlag, ({ param }, _req, res) => releaseFlag(ctx, currentStaff(res), param('id')));
  on(router, ROUTES.closeFlag, ({ param, body }, _req, res) => closeFlag(ctx, currentStaff(res), param('id'), body));
  on(router, ROUTES.reopenFlag, ({ param, body }, _req, res) => reopenFlag(ctx, currentStaff(res), param('id'), body.reason));
  return router;
}

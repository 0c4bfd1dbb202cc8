import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { overview } from '../../services/flag-loop.js';
import { requireRole } from '../auth.js';

/** The closed loop at a glance (issue 11): nurses and admins. */
export function overviewRouter(ctx: ServiceContext): Router {
  return Router().get('/overview', requireRole('nurse', 'admin'), async (_req, res) => {
    res.json(await overview(ctx));
  });
}

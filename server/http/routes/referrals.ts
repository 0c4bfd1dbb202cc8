import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { decideReferral, listReferrals } from '../../services/referrals.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function referralsRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.referrals, ({ query }, _req, res) => listReferrals(ctx, currentStaff(res), query));
  on(router, ROUTES.decideReferral, ({ param, body }, _req, res) => decideReferral(ctx, currentStaff(res), param('id'), body));
  return router;
}

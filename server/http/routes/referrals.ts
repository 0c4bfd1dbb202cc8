import { Router } from 'express';
import { referralDecisionSchema, referralListQuery } from '../../contract/requests.js';
import type { ServiceContext } from '../../services/context.js';
import { decideReferral, listReferrals } from '../../services/referrals.js';
import { currentStaff, requireRole } from '../auth.js';

export function referralsRouter(ctx: ServiceContext): Router {
  const team = requireRole('palliative_team', 'admin');
  return Router()
    .get('/referrals', team, async (req, res) => {
      res.json(await listReferrals(ctx, currentStaff(res), referralListQuery.parse(req.query)));
    })
    .post('/referrals/:id/decision', team, async (req, res) => {
      res.json(await decideReferral(ctx, currentStaff(res), String(req.params.id), referralDecisionSchema.parse(req.body)));
    });
}

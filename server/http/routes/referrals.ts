import { Router } from 'express';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { decideReferral, listReferrals, referralDecisionSchema, REFERRAL_STATUSES } from '../../services/referrals.js';
import { currentStaff, requireRole } from '../auth.js';

const listQuery = z.object({ status: z.enum(REFERRAL_STATUSES).default('pending') });

export function referralsRouter(ctx: ServiceContext): Router {
  const team = requireRole('palliative_team', 'admin');
  return Router()
    .get('/referrals', team, async (req, res) => {
      res.json(await listReferrals(ctx, currentStaff(res), listQuery.parse(req.query).status));
    })
    .post('/referrals/:id/decision', team, async (req, res) => {
      res.json(await decideReferral(ctx, currentStaff(res), String(req.params.id), referralDecisionSchema.parse(req.body)));
    });
}

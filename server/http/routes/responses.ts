/** Answers staff record (issue 13): entered with the patient or from a paper form, and the second user's check of a paper entry. */
import { Router } from 'express';
import { staffResponseSchema } from '../../contract/requests.js';
import type { ServiceContext } from '../../services/context.js';
import { recordStaffResponse } from '../../services/submit-response.js';
import { verifyResponse } from '../../services/verification.js';
import { currentStaff, requireRole } from '../auth.js';

export function responsesRouter(ctx: ServiceContext): Router {
  const nurse = requireRole('nurse', 'admin');
  return Router()
    .post('/patients/:id/responses', nurse, async (req, res) => {
      res.status(201).json(await recordStaffResponse(ctx, currentStaff(res), String(req.params.id), staffResponseSchema.parse(req.body)));
    })
    .post('/responses/:id/verify', nurse, async (req, res) => {
      res.json(await verifyResponse(ctx, currentStaff(res), String(req.params.id)));
    });
}

/** Answers staff record (issue 13): entered with the patient or from a paper form, and the second user's check of a paper entry. */
import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { recordStaffResponse } from '../../services/submit-response.js';
import { verifyResponse } from '../../services/verification.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function responsesRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.submitStaffResponse, ({ param, body }, _req, res) => recordStaffResponse(ctx, currentStaff(res), param('id'), body));
  on(router, ROUTES.verifyResponse, ({ param }, _req, res) => verifyResponse(ctx, currentStaff(res), param('id')));
  return router;
}

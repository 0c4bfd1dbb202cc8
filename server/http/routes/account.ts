/** The signed-in user's own account (issue 21): setting up a second factor, and their sessions. */
import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { confirmEnrolment, startEnrolment } from '../../services/second-factor.js';
import { listSessions, revokeSession } from '../../services/staff-sessions.js';
import { currentStaff, signedInSession } from '../auth.js';
import { on } from '../route.js';

export function accountRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.startEnrolment, (_input, _req, res) => startEnrolment(ctx, currentStaff(res)));
  on(router, ROUTES.confirmEnrolment, ({ body }, _req, res) => confirmEnrolment(ctx, currentStaff(res), body.code));
  on(router, ROUTES.mySessions, (_input, _req, res) => listSessions(ctx, currentStaff(res).id, signedInSession(res).tokenHash));
  on(router, ROUTES.endMySession, async ({ param }, _req, res) => {
    const user = currentStaff(res);
    await revokeSession(ctx, user, user.id, param('id'));
  });
  return router;
}

/** The signed-in user's own account (issue 21): setting up a second factor, and their sessions. */
import { Router } from 'express';
import { secondFactorCodeSchema } from '../../contract/accounts.js';
import type { ServiceContext } from '../../services/context.js';
import { confirmEnrolment, startEnrolment } from '../../services/second-factor.js';
import { listSessions, revokeSession } from '../../services/staff-sessions.js';
import { currentStaff, signedInSession } from '../auth.js';

export function accountRouter(ctx: ServiceContext): Router {
  return Router()
    .post('/account/second-factor/enrolment', async (_req, res) => {
      res.json(await startEnrolment(ctx, currentStaff(res)));
    })
    .post('/account/second-factor/confirm', async (req, res) => {
      const user = currentStaff(res);
      const { code } = secondFactorCodeSchema.parse(req.body);
      res.json(await confirmEnrolment(ctx, user, code));
    })
    .get('/account/sessions', async (_req, res) => {
      const user = currentStaff(res);
      res.json(await listSessions(ctx, user.id, signedInSession(res).tokenHash));
    })
    .delete('/account/sessions/:id', async (req, res) => {
      const user = currentStaff(res);
      await revokeSession(ctx, user, user.id, String(req.params.id));
      res.status(204).end();
    });
}

import { Router, type Response } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { readUsers, readUserSessions } from '../../services/admin-reads.js';
import { createStaffUser, requireManagedUser, resetPassword, revokeUserSessions, updateStaffUserAccount } from '../../services/staff-auth.js';
import { resetSecondFactor } from '../../services/second-factor.js';
import { revokeSession } from '../../services/staff-sessions.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function usersRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.users, (_input, _req, res) => readUsers(ctx, currentStaff(res)));
  on(router, ROUTES.createUser, ({ body }, _req, res) => createStaffUser(ctx, currentStaff(res), body));
  // A unit admin manages the users of her units only (issue 24): another user is a 404, as an unknown id.
  const managed = async (res: Response, id: string) => {
    const by = currentStaff(res);
    await requireManagedUser(ctx, by, id);
    return by;
  };
  on(router, ROUTES.updateUser, async ({ param, body }, _req, res) => updateStaffUserAccount(ctx, await managed(res, param('id')), param('id'), body));
  on(router, ROUTES.resetPassword, async ({ param }, _req, res) => resetPassword(ctx, await managed(res, param('id')), param('id')));
  on(router, ROUTES.userSessions, async ({ param }, _req, res) => readUserSessions(ctx, await managed(res, param('id')), param('id')));
  on(router, ROUTES.revokeSessions, async ({ param }, _req, res) => revokeUserSessions(ctx, await managed(res, param('id')), param('id')));
  on(router, ROUTES.endUserSession, async ({ param }, _req, res) => revokeSession(ctx, await managed(res, param('id')), param('id'), param('sessionId')));
  // A lost phone: the user signs in with the password alone, or sets up a new factor when the site requires one.
  on(router, ROUTES.resetSecondFactor, async ({ param }, _req, res) => resetSecondFactor(ctx, await managed(res, param('id')), param('id')));
  return router;
}

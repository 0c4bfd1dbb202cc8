import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { readUsers, readUserSessions } from '../../services/admin-reads.js';
import { createStaffUser, resetPassword, revokeUserSessions, updateStaffUserAccount } from '../../services/staff-auth.js';
import { resetSecondFactor } from '../../services/second-factor.js';
import { revokeSession } from '../../services/staff-sessions.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function usersRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.users, (_input, _req, res) => readUsers(ctx, currentStaff(res)));
  on(router, ROUTES.createUser, ({ body }, _req, res) => createStaffUser(ctx, currentStaff(res), body));
  on(router, ROUTES.updateUser, ({ param, body }, _req, res) => updateStaffUserAccount(ctx, currentStaff(res), param('id'), body));
  on(router, ROUTES.resetPassword, ({ param }, _req, res) => resetPassword(ctx, currentStaff(res), param('id')));
  on(router, ROUTES.userSessions, ({ param }, _req, res) => readUserSessions(ctx, currentStaff(res), param('id')));
  on(router, ROUTES.revokeSessions, ({ param }, _req, res) => revokeUserSessions(ctx, currentStaff(res), param('id')));
  on(router, ROUTES.endUserSession, ({ param }, _req, res) => revokeSession(ctx, currentStaff(res), param('id'), param('sessionId')));
  // A lost phone: the user signs in with the password alone, or sets up a new factor when the site requires one.
  on(router, ROUTES.resetSecondFactor, ({ param }, _req, res) => resetSecondFactor(ctx, currentStaff(res), param('id')));
  return router;
}

import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { newStaffUserSchema, staffUserChangeSchema } from '../../contract/accounts.js';
import { readUsers, readUserSessions } from '../../services/admin-reads.js';
import { createStaffUser, resetPassword, revokeUserSessions, updateStaffUserAccount } from '../../services/staff-auth.js';
import { resetSecondFactor } from '../../services/second-factor.js';
import { revokeSession } from '../../services/staff-sessions.js';
import { currentStaff, requireRole } from '../auth.js';

export function usersRouter(ctx: ServiceContext): Router {
  const admin = requireRole('admin');
  return Router()
    .get('/users', admin, async (_req, res) => {
      res.json(await readUsers(ctx, currentStaff(res)));
    })
    .post('/users', admin, async (req, res) => {
      res.status(201).json(await createStaffUser(ctx, currentStaff(res), newStaffUserSchema.parse(req.body)));
    })
    .patch('/users/:id', admin, async (req, res) => {
      res.json(await updateStaffUserAccount(ctx, currentStaff(res), String(req.params.id), staffUserChangeSchema.parse(req.body)));
    })
    .post('/users/:id/password-reset', admin, async (req, res) => {
      res.json(await resetPassword(ctx, currentStaff(res), String(req.params.id)));
    })
    .get('/users/:id/sessions', admin, async (req, res) => {
      res.json(await readUserSessions(ctx, currentStaff(res), String(req.params.id)));
    })
    .delete('/users/:id/sessions', admin, async (req, res) => {
      res.json(await revokeUserSessions(ctx, currentStaff(res), String(req.params.id)));
    })
    .delete('/users/:id/sessions/:sessionId', admin, async (req, res) => {
      await revokeSession(ctx, currentStaff(res), String(req.params.id), String(req.params.sessionId));
      res.status(204).end();
    })
    // A lost phone: the user signs in with the password alone, or sets up a new factor when the site requires one.
    .delete('/users/:id/second-factor', admin, async (req, res) => {
      await resetSecondFactor(ctx, currentStaff(res), String(req.params.id));
      res.status(204).end();
    });
}

import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { newStaffUserSchema } from '../../contract/requests.js';
import { createStaffUser, listUsers } from '../../services/staff-auth.js';
import { currentStaff, requireRole } from '../auth.js';

export function usersRouter(ctx: ServiceContext): Router {
  const admin = requireRole('admin');
  return Router()
    .get('/users', admin, async (_req, res) => {
      res.json(await listUsers(ctx));
    })
    .post('/users', admin, async (req, res) => {
      res.status(201).json(await createStaffUser(ctx, currentStaff(res), newStaffUserSchema.parse(req.body)));
    });
}

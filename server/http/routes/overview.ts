import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { overview } from '../../services/flag-loop.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

/** The closed loop at a glance (issue 11): nurses and admins, of their units (issue 24). */
export function overviewRouter(ctx: ServiceContext): Router {
  return on(Router(), ROUTES.overview, (_input, _req, res) => overview(ctx, currentStaff(res)));
}

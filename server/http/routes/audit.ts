import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import { readAudit } from '../../services/admin-reads.js';
import type { ServiceContext } from '../../services/context.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function auditRouter(ctx: ServiceContext): Router {
  return on(Router(), ROUTES.audit, ({ query }, _req, res) => readAudit(ctx, currentStaff(res), query));
}

import { Router } from 'express';
import type { QuestionnaireSummary } from '../../contract/responses.js';
import type { ServiceContext } from '../../services/context.js';
import { requireRole, STAFF } from '../auth.js';

export function questionnairesRouter(ctx: ServiceContext): Router {
  return Router().get('/questionnaires', requireRole(...STAFF), (_req, res) => {
    res.json(ctx.questionnaires.list() satisfies QuestionnaireSummary[]);
  });
}

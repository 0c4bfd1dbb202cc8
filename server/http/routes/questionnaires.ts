import { Router } from 'express';
import { z } from 'zod';
import type { QuestionnaireSummary } from '../../contract/responses.js';
import type { ServiceContext } from '../../services/context.js';
import { questionnaireForm } from '../../services/questionnaire-form.js';
import { requireRole, STAFF } from '../auth.js';

const formQuery = z.object({ version: z.string().min(1).max(100).optional() });

export function questionnairesRouter(ctx: ServiceContext): Router {
  return Router()
    .get('/questionnaires', requireRole(...STAFF), (_req, res) => {
      res.json(ctx.questionnaires.list() satisfies QuestionnaireSummary[]);
    })
    .get('/questionnaires/:id/form', requireRole(...STAFF), async (req, res) => {
      res.json(await questionnaireForm(ctx, String(req.params.id), formQuery.parse(req.query).version));
    });
}

import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { questionnaireForm } from '../../services/questionnaire-form.js';
import { on } from '../route.js';

export function questionnairesRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.questionnaires, () => ctx.questionnaires.list());
  on(router, ROUTES.questionnaireForm, ({ param, query }) => questionnaireForm(ctx, param('id'), query.version, query.unitId));
  return router;
}

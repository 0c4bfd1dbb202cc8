import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { getSiteContact, getSiteSettings, updateSiteSettings } from '../../services/settings.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function settingsRouter(ctx: ServiceContext): Router {
  const router = Router();
  // Public: the patient page on a link it cannot open still shows whom to call.
  on(router, ROUTES.siteContact, () => getSiteContact(ctx));
  on(router, ROUTES.settings, () => getSiteSettings(ctx));
  on(router, ROUTES.updateSettings, ({ body }, _req, res) => updateSiteSettings(ctx, currentStaff(res), body));
  return router;
}

import { Router } from 'express';
import { settingsPatchSchema } from '../../contract/settings.js';
import type { ServiceContext } from '../../services/context.js';
import { getSiteContact, getSiteSettings, updateSiteSettings } from '../../services/settings.js';
import { currentStaff, requireRole, STAFF } from '../auth.js';

export function settingsRouter(ctx: ServiceContext): Router {
  return Router()
    // Public: the patient page on a link it cannot open still shows whom to call.
    .get('/site-contact', async (_req, res) => {
      res.json(await getSiteContact(ctx));
    })
    .get('/settings', requireRole(...STAFF), async (_req, res) => {
      res.json(await getSiteSettings(ctx));
    })
    .put('/settings', requireRole('admin'), async (req, res) => {
      res.json(await updateSiteSettings(ctx, currentStaff(res), settingsPatchSchema.parse(req.body)));
    });
}

/** Units (issue 24): the list, a new unit (site admin), and a unit's own settings (site admin or the unit's admin). */
import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { createUnit, getUnitSettings, listUnits, updateUnitSettings } from '../../services/units.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function unitsRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.units, () => listUnits(ctx));
  on(router, ROUTES.createUnit, ({ body }, _req, res) => createUnit(ctx, currentStaff(res), body));
  on(router, ROUTES.unitSettings, ({ param }, _req, res) => getUnitSettings(ctx, currentStaff(res), param('id')));
  on(router, ROUTES.updateUnitSettings, ({ param, body }, _req, res) => updateUnitSettings(ctx, currentStaff(res), param('id'), body));
  return router;
}

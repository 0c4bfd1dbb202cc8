import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { changeEnrolment, createProgramme, enrol, listProgrammes, patientEnrolments, updateProgramme } from '../../services/programmes.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

/** Programmes (issue 25): the admin's definitions and a patient's enrolments. */
export function programmesRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.programmes, () => listProgrammes(ctx));
  on(router, ROUTES.createProgramme, ({ body }, _req, res) => createProgramme(ctx, currentStaff(res), body));
  on(router, ROUTES.updateProgramme, ({ param, body }, _req, res) => updateProgramme(ctx, currentStaff(res), param('id'), body));
  // Patient-scoped: the patient must exist (services/programmes.ts requirePatient), as on the other patient routes.
  on(router, ROUTES.enrol, ({ param, body }, _req, res) => enrol(ctx, currentStaff(res), param('id'), body));
  on(router, ROUTES.patientEnrolments, ({ param }, _req, res) => patientEnrolments(ctx, currentStaff(res), param('id')));
  on(router, ROUTES.changeEnrolment, ({ param, body }, _req, res) => changeEnrolment(ctx, currentStaff(res), param('id'), body));
  return router;
}

import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { patientHistory } from '../../services/patient-history.js';
import { createPatient, findPatients, updatePatient } from '../../services/patients.js';
import { listEmergencyAccesses, openEmergencyAccess, openEmergencyAccessByExternalId } from '../../services/emergency-access.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

export function patientsRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.createPatient, ({ body }, _req, res) => createPatient(ctx, currentStaff(res), body));
  // Contact details and/or status (active, deceased, discharged).
  on(router, ROUTES.updatePatient, ({ param, body }, _req, res) => updatePatient(ctx, currentStaff(res), param('id'), body));
  on(router, ROUTES.patients, ({ query }, _req, res) => findPatients(ctx, currentStaff(res), query.query));
  // The team may read the history of patients referred to it (checked in the service).
  on(router, ROUTES.patientHistory, ({ param }, _req, res) => patientHistory(ctx, currentStaff(res), param('id')));
  // Break the glass (issue 24): a reason, audited; the patient's routes then answer her for a few hours.
  on(router, ROUTES.emergencyAccess, ({ param, body }, _req, res) => openEmergencyAccess(ctx, currentStaff(res), param('id'), body.reason));
  on(router, ROUTES.emergencyAccessByExternalId, ({ body }, _req, res) => openEmergencyAccessByExternalId(ctx, currentStaff(res), body.externalId, body.reason));
  on(router, ROUTES.emergencyAccesses, (_input, _req, res) => listEmergencyAccesses(ctx, currentStaff(res)));
  return router;
}

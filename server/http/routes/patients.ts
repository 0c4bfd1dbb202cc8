import { Router } from 'express';
import { newPatientSchema, patientSearchQuery, patientUpdateSchema } from '../../contract/requests.js';
import type { ServiceContext } from '../../services/context.js';
import { patientHistory } from '../../services/patient-history.js';
import { createPatient, findPatients, updatePatient } from '../../services/patients.js';
import { currentStaff, requireRole } from '../auth.js';

export function patientsRouter(ctx: ServiceContext): Router {
  const nurse = requireRole('nurse', 'admin');
  return Router()
    .post('/patients', nurse, async (req, res) => {
      res.status(201).json(await createPatient(ctx, currentStaff(res), newPatientSchema.parse(req.body)));
    })
    // Contact details and/or status (active, deceased, discharged).
    .patch('/patients/:id', nurse, async (req, res) => {
      res.json(await updatePatient(ctx, currentStaff(res), String(req.params.id), patientUpdateSchema.parse(req.body)));
    })
    .get('/patients', nurse, async (req, res) => {
      res.json(await findPatients(ctx, currentStaff(res), patientSearchQuery.parse(req.query).query));
    })
    // The team may read the history of patients referred to it (checked in the service).
    .get('/patients/:id/history', requireRole('nurse', 'palliative_team', 'admin'), async (req, res) => {
      res.json(await patientHistory(ctx, currentStaff(res), String(req.params.id)));
    });
}

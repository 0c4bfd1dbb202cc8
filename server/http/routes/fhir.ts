import { Router, type Request, type Response } from 'express';
import { fhirQuestionnaireQuery, fhirResponseQuery } from '../../contract/fhir.js';
import { FHIR_CONTENT_TYPE, type FhirResource } from '../../domain/fhir.js';
import type { ServiceContext } from '../../services/context.js';
import { fhirOptions, readFhirBundle, readFhirQuestionnaire, readFhirQuestionnaireResponse, searchFhirObservations } from '../../services/fhir.js';
import { currentStaff, requireRole } from '../auth.js';

/** FHIR R4, read-only, for nurses and admins (issue 14; docs/fhir.md). Errors keep the API's own shape. */
export function fhirRouter(ctx: ServiceContext): Router {
  const nurse = requireRole('nurse', 'admin');
  const options = (req: Request) => fhirOptions(ctx, `${req.protocol}://${req.get('host')}`);
  const send = (res: Response, resource: FhirResource) => {
    res.type(FHIR_CONTENT_TYPE).send(JSON.stringify(resource));
  };
  return Router()
    .get('/fhir/Questionnaire/:id', nurse, async (req, res) => {
      const { version } = fhirQuestionnaireQuery.parse(req.query);
      send(res, await readFhirQuestionnaire(ctx, currentStaff(res), String(req.params.id), version, options(req)));
    })
    .get('/fhir/QuestionnaireResponse/:id', nurse, async (req, res) => {
      send(res, await readFhirQuestionnaireResponse(ctx, currentStaff(res), String(req.params.id), options(req)));
    })
    .get('/fhir/Observation', nurse, async (req, res) => {
      const { response } = fhirResponseQuery.parse(req.query);
      const o = options(req);
      send(res, await searchFhirObservations(ctx, currentStaff(res), response, `${o.base}/Observation?response=${encodeURIComponent(response)}`, o));
    })
    .get('/fhir/Bundle', nurse, async (req, res) => {
      send(res, await readFhirBundle(ctx, currentStaff(res), fhirResponseQuery.parse(req.query).response, options(req)));
    });
}

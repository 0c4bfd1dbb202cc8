import { Router, type Request, type Response } from 'express';
import { ROUTES } from '../../contract/routes.js';
import { FHIR_CONTENT_TYPE, type FhirResource } from '../../domain/fhir.js';
import type { ServiceContext } from '../../services/context.js';
import { fhirOptions, readFhirBundle, readFhirQuestionnaire, readFhirQuestionnaireResponse, searchFhirObservations } from '../../services/fhir.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

/** FHIR R4, read-only, for nurses and admins (issue 14; docs/fhir.md). Errors keep the API's own shape. */
export function fhirRouter(ctx: ServiceContext): Router {
  const options = (req: Request) => fhirOptions(ctx, `${req.protocol}://${req.get('host')}`);
  const send = (res: Response, resource: FhirResource) => {
    res.type(FHIR_CONTENT_TYPE).send(JSON.stringify(resource));
  };
  const router = Router();
  on(router, ROUTES.fhirQuestionnaire, async ({ param, query }, req, res) => {
    send(res, await readFhirQuestionnaire(ctx, currentStaff(res), param('id'), query.version, options(req)));
  });
  on(router, ROUTES.fhirQuestionnaireResponse, async ({ param }, req, res) => {
    send(res, await readFhirQuestionnaireResponse(ctx, currentStaff(res), param('id'), options(req)));
  });
  on(router, ROUTES.fhirObservations, async ({ query: { response } }, req, res) => {
    const o = options(req);
    send(res, await searchFhirObservations(ctx, currentStaff(res), response, `${o.base}/Observation?response=${encodeURIComponent(response)}`, o));
  });
  on(router, ROUTES.fhirBundle, async ({ query: { response } }, req, res) => {
    send(res, await readFhirBundle(ctx, currentStaff(res), response, options(req)));
  });
  return router;
}

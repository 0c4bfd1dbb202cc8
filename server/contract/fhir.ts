/** FHIR R4 routes (issue 14): their query parameters. The resources are FHIR's own JSON (domain/fhir.ts). */
import { z } from 'zod';

/** `?response=<response id>` of the Observation search and the Bundle. */
export const fhirResponseQuery = z.object({ response: z.string({ error: 'required: the response id' }).trim().min(1, 'required: the response id').max(200) });

/** `?version=` of a Questionnaire: absent means the version served now. */
export const fhirQuestionnaireQuery = z.object({ version: z.string().trim().min(1).max(100).optional() });

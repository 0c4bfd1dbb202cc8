/** The rows FHIR R4 is made from (services/fhir.ts): a response with its patient's external id and its flag. */
import type { Db } from './database.js';

function responsesWithFlag(db: Db) {
  return db
    .selectFrom('responses')
    .innerJoin('patients', 'patients.id', 'responses.patient_id')
    .leftJoin('flags', 'flags.response_id', 'responses.id')
    .leftJoin('staff_users as recorder', 'recorder.id', 'responses.recorded_by')
    .select([
      'responses.mode', 'responses.relationship', 'responses.answered_on', 'recorder.username as recorded_by_username',
      'responses.id', 'responses.patient_id', 'responses.questionnaire_id', 'responses.questionnaire_version', 'responses.answers', 'responses.locale', 'responses.submitted_at',
      'patients.external_id as patient_external_id',
      'flags.id as flag_id', 'flags.level as flag_level', 'flags.urgent as flag_urgent', 'flags.reasons as flag_reasons', 'flags.created_at as flag_created_at',
    ]);
}

export type FhirResponseRow = Awaited<ReturnType<ReturnType<typeof responsesWithFlag>['executeTakeFirstOrThrow']>>;

export async function findResponseForFhir(db: Db, id: string): Promise<FhirResponseRow | undefined> {
  return responsesWithFlag(db).where('responses.id', '=', id).executeTakeFirst();
}

export interface FhirExportPage {
  /** Submitted at or after (ISO). */
  start: string;
  /** Submitted before (ISO). */
  end: string;
  /** The last response id of the previous page. */
  afterId?: string;
  limit: number;
}

/**
 * One page of the period's responses by id (UUIDv7: the order they were stored). Keyset paging on
 * the primary key, so every page resumes where the last ended and an export reads the table once,
 * with no index on submitted_at needed.
 */
export async function responsesForFhirPage(db: Db, page: FhirExportPage): Promise<FhirResponseRow[]> {
  let q = responsesWithFlag(db).where('responses.submitted_at', '>=', page.start).where('responses.submitted_at', '<', page.end);
  if (page.afterId !== undefined) q = q.where('responses.id', '>', page.afterId);
  return q.orderBy('responses.id').limit(page.limit).execute();
}

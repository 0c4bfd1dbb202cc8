/** The new-patient form: what is wrong with the id and the name, by the server's own newPatientSchema (issue 21). Pure. */
import { newPatientSchema } from '../../../server/contract/requests.js';
import type { MessageKey } from '../i18n.js';

export interface NewPatientDraft {
  externalId: string;
  name: string;
}

/** The message under the id or the name when the shared rules refuse it (contact details are checked by the server). */
export function newPatientProblems(d: NewPatientDraft): Partial<Record<keyof NewPatientDraft, MessageKey>> {
  const result = newPatientSchema.pick({ externalId: true, name: true }).safeParse(d);
  const problems: Partial<Record<keyof NewPatientDraft, MessageKey>> = {};
  for (const issue of result.error?.issues ?? []) {
    const field = issue.path[0];
    if (field === 'externalId' && !problems.externalId) problems.externalId = 'externalIdRule';
    if (field === 'name' && !problems.name) problems.name = 'patientNameRule';
  }
  return problems;
}

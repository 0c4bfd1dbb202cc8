/** The new-patient form: what is wrong with the id and the name, by the server's own newPatientSchema (issue 21). Pure. */
import { newPatientSchema } from '../../../server/contract/requests.js';
import type { MessageKey } from '../i18n.js';
import { fieldProblems } from './field-problems.js';

export interface NewPatientDraft {
  externalId: string;
  name: string;
}

const MESSAGE_OF_FIELD: Record<keyof NewPatientDraft, MessageKey> = { externalId: 'externalIdRule', name: 'patientNameRule' };

/** The message under the id or the name when the shared rules refuse it (contact details are checked by the server). */
export function newPatientProblems(d: NewPatientDraft): Partial<Record<keyof NewPatientDraft, MessageKey>> {
  return fieldProblems<keyof NewPatientDraft>(newPatientSchema.pick({ externalId: true, name: true }).safeParse(d).error?.issues, (field) => MESSAGE_OF_FIELD[field]);
}

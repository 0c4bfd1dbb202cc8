import { describe, expect, it } from 'vitest';
import { newPatientProblems } from '../../client/staff/logic/new-patient.js';

describe('the new-patient form (the server\'s own rules)', () => {
  it('passes Danish and accented names and ids of letters, digits and -', () => {
    expect(newPatientProblems({ externalId: '010203-1234', name: 'Søren Ærø Åsted' })).toEqual({});
    expect(newPatientProblems({ externalId: 'DEMO-1001', name: 'José Müller' })).toEqual({});
  });

  it.each([
    [{ externalId: '010203 1234', name: 'Karen Jensen' }, { externalId: 'externalIdRule' }],
    [{ externalId: '=1+2', name: 'Karen Jensen' }, { externalId: 'externalIdRule' }],
    [{ externalId: 'ok-1', name: 'K\u0430ren Jensen' }, { name: 'patientNameRule' }],
    [{ externalId: 'ok-1', name: 'Karen\u200BJensen' }, { name: 'patientNameRule' }],
    [{ externalId: '', name: '' }, { externalId: 'externalIdRule', name: 'patientNameRule' }],
  ])('names the field the server would refuse: %j', (draft, problems) => {
    expect(newPatientProblems(draft)).toEqual(problems);
  });
});

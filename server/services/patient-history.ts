/** Every response of a patient with its scale scores over time: a read of the patient's data, audited. */
import type { PatientHistory } from '../contract/responses.js';
import { responsesOfPatient } from '../storage/responses.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { requirePatientAccess } from './access.js';
import { runningEmergencyAccessOf } from './emergency-access.js';
import { unitIdsOfPatient } from '../storage/units.js';
import { patientSummary } from './patients.js';
import { definitionsFor, describeScores, provenanceOf, questionnaireSummary, scoresByResponse } from './pro-summary.js';

export async function patientHistory(ctx: ServiceContext, by: StaffActor, patientId: string): Promise<PatientHistory> {
  // Need-to-know (issue 24): her units' patients; the team's, while referred to it (services/access.ts).
  const patient = await requirePatientAccess(ctx, by, patientId);
  const responses = await responsesOfPatient(ctx.db, patientId);
  const scores = await scoresByResponse(ctx.db, responses.map((r) => r.id));
  const definition = await definitionsFor(ctx, responses);
  await recordAudit(ctx.db, by, ctx.now(), { action: 'history.read', entityType: 'patient', entityId: patientId, patientId });
  return {
    patient: { ...patientSummary(patient), status: patient.status, unitIds: await unitIdsOfPatient(ctx.db, patientId) },
    emergencyAccess: await runningEmergencyAccessOf(ctx, by, patientId),
    responses: responses.map((r) => {
      const q = definition(r);
      return {
        ...provenanceOf(r),
        responseId: r.id,
        flagId: r.flag_id,
        level: r.flag_level,
        status: r.flag_status,
        questionnaire: questionnaireSummary(q, r.questionnaire_id, r.questionnaire_version),
        submittedAt: r.submitted_at,
        scores: q ? describeScores(q.definition, scores.get(r.id) ?? []).map(({ scale, title, kind, score, threshold, isNeed }) => ({ scale, title, kind, score, threshold, isNeed })) : [],
      };
    }),
  };
}

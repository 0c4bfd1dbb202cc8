/**
 * A patient submits answers: validate → score → flag → store → audit, in one transaction, before
 * the 201. The client-made id is the idempotency key: a retry with it gets the same result (the
 * server-made responseId) and stores nothing twice.
 */
import { z } from 'zod';
import { assessResponse } from '../domain/assessment.js';
import { LEVEL_RANK } from '../domain/flagging.js';
import { isUniqueViolation, type Db } from '../storage/database.js';
import { insertFlag } from '../storage/flags.js';
import { inGroupTransaction } from '../storage/group-commit.js';
import { markAnswered, type InvitationRow } from '../storage/invitations.js';
import { findResponseByClientId, insertResponse } from '../storage/responses.js';
import { recordAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { assertOpen, invitationByToken, LOCALES, patientActor } from './invitations.js';

export const submissionSchema = z.object({
  id: z.uuid(),
  answers: z.unknown(),
  locale: z.enum(LOCALES).optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

export interface SubmissionResult {
  responseId: string;
  /** The questionnaire's "what happens next" text for the patient; never scores. */
  nextSteps: { da: string; en: string };
}

export async function submitResponse(ctx: ServiceContext, token: string, input: Submission): Promise<SubmissionResult> {
  try {
    // One transaction per submission, shared with submissions arriving meanwhile (one fsync for all).
    return await inGroupTransaction(ctx.db, (tx) => submitInTransaction(ctx, tx, token, input));
  } catch (error) {
    // A concurrent retry with the same id committed first (another process on PostgreSQL): answer as for any retry.
    if (isUniqueViolation(error)) return inGroupTransaction(ctx.db, (tx) => submitInTransaction(ctx, tx, token, input));
    throw error;
  }
}

async function submitInTransaction(ctx: ServiceContext, tx: Db, token: string, input: Submission): Promise<SubmissionResult> {
  const invitation = await invitationByToken(tx, token);
  const earlier = await findResponseByClientId(tx, input.id);
  if (earlier) return resultOfEarlier(ctx, tx, invitation, earlier);

  const now = ctx.now();
  assertOpen(invitation, now);
  const questionnaire = ctx.questionnaires.current(invitation.questionnaire_id);
  if (!questionnaire) throw new ServiceError('unavailable', 'questionnaire_unavailable', 'This questionnaire is not available at the moment');
  // Throws AnswerValidationError (→ 422) before anything is written; the transaction then rolls back.
  const { scores, flag } = assessResponse(questionnaire, input.answers);

  // Spend the token first: of two concurrent submissions with different ids, only one gets past here.
  if (!(await markAnswered(tx, invitation.id, now.toISOString()))) {
    throw new ServiceError('gone', 'invitation_answered', 'These questions have already been answered');
  }
  const at = now.toISOString();
  const { definition } = questionnaire;
  const responseId = ctx.newId();
  await ctx.questionnaires.ensureStored(tx, definition.id, now);
  await insertResponse(
    tx,
    {
      id: responseId, client_id: input.id, invitation_id: invitation.id, patient_id: invitation.patient_id, questionnaire_id: definition.id,
      questionnaire_version: definition.version, answers: JSON.stringify(input.answers), locale: input.locale ?? null, submitted_at: at,
    },
    scores.map((s) => ({ response_id: responseId, scale: s.scale, score: s.score, items_used: JSON.stringify(s.itemsUsed) })),
  );
  const flagId = ctx.newId();
  await insertFlag(tx, {
    id: flagId, response_id: responseId, patient_id: invitation.patient_id, level: flag.level, level_rank: LEVEL_RANK[flag.level],
    status: 'open', reasons: JSON.stringify(flag.reasons), created_at: at, updated_at: at, return_reason: null,
  });
  await recordAudit(tx, patientActor(invitation), now, {
    action: 'response.submitted', entityType: 'response', entityId: responseId, patientId: invitation.patient_id,
    details: { invitationId: invitation.id, flagId, level: flag.level },
  });
  return { responseId, nextSteps: definition.completion };
}

async function resultOfEarlier(ctx: ServiceContext, tx: Db, invitation: InvitationRow, earlier: { id: string; invitation_id: string; questionnaire_id: string; questionnaire_version: string }): Promise<SubmissionResult> {
  if (earlier.invitation_id !== invitation.id) {
    throw new ServiceError('conflict', 'response_id_conflict', 'This response id was already used for another invitation');
  }
  const version = await ctx.questionnaires.version(tx, earlier.questionnaire_id, earlier.questionnaire_version);
  if (!version) throw new Error(`Questionnaire ${earlier.questionnaire_id}@${earlier.questionnaire_version} of response ${earlier.id} is missing`);
  return { responseId: earlier.id, nextSteps: version.definition.completion };
}

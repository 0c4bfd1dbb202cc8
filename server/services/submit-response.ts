/**
 * A patient submits answers. First, on committed data and without writing: the invitation (and,
 * when it is spent, the response it was answered with), validation, scores and flag. Then one
 * transaction spends the token (only if still unspent), stores response, scores and flag, and
 * writes the audit entry, all or nothing, before the 201. The client-made id is the idempotency
 * key within the invitation (one response per invitation): a retry with it gets the same result
 * (the server-made responseId) and stores nothing twice; another id meets a spent link (410).
 */
import { z } from 'zod';
import { assessResponse } from '../domain/assessment.js';
import { LEVEL_RANK } from '../domain/flagging.js';
import { toStoredReasons } from '../domain/stored-reasons.js';
import { insertAuditEntryQuery } from '../storage/audit-log.js';
import { isUniqueViolation } from '../storage/database.js';
import { insertFlagQuery } from '../storage/flags.js';
import { commitInGroup, statement, type WriteStatement } from '../storage/group-commit.js';
import { markAnsweredQuery } from '../storage/invitations.js';
import { findResponseOfInvitation, insertResponseQueries, type ResponseRow } from '../storage/responses.js';
import { auditEntry } from './audit.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { assertOpen, invitationByToken, LOCALES, patientActor } from './invitations.js';

export const submissionSchema = z.object({
  id: z.uuid(),
  answers: z.unknown(),
  locale: z.enum(LOCALES).optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

interface SubmissionResult {
  responseId: string;
  /** The questionnaire's "what happens next" text for the patient; never scores. */
  nextSteps: { da: string; en: string };
}

/** A write that lost a race (token spent or response stored meanwhile) is retried from the start, which then answers 410 or the earlier result. */
const ATTEMPTS = 3;

export async function submitResponse(ctx: ServiceContext, token: string, input: Submission): Promise<SubmissionResult> {
  for (let attempt = 1; ; attempt++) {
    const invitation = await invitationByToken(ctx.db, token);
    if (invitation.answered_at !== null) {
      // Spent: by this very submission (a retry gets its result again), or by another (410 below).
      const earlier = await findResponseOfInvitation(ctx.db, invitation.id);
      if (earlier && earlier.client_id === input.id) return resultOfEarlier(ctx, earlier);
    }

    const now = ctx.now();
    assertOpen(invitation, now);
    const questionnaire = ctx.questionnaires.current(invitation.questionnaire_id);
    if (!questionnaire) throw new ServiceError('unavailable', 'questionnaire_unavailable', 'This questionnaire is not available at the moment');
    // Throws AnswerValidationError (→ 422) before anything is written.
    const { scores, flag } = assessResponse(questionnaire, input.answers);

    const at = now.toISOString();
    const { definition } = questionnaire;
    const responseId = ctx.newId();
    const flagId = ctx.newId();
    const storeDefinition = ctx.questionnaires.storeQuery(ctx.db, definition.id, now);
    const unit: WriteStatement[] = [
      // Spends the token only if still unspent: of two concurrent submissions, one changes the row.
      statement(markAnsweredQuery(ctx.db, invitation.id, at), 1),
      ...(storeDefinition ? [statement(storeDefinition)] : []),
      ...insertResponseQueries(
        ctx.db,
        {
          id: responseId, client_id: input.id, invitation_id: invitation.id, patient_id: invitation.patient_id, questionnaire_id: definition.id,
          questionnaire_version: definition.version, answers: JSON.stringify(input.answers), locale: input.locale ?? null, submitted_at: at,
        },
        scores.map((s) => ({ response_id: responseId, scale: s.scale, score: s.score, items_used: JSON.stringify(s.itemsUsed) })),
      ).map((q) => statement(q)),
      statement(insertFlagQuery(ctx.db, {
        id: flagId, response_id: responseId, patient_id: invitation.patient_id, level: flag.level, level_rank: LEVEL_RANK[flag.level],
        status: 'open', reasons: JSON.stringify(toStoredReasons(flag.reasons)), created_at: at, updated_at: at, return_reason: null,
      })),
      statement(insertAuditEntryQuery(ctx.db, auditEntry(patientActor(invitation), now, {
        action: 'response.submitted', entityType: 'response', entityId: responseId, patientId: invitation.patient_id,
        details: { invitationId: invitation.id, flagId, level: flag.level },
      }))),
    ];
    const outcome = await commitInGroup(ctx.db, unit);
    if (outcome.ok) return { responseId, nextSteps: definition.completion };
    const lostRace = 'precondition' in outcome || isUniqueViolation(outcome.error);
    if (!lostRace) throw outcome.error;
    if (attempt >= ATTEMPTS) throw new ServiceError('conflict', 'submission_conflict', 'The submission conflicted with another; try again');
  }
}

async function resultOfEarlier(ctx: ServiceContext, earlier: ResponseRow): Promise<SubmissionResult> {
  const version = await ctx.questionnaires.version(ctx.db, earlier.questionnaire_id, earlier.questionnaire_version);
  if (!version) throw new Error(`Questionnaire ${earlier.questionnaire_id}@${earlier.questionnaire_version} of response ${earlier.id} is missing`);
  return { responseId: earlier.id, nextSteps: version.definition.completion };
}

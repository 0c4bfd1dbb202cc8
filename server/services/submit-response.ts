/**
 * A patient submits answers. First, on committed data and without writing: the invitation (and,
 * when it is spent, the response it was answered with), validation, scores, flag and the scales
 * worse than in the patient's previous response. Then
 * storeSubmission spends the token (only if still unspent) and stores response, scores, flag and
 * audit entry in one transaction, all or nothing, before the 201. The client-made id is the idempotency
 * key within the invitation (one response per invitation): a retry with it gets the same result
 * (the server-made responseId) and stores nothing twice; another id meets a spent link (410).
 */
import { assessResponse } from '../domain/assessment.js';
import { LEVEL_RANK } from '../contract/codes.js';
import type { Submission } from '../contract/requests.js';
import type { SubmissionResult } from '../contract/responses.js';
import { dueAtFor } from '../domain/flag-loop.js';
import { toStoredReasons } from '../domain/stored-reasons.js';
import { worseSinceLast } from '../domain/scoring.js';
import { findResponseOfInvitation, latestScoresOfPatient, type ResponseRow } from '../storage/responses.js';
import { storeSubmission } from '../storage/submissions.js';
import { auditEntry } from './audit.js';
import type { ServiceContext } from './context.js';
import { ServiceError } from './errors.js';
import { assertOpen, invitationByToken, patientActor } from './invitations.js';

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
    const { answers, scores, flag } = assessResponse(questionnaire, input.answers);
    // Against the previous response as it stands now: fixed with the flag, whatever comes later.
    const previous = await latestScoresOfPatient(ctx.db, invitation.patient_id, invitation.questionnaire_id);
    const worse = worseSinceLast(questionnaire.definition, previous.map((s) => ({ scale: s.scale, score: s.score === null ? null : Number(s.score) })), scores);

    const at = now.toISOString();
    // Fixed now: a later change of the site's deadlines does not move it.
    const dueAt = dueAtFor(now, (await ctx.siteSettings()).deadlines, flag).toISOString();
    const { definition } = questionnaire;
    const responseId = ctx.newId();
    const flagId = ctx.newId();
    const stored = await storeSubmission(ctx.db, {
      invitationId: invitation.id,
      questionnaireVersion: ctx.questionnaires.versionToStore(definition.id, now),
      response: {
        id: responseId, client_id: input.id, invitation_id: invitation.id, patient_id: invitation.patient_id, questionnaire_id: definition.id,
        questionnaire_version: definition.version, answers: JSON.stringify(answers), locale: input.locale ?? null, submitted_at: at,
      },
      scores: scores.map((s) => ({ response_id: responseId, scale: s.scale, score: s.score, items_used: JSON.stringify(s.itemsUsed) })),
      flag: {
        id: flagId, response_id: responseId, patient_id: invitation.patient_id, level: flag.level, level_rank: LEVEL_RANK[flag.level],
        urgent: flag.urgent ? 1 : 0, own_words: flag.ownWords ? 1 : 0, worse_since_last: JSON.stringify(worse),
        status: 'open', reasons: JSON.stringify(toStoredReasons(flag.reasons, flag.urgentReasons)), created_at: at, updated_at: at, return_reason: null,
        due_at: dueAt,
      },
      audit: auditEntry(patientActor(invitation), now, {
        action: 'response.submitted', entityType: 'response', entityId: responseId, patientId: invitation.patient_id,
        details: { invitationId: invitation.id, flagId, level: flag.level, urgent: flag.urgent },
      }),
    });
    if (stored) return { responseId, nextSteps: definition.completion };
    // Lost the race (the invitation was spent meanwhile): the next attempt answers 410 or the earlier result.
    if (attempt >= ATTEMPTS) throw new ServiceError('conflict', 'submission_conflict', 'The submission conflicted with another; try again');
  }
}

async function resultOfEarlier(ctx: ServiceContext, earlier: ResponseRow): Promise<SubmissionResult> {
  const version = await ctx.questionnaires.version(ctx.db, earlier.questionnaire_id, earlier.questionnaire_version);
  if (!version) throw new Error(`Questionnaire ${earlier.questionnaire_id}@${earlier.questionnaire_version} of response ${earlier.id} is missing`);
  return { responseId: earlier.id, nextSteps: version.definition.completion };
}

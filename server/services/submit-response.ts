/**
 * Answers arrive: from the patient's or a relative's link (submitResponse), or entered by staff
 * with the patient or from a paper form (recordStaffResponse, issue 13). Both go the same way:
 * first, on committed data and without writing, validation, scores, flag, the scales worse than in
 * the previous response of the same kind of respondent and the trend rule (assessSubmission); then storeSubmission stores
 * response, scores, flag and audit entry in one transaction, all or nothing, before the 201.
 *
 * The client-made id is the idempotency key: a retry with it gets the same result (the server-made
 * responseId) and stores nothing twice. On a link it is keyed within the invitation (one response
 * per invitation; another id meets a spent link, 410). A staff entry makes an invitation of its
 * own, already answered, keyed by patient and client id (staffEntryKey): every response still
 * answers one invitation, which records who asked and why (trigger), and a concurrent retry meets
 * that key's unique index and stores nothing.
 */
import { assessResponse } from '../domain/assessment.js';
import { LEVEL_RANK, type Respondent, type ResponseMode } from '../contract/codes.js';
import type { StaffResponse, Submission } from '../contract/requests.js';
import type { StaffEntryResult, SubmissionResult } from '../contract/responses.js';
import type { AuditAction } from '../contract/audit.js';
import { calendarDate, dueAtFor } from '../domain/flag-loop.js';
import { initialFlagStatus } from '../domain/flag-state.js';
import { toStoredReasons } from '../domain/stored-reasons.js';
import { worseSinceLast } from '../domain/scoring.js';
import { ownWordsBy } from '../domain/own-words.js';
import { ownLinkProvenance } from '../domain/respondent.js';
import { localizedTitle, withTrend, worseByTwoSteps } from '../domain/trend.js';
import type { NewRow } from '../storage/database.js';
import { findFlagOfResponse } from '../storage/flags.js';
import { findInvitationByTokenHash, openLinkInvitations, STAFF_ENTRY_KEY_PREFIX } from '../storage/invitations.js';
import { findResponseOfInvitation, latestResponseOfPatient, type ResponseRow } from '../storage/responses.js';
import { storeSubmission, type NewSubmission } from '../storage/submissions.js';
import { auditEntry } from './audit.js';
import type { Actor, ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { SITE_TIME_ZONE } from './flag-loop.js';
import { assertOpen, invitationByToken, patientActor } from './invitations.js';
import { requirePatientAccess, scopeOf, unitForEntry } from './access.js';
import { settingsForUnit } from './units.js';
import type { QuestionnaireVersion } from './questionnaires.js';

/** A write that lost a race (token spent or response stored meanwhile) is retried from the start, which then answers 410 or the earlier result. */
const ATTEMPTS = 3;

/** How the answers were given and by whom (the response's mode columns, migration 0012). */
interface Provenance {
  mode: ResponseMode;
  respondent: Respondent;
  relationship: string | null;
  /** The staff user who entered them (assisted, paper). */
  recordedBy: string | null;
  /** A paper form's own date; null: the day they were submitted. */
  answeredOn: string | null;
}

interface SubmissionInput {
  invitationId: string;
  patientId: string;
  /** The invitation's unit: its deadlines apply, and the flag belongs to it. */
  unitId: string;
  questionnaire: QuestionnaireVersion;
  clientId: string;
  answers: unknown;
  locale: string | null;
  provenance: Provenance;
  /** The patient's own link: the answer to `respondent` (who is filling in) sets mode and respondent. */
  asksWhoAnswers: boolean;
  actor: Actor;
  /** The audit entry's action and its own details (the ids, level and mode are added). */
  action: AuditAction;
  details: Record<string, unknown>;
}

/**
 * Everything a submission stores, checked and scored, the same for every mode. Throws
 * AnswerValidationError (→ 422) before anything is written. A paper entry's flag waits for a
 * second staff user to check the transcription (awaiting_verification); its deadline runs from now
 * all the same, so an unverified urgent paper answer is escalated like any overdue flag.
 */
async function assessSubmission(ctx: ServiceContext, now: Date, input: SubmissionInput) {
  const assessment = assessResponse(input.questionnaire, input.answers);
  const { answers, scores } = assessment;
  const { definition, questions } = input.questionnaire;
  const p: Provenance = input.asksWhoAnswers ? { ...input.provenance, ...ownLinkProvenance(answers) } : input.provenance;
  // Against the same kind of respondent's previous response as it stands now: fixed with the flag, whatever comes later.
  const answerDay = p.answeredOn ?? calendarDate(now, SITE_TIME_ZONE);
  const previous = await latestResponseOfPatient(ctx.db, { patientId: input.patientId, questionnaireId: definition.id, day: answerDay, respondent: p.respondent });
  const worse = worseSinceLast(definition, (previous?.scores ?? []).map((s) => ({ scale: s.scale, score: s.score === null ? null : Number(s.score) })), scores);
  const trend = previous
    ? worseByTwoSteps(definition.scales, (item) => localizedTitle(questions.get(item)?.title, item), JSON.parse(previous.answers) as Record<string, unknown>, answers)
    : [];
  const flag = ownWordsBy(withTrend(assessment.flag, trend), p.respondent);
  const at = now.toISOString();
  // Fixed now: a later change of the unit's (or the site's) deadlines does not move it.
  const dueAt = dueAtFor(now, (await settingsForUnit(ctx, ctx.db, input.unitId)).deadlines, flag).toISOString();
  const status = initialFlagStatus(p.mode);
  const responseId = ctx.newId();
  const flagId = ctx.newId();
  const submission: NewSubmission = {
    invitationId: input.invitationId,
    questionnaireVersion: ctx.questionnaires.versionToStore(definition.id, now),
    response: {
      id: responseId, client_id: input.clientId, invitation_id: input.invitationId, patient_id: input.patientId, questionnaire_id: definition.id,
      questionnaire_version: definition.version, answers: JSON.stringify(answers), locale: input.locale, submitted_at: at,
      mode: p.mode, respondent: p.respondent, relationship: p.relationship, recorded_by: p.recordedBy, answered_on: p.answeredOn, verified_by: null, verified_at: null,
    },
    scores: scores.map((s) => ({ response_id: responseId, scale: s.scale, score: s.score, items_used: JSON.stringify(s.itemsUsed) })),
    flag: {
      id: flagId, response_id: responseId, patient_id: input.patientId, level: flag.level, level_rank: LEVEL_RANK[flag.level],
      urgent: flag.urgent ? 1 : 0, own_words: flag.ownWords ? 1 : 0, worse_since_last: JSON.stringify(worse),
      status, reasons: JSON.stringify(toStoredReasons(flag.reasons, flag.urgentReasons)), created_at: at, updated_at: at, return_reason: null,
      due_at: dueAt, unit_id: input.unitId,
    },
    audit: auditEntry(input.actor, now, {
      action: input.action, entityType: 'response', entityId: responseId, patientId: input.patientId,
      details: { ...input.details, flagId, level: flag.level, urgent: flag.urgent, mode: p.mode, respondent: p.respondent },
    }),
  };
  return { responseId, flagId, status, submission };
}

/** The patient (or, on a relative's link, the relative) submits answers. */
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
    const byRelative = invitation.respondent === 'relative';
    const { responseId, submission } = await assessSubmission(ctx, now, {
      invitationId: invitation.id, patientId: invitation.patient_id, unitId: invitation.unit_id, questionnaire, clientId: input.id, answers: input.answers, locale: input.locale ?? null,
      provenance: { mode: byRelative ? 'proxy' : 'self', respondent: byRelative ? 'relative' : 'patient', relationship: invitation.relationship, recordedBy: null, answeredOn: null },
      // A relative's own link does not show the question (openInvitation hides it): its mode stays proxy.
      asksWhoAnswers: !byRelative,
      actor: patientActor(invitation), action: 'response.submitted', details: { invitationId: invitation.id },
    });
    if (await storeSubmission(ctx.db, submission)) return { responseId, nextSteps: questionnaire.definition.completion, urgent: submission.flag.urgent === 1 };
    // Lost the race (the invitation was spent meanwhile): the next attempt answers 410 or the earlier result.
    if (attempt >= ATTEMPTS) throw new ServiceError('conflict', 'submission_conflict', 'The submission conflicted with another; try again');
  }
}

async function resultOfEarlier(ctx: ServiceContext, earlier: ResponseRow): Promise<SubmissionResult> {
  const version = await ctx.questionnaires.version(ctx.db, earlier.questionnaire_id, earlier.questionnaire_version);
  if (!version) throw new Error(`Questionnaire ${earlier.questionnaire_id}@${earlier.questionnaire_version} of response ${earlier.id} is missing`);
  const flag = await findFlagOfResponse(ctx.db, earlier.id);
  return { responseId: earlier.id, nextSteps: version.definition.completion, urgent: flag?.urgent === 1 };
}

/** The token_hash of a staff entry's own invitation: unique, so one patient's client id makes one entry. */
const staffEntryKey = (patientId: string, clientId: string): string => `${STAFF_ENTRY_KEY_PREFIX}${patientId}:${clientId}`;

/**
 * Staff record answers given with them (assisted) or on paper (paper), with the same
 * questionnaire version, validation, scoring and flagging as a link. 422 for an answeredOn after
 * the clinic's today; a paper entry's flag awaits verification by another staff user. The
 * patient's open link for the same questionnaire is answered by it (linksAnsweredByEntry).
 */
export async function recordStaffResponse(ctx: ServiceContext, by: StaffActor, patientId: string, input: StaffResponse): Promise<StaffEntryResult> {
  const scope = await scopeOf(ctx.db, by, ctx.now());
  await requirePatientAccess(ctx, by, patientId, scope);
  const key = staffEntryKey(patientId, input.id);
  for (let attempt = 1; ; attempt++) {
    const earlier = await findInvitationByTokenHash(ctx.db, key);
    if (earlier) return staffResultOfEarlier(ctx, earlier.id);

    const now = ctx.now();
    if (input.answeredOn !== undefined && input.answeredOn > calendarDate(now, SITE_TIME_ZONE)) {
      throw new ServiceError('invalid', 'answered_on_in_future', 'The date the patient answered cannot be in the future', [{ path: 'answeredOn', message: 'must not be after today' }]);
    }
    const questionnaire = ctx.questionnaires.current(input.questionnaireId);
    if (!questionnaire) {
      throw new ServiceError('invalid', 'unknown_questionnaire', `No questionnaire "${input.questionnaireId}"`, { questionnaireId: input.questionnaireId });
    }
    const unitId = await unitForEntry(ctx.db, scope, patientId, input.unitId);
    const at = now.toISOString();
    const invitation: NewRow<'invitations'> = {
      id: ctx.newId(), token_hash: key, patient_id: patientId, questionnaire_id: input.questionnaireId, trigger: input.trigger,
      created_by: by.id, created_at: at, expires_at: at, answered_at: at, draft_answers: null, draft_locale: null, draft_page: null, draft_saved_at: null,
      respondent: input.respondent, relationship: input.relationship ?? null, withdrawn_at: null, unit_id: unitId,
    };
    const { responseId, flagId, status, submission } = await assessSubmission(ctx, now, {
      invitationId: invitation.id, patientId, unitId, questionnaire, clientId: input.id, answers: input.answers, locale: input.locale ?? null,
      provenance: { mode: input.mode, respondent: input.respondent, relationship: input.relationship ?? null, recordedBy: by.id, answeredOn: input.answeredOn ?? null },
      asksWhoAnswers: false,
      actor: by, action: 'response.recorded', details: { invitationId: invitation.id, answeredOn: input.answeredOn ?? null },
    });
    const answersLinks = (await linksAnsweredByEntry(ctx, patientId, input, now)).map((id) => ({
      invitationId: id,
      audit: auditEntry(by, now, { action: 'invitation.answered_by_staff_entry', entityType: 'invitation', entityId: id, patientId, details: { responseId, mode: input.mode } }),
    }));
    if (await storeSubmission(ctx.db, { ...submission, newInvitation: invitation, answersLinks })) return { responseId, flagId, status };
    // A retry with the same id stored it meanwhile: the next attempt finds it.
    if (attempt >= ATTEMPTS) throw new ServiceError('conflict', 'submission_conflict', 'The submission conflicted with another; try again');
  }
}

/**
 * The open link invitations a staff entry answers (issue 23): the same patient and questionnaire,
 * the patient's own link and a relative's alike (the request was for this questionnaire, and it is
 * answered: nobody is left called about a link that no longer asks anything), so each leaves the
 * open list and answers 410. Not one made after the day a paper form is dated: that form answered an earlier request.
 */
async function linksAnsweredByEntry(ctx: ServiceContext, patientId: string, input: StaffResponse, now: Date): Promise<string[]> {
  const open = await openLinkInvitations(ctx.db, { patientId, questionnaireId: input.questionnaireId, now: now.toISOString() });
  const answeredOn = input.answeredOn;
  return open.filter((i) => answeredOn === undefined || calendarDate(new Date(i.created_at), SITE_TIME_ZONE) <= answeredOn).map((i) => i.id);
}

async function staffResultOfEarlier(ctx: ServiceContext, invitationId: string): Promise<StaffEntryResult> {
  const response = await findResponseOfInvitation(ctx.db, invitationId);
  const flag = response && (await findFlagOfResponse(ctx.db, response.id));
  if (!response || !flag) throw new Error(`The staff entry of invitation ${invitationId} has no response or flag`);
  return { responseId: response.id, flagId: flag.id, status: flag.status };
}

/**
 * The JSON every API route sends, declared once: the services build their results against these
 * types and the client reads them. Types only (nothing here reaches a bundle).
 */
import type {
  CallOutcome, SendChannel, DecisionAction, FlagOutcome, FlagStatus, Level, Locale, Localized, PatientChannel, PatientStatus, ReferralStatus, Respondent, ResponseMode, RuleLevel, ScaleKind, Trigger,
} from './codes.js';
import type { EnrolmentReason, EnrolmentStatus, OccurrenceState, WhenOpen } from './codes.js';
import type { Schedule } from './schedule.js';
import type { SiteInfo } from './settings.js';

/**
 * Codes of the server's guards (issue 12), beside the routes' own: 429 too_many_requests (with
 * Retry-After and `details.retryAfterSeconds`), 422 too_deep (JSON nested deeper than
 * MAX_JSON_DEPTH), 403 foreign_origin (a state-changing request from another site), 503
 * storage_unavailable (the database cannot be read or written at the moment; try again).
 */
export const GUARD_ERROR_CODES = ['too_many_requests', 'too_deep', 'invalid_utf8', 'foreign_origin', 'storage_unavailable'] as const;
export const MAX_JSON_DEPTH = 32;

/**
 * Codes of inclusive answering (issue 13), beside invalid_request and invalid_answers (422):
 * 422 answered_on_in_future (a staff entry's `answeredOn` after today), 404 response_not_found,
 * 409 verifier_is_recorder (the transcription is checked by a second staff user),
 * 409 not_awaiting_verification (not a paper entry, or verified already), 409 flag_awaiting_verification
 * (a decision on a paper entry before its transcription is verified).
 */
export const ANSWERING_ERROR_CODES = [
  'answered_on_in_future', 'response_not_found', 'verifier_is_recorder', 'not_awaiting_verification', 'flag_awaiting_verification',
] as const;

/** `{ error: { code, message, details? } }`: every 4xx and 5xx. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
/** A detail of a 422 `invalid_request`: the field (dotted path, `$` for the whole body) and what is wrong. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A SurveyJS localizable string: English under `default`, Danish under `da`; or a plain string. */
export type SurveyText = string | { [lang: string]: string | undefined };

// ---- staff: sign-in, users, questionnaires, patients, invitations

export type { ActiveSession, SessionUser, StaffUser, User } from './accounts.js';

/** GET /api/questionnaires (list); also inside flags and referrals. */
export interface QuestionnaireSummary {
  id: string;
  version: string;
  title: Localized;
}

/**
 * GET /api/questionnaires/:id/form?version= (issue 13): the SurveyJS form of the version served now,
 * or of the version a response was answered with, for staff to fill in with a patient, print blank,
 * or show a response read-only.
 */
export interface QuestionnaireForm {
  id: string;
  version: string;
  title: Localized;
  /** SurveyJS JSON; its texts are localizable strings (`default` English, `da` Danish). */
  survey: Record<string, unknown>;
  /** The phone and hours for the safety message on a printed form: the asked-for unit's, field by field over the site's (issue 24). */
  site: SiteInfo;
  /** The questions that are items of a scale. */
  scoredItems: string[];
}

export interface PatientSummary {
  id: string;
  name: string;
  externalId: string;
}
/** GET /api/patients?query= (list). */
export interface Patient extends PatientSummary {
  createdAt: string;
  /** active, deceased or discharged: a patient who is not active gets no links and no reminders. */
  status: PatientStatus;
  /** Contact details for reminders: only ever sent to nurses and admins. */
  email: string | null;
  mobile: string | null;
  /** The units with a care relationship to the patient (issue 24). */
  unitIds: string[];
}
/** POST /api/patients → 201. */
export interface Created {
  id: string;
}

/** POST /api/invitations → 201: the token is shown once, to hand to the patient. */
export interface CreatedInvitation {
  /** The invitation's id, e.g. to send the link (issue 23). */
  id: string;
  token: string;
  url: string;
  expiresAt: string;
  /** How the link can be sent now: the channel is set up and the number or address is on file (issue 23). */
  sendBy: SendChannel[];
}
/** POST /api/invitations/:id/send: queued in the outbox, or (queued false) it was queued by this channel before. */
export interface InvitationSent {
  invitationId: string;
  channel: SendChannel;
  queued: boolean;
}
/** GET /api/notification-status: which channels the operator set up (SMTP_URL, NOTIFY_WEBHOOK_URL); reminders go out by none when both are false. */
export interface NotificationStatus {
  email: boolean;
  sms: boolean;
}
/** GET /api/invitations?status= (list). */
export interface Invitation {
  id: string;
  patient: PatientSummary;
  questionnaireId: string;
  trigger: Trigger;
  /** A relative's link (issue 13) names the relationship, e.g. "daughter"; null for the patient's own link. */
  respondent: Respondent;
  relationship: string | null;
  createdAt: string;
  expiresAt: string;
  answeredAt: string | null;
  /** The channels reminders go out by; [] means nothing reaches the patient. */
  channels: PatientChannel[];
  remindersSent: number;
  lastReminderAt: string | null;
  /** The server's verdict: no channel, or every reminder sent and still no answer: phone the patient. */
  call: boolean;
  /** The patient's mobile on file, for the call list's `tel:` link (issue 23); null when none. */
  mobile: string | null;
  /** The nurses' calls about this link, newest first (issue 23). */
  calls: InvitationCall[];
}

/** A nurse's call to a patient (or relative) who has not answered, and what came of it (issue 23). */
export interface InvitationCall {
  id: string;
  invitationId: string;
  outcome: CallOutcome;
  note: string | null;
  calledAt: string;
  calledBy: { id: string; username: string };
}

// ---- flags: the worklist and the detail

/** The answer or score that made a rule fire. */
export type Evidence =
  | { kind: 'scale'; scale: string; value: number; comparison: 'below' | 'atOrAbove'; threshold: number }
  | { kind: 'item'; item: string; value: unknown; comparison: 'atLeast' | 'atMost' | 'equals' | 'includes' | 'answered'; expected?: unknown };

/** One rule that fired, with its text and evidence. */
export interface FlagReason {
  rule: string;
  level: RuleLevel;
  text: Localized;
  evidence: Evidence[];
}

/** One urgency rule that fired: urgent review stands beside the level, it has none of its own. */
export interface UrgentReason {
  rule: string;
  text: Localized;
  evidence: Evidence[];
}

/** A scale worse than in the patient's previous response to the same questionnaire by at least its minimal important difference. */
export interface WorseChange {
  scale: string;
  /** 0..100, unrounded: the previous response's score and this one's. */
  from: number;
  to: number;
}

/** A staff user named on a flag; GET /api/assignees lists the nurses and admins a flag can be given to. */
export interface StaffRef {
  id: string;
  username: string;
}

/** GET /api/assignees: a staff user a flag may be given to, with the full name and title people read (null until an admin sets them). */
export interface Assignee extends StaffRef {
  fullName: string | null;
  title: string | null;
}

/**
 * How a response was given (issue 13): on the flag detail's `flag`, the worklist rows, the flag
 * detail's history and the patient's history.
 */
export interface ResponseProvenance {
  mode: ResponseMode;
  respondent: Respondent;
  /** The relative's relationship to the patient ("daughter"); null when the patient answered. */
  relationship: string | null;
  /** The staff user who entered the answers (assisted, paper); null on a link (self, proxy). */
  recordedBy: StaffRef | null;
  /** The day the patient answered, YYYY-MM-DD in the clinic's time zone: a paper form's own date, else the day it was submitted. */
  answeredOn: string;
  /** A paper entry's check against the paper by a second staff user; null until then, and for the other modes. */
  verifiedBy: StaffRef | null;
  verifiedAt: string | null;
}

/**
 * Who has a flag and when it is due (issue 11). Taking a flag acknowledges it; opening it does not.
 * POST /api/flags/:id/take, /assign, /release, /close and /reopen answer with this.
 */
export interface FlagOwnership {
  id: string;
  status: FlagStatus;
  owner: StaffRef | null;
  acknowledgedAt: string | null;
  /** Fixed when the flag is created, from the site's deadlines (urgent, else by level). */
  dueAt: string;
  /** Past dueAt and not closed. */
  overdue: boolean;
  /** Whole minutes past dueAt while overdue ("overdue for 3 h"), else null. */
  overdueFor: number | null;
  closedAt: string | null;
  outcome: FlagOutcome | null;
  outcomeNote: string | null;
}

/** A flag with every reason: the worklist row expanded (GET /api/flags/:id/summary) and the detail's `flag`. */
export interface FlagSummary extends Omit<FlagOwnership, 'id' | 'status'>, ResponseProvenance {
  id: string;
  responseId: string;
  level: Level;
  status: FlagStatus;
  patient: PatientSummary;
  questionnaire: QuestionnaireSummary;
  trigger: Trigger;
  submittedAt: string;
  ageDays: number;
  /** Highest level first, every one. */
  reasons: FlagReason[];
  /** How many reasons the flag has in all (the worklist's "+N more"). */
  reasonCount: number;
  /** Urgent review (today), beside the level: an urgency rule fired. */
  urgent: boolean;
  /** In the file's order, every one. */
  urgentReasons: UrgentReason[];
  /** How many urgent reasons the flag has in all. */
  urgentReasonCount: number;
  /** The patient wrote in their own words: the flag cannot be decided before a nurse or admin opened it (409 own_words_unread). */
  ownWords: boolean;
  /**
   * Every text the patient wrote, each cut to about 140 characters: the agenda's text ("what
   * matters most to talk about") first, then the others in survey order; [] without own words.
   * Patient text: sent to nurse and admin only, never logged.
   */
  ownWordsExcerpts: string[];
  /** Fixed when the response arrived; with the scale's title from the questionnaire version answered. */
  worseSinceLast: (WorseChange & { title: Localized })[];
  returnReason?: string;
  /** Present when a relative answered (issue 13): says so in both languages (relativeAnsweredText). */
  respondentNote?: Localized;
}

/** A short tag on a worklist row ("Smerter 100", "Egne ord", "Ønsker kontakt: sygeplejerske"). */
export type WorklistTag =
  /** A scale that fired a rule, worst first: its score 0..100, rounded; its title is in the page's scaleTitles. */
  | { kind: 'scale'; scale: string; score: number }
  | { kind: 'ownWords' }
  /** The `contact_wish` values the patient ticked (nurse, gp, palliative_team by convention). */
  | { kind: 'contact'; values: string[] }
  /** issue 25: the patient's two latest programme questionnaires both went unanswered ("Har ikke svaret de to seneste gange"). */
  | { kind: 'missedLastTwo' };

/**
 * A flag as a worklist row carries it: what the row shows, not the whole response (a page of 200
 * stays well under 150 KB). The reasons, own words and provenance come on expand from
 * GET /api/flags/:id/summary, the answers on the response page (GET /api/flags/:id).
 */
export interface WorklistItem extends Omit<FlagOwnership, 'id' | 'status' | 'acknowledgedAt' | 'outcomeNote'> {
  id: string;
  responseId: string;
  level: Level;
  status: FlagStatus;
  patient: PatientSummary;
  trigger: Trigger;
  submittedAt: string;
  ageDays: number;
  mode: ResponseMode;
  /** Present when a relative answered. */
  respondentNote?: Localized;
  urgent: boolean;
  urgentReasonCount: number;
  reasonCount: number;
  ownWords: boolean;
  /** At most three: the worst scales, own words, the contact wish. */
  tags: WorklistTag[];
  /** Scales worse than last time. */
  worseCount: number;
  /** The palliative team returned the referral with this reason. */
  returnReason?: string;
}

/** A referral the palliative team decided lately, shown to the nurses on the worklist. */
export interface TeamAnswer {
  referralId: string;
  flagId: string;
  patient: PatientSummary;
  status: 'accepted' | 'returned';
  /** The team's note on accepting, or its reason for returning; null when it gave none. */
  note: string | null;
  decidedAt: string;
}

/** GET /api/flags?status=&level=&overdue=&offset=|after=&limit=: one page, urgent first, then overdue, then specialized, basic, none, then oldest first. */
export interface WorklistPage {
  items: WorklistItem[];
  /** Flags matching the filter, on every page: exact up to COUNT_CAP, COUNT_CAP + 1 meaning more (so is `X-Total-Count`). */
  total: number;
  /** Flags matching the status (and overdue) filter, by level, whatever the level filter (each counted like `total`): the app says how many "none" flags it does not show. */
  byLevel: Record<Level, number>;
  /** Referrals the palliative team accepted or returned in the last TEAM_ANSWER_DAYS days, newest first (at most TEAM_ANSWER_LIMIT). */
  teamAnswers: TeamAnswer[];
  /** The titles of the scales the page's tags name, once per page. */
  scaleTitles: Record<string, Localized>;
  /** Rows before this page (with `after`: as the cursor counted them). */
  offset: number;
  limit: number;
  /** The next page: `?after=<nextCursor>` with the same filter (keyset, issue 24); null on the last page. */
  nextCursor: string | null;
}

/** A scale's score as staff see it. */
export interface ScaleScore {
  scale: string;
  title: Localized;
  area: string;
  kind: ScaleKind;
  /** 0..100, or null when too few items were answered (every scale of the questionnaire is listed). */
  score: number | null;
  threshold?: { value: number; source: string };
  isNeed: boolean;
}

export interface Answer {
  question: string;
  title: SurveyText;
  value: unknown;
  /** The text of the chosen choice(s), when the question has choices. */
  text?: SurveyText | SurveyText[];
  /** The text written for an "Other" choice. */
  comment?: string;
}

export interface Decision {
  action: DecisionAction;
  note: string;
  /** Who follows up, as written (free text), or the staff user's name as it read when the plan was made. */
  responsible: string | null;
  /** A plan's responsible staff user, named as now (issue 23); null for free text (the GP, a home nurse) and older plans. */
  responsibleUser?: Assignee | null;
  nextEvaluation: string | null;
  decidedBy: { id: string; username: string };
  decidedAt: string;
}

export interface ReferralInfo {
  id: string;
  status: ReferralStatus;
  text: string;
  reason: string | null;
  /** The team's note on accepting (issue 15). */
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface HistoryEntry extends ResponseProvenance {
  responseId: string;
  submittedAt: string;
  scores: { scale: string; score: number | null }[];
}

/** GET /api/flags/:id: a read of the patient's answers (audited). */
export interface FlagDetail {
  flag: FlagSummary;
  patient: PatientSummary;
  questionnaire: QuestionnaireSummary & { areas: { id: string; title: Localized }[] };
  answers: Answer[];
  scores: ScaleScore[];
  reasons: FlagReason[];
  decision?: Decision;
  referral?: ReferralInfo;
  history: HistoryEntry[];
  /** The patient's wish to be contacted (the `contact_wish` question), when there is one. */
  contact?: { question: string; values: unknown[]; text: SurveyText[] };
  /** The service a referral of this response goes to (issue 23; site setting referralServices). */
  referralService: Localized;
}

/** POST /api/flags/:id/decision. */
export interface DecisionResult {
  id: string;
  status: FlagStatus;
  referralId?: string;
}

/**
 * GET /api/overview: the loop at a glance (definitions in docs/staff-app.md, "Owners, deadlines and the Overview"). Shares and
 * medians cover flags created in the last 30 days; null when there is nothing to divide.
 */
export interface Overview {
  overdueNow: number;
  dueToday: number;
  unowned: number;
  closedWithinDeadlinePct: number | null;
  medianHoursToFirstAction: number | null;
  medianHoursToClose: number | null;
  flagsPer100Responses: number | null;
  failedMessages: number;
  /** Emergency accesses ("break the glass", issue 24) opened in the Overview's window. */
  emergencyAccesses: number;
}

/**
 * POST /api/patients/:id/emergency-access and POST /api/emergency-access → 201 (issue 24). A
 * patient she may already see (her units' patient, a referral to her unit; a site admin: any)
 * needs none: nothing is opened and `expiresAt` is null.
 */
export interface EmergencyAccessOpened {
  patientId: string;
  expiresAt: string | null;
}

/** The caller's own running emergency access to the patient (the patient page's banner); null when she sees the patient without one. */
export interface RunningEmergencyAccess {
  expiresAt: string;
  reason: string;
}

/** GET /api/emergency-accesses: one emergency access, for the admins of the patient's units. */
export interface EmergencyAccess {
  id: string;
  user: { id: string; username: string };
  patient: PatientSummary;
  reason: string;
  createdAt: string;
  expiresAt: string;
  /** Not expired yet. */
  active: boolean;
}

// ---- referrals: the palliative team's queue

/**
 * GET /api/referrals?status=&since= (list): pending ones oldest first; accepted and returned ones
 * decided since `since` (default: the last REFERRAL_HISTORY_DAYS days), newest first. At most
 * REFERRAL_LIST_LIMIT.
 */
export interface Referral {
  id: string;
  flagId: string;
  status: ReferralStatus;
  patient: PatientSummary;
  questionnaire: QuestionnaireSummary;
  createdAt: string;
  referredBy: { id: string; username: string };
  waitingDays: number;
  decidedAt: string | null;
  /** Who in the team decided (issue 15); null while pending. */
  decidedBy: { id: string; username: string } | null;
  /** Why the team returned it; on an accepted referral whatever reason was sent (usually empty). */
  reason: string | null;
  /** The team's optional note on accepting (issue 15). */
  note: string | null;
  text: string;
  level: Level;
  reasons: FlagReason[];
  /** The service the referral goes to (issue 23; site setting referralServices). */
  service: Localized;
  /** What the patient ticked when asked whether she wants to be contacted (issue 23), as on the response; absent when no contact is wanted. */
  contact?: FlagDetail['contact'];
  /** The response's urgent review (issue 23): the team sees "Haster" and why, as the nurse did. */
  urgent: boolean;
  urgentReasons: UrgentReason[];
  submittedAt: string;
  scores: ScaleScore[];
}
/** POST /api/referrals/:id/decision. */
export interface ReferralDecisionResult {
  id: string;
  status: ReferralStatus;
}

/** GET /api/patients/:id/history: every response with its scores over time. */
export interface PatientHistory {
  /** With the status: a patient who is deceased or discharged gets no links (the staff app says so). */
  patient: PatientSummary & { status: PatientStatus; /** The units caring for the patient (issue 24). */ unitIds: string[] };
  /** Set when the caller reads the patient only through her own emergency access ("break the glass", issue 24). */
  emergencyAccess: RunningEmergencyAccess | null;
  responses: (ResponseProvenance & {
    responseId: string;
    flagId: string | null;
    level: Level | null;
    /** The flag's status (awaiting_verification for an unverified paper entry); null without a flag. */
    status: FlagStatus | null;
    questionnaire: QuestionnaireSummary;
    submittedAt: string;
    scores: Omit<ScaleScore, 'area'>[];
  })[];
}

/** GET /api/audit (list), newest first. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  entity: { type: string; id: string | null };
  patientId: string | null;
  /** The patient's id in the health record (what an admin recognises and filters by); null without a patient. */
  patientExternalId: string | null;
  details: unknown;
}

// ---- the patient's page (the token is the only credential)

/** Answers keyed by question name, as SurveyJS holds them (`model.data`). */
export type Answers = Record<string, unknown>;

export interface Draft {
  answers: Answers;
  locale?: Locale;
  /** The name of the page the patient was on (a SurveyJS page `name`); absent in older drafts. */
  page?: string;
}

/** GET /api/invitations/:token. */
export interface PatientInvitation {
  questionnaire: {
    id: string;
    version: string;
    title: Localized;
    /** SurveyJS JSON; its texts are localizable strings (`default` English, `da` Danish). */
    survey: Record<string, unknown>;
    completion: Localized;
  };
  draft: Draft | null;
  expiresAt: string;
  /** The site's name, phone (null until an admin sets it) and hours, for the safety message. */
  site: SiteInfo;
  /** The questions that are items of a scale: the page names those left blank. */
  scoredItems: string[];
  /** Who the link is for (issue 13): a relative's page says the questions are about the patient. */
  respondent: Respondent;
  /** The patient's first name, on a relative's link only (the relative knows it; nothing more is shown). */
  patientFirstName?: string;
}

/** POST /api/invitations/:token/responses → 201 (and the same again for a retry with the same id). */
export interface SubmissionResult {
  responseId: string;
  /** The questionnaire's "what happens next" text for the patient; never scores. */
  nextSteps: Localized;
  /**
   * An urgency rule fired (the flag's `urgent`): the page tells the patient not to wait for us but
   * to call today (clinical rules v2, item 18). Never why: no scores or reasons reach the patient.
   */
  urgent: boolean;
}

// ---- staff-recorded answers (issue 13)

/** POST /api/patients/:id/responses → 201 (and the same again for a retry with the same id). */
export interface StaffEntryResult {
  responseId: string;
  flagId: string;
  /** `open`, or `awaiting_verification` for a paper entry. */
  status: FlagStatus;
}

/** POST /api/responses/:id/verify → 200: the paper entry's flag is open now. */
export interface VerificationResult {
  responseId: string;
  flagId: string;
  status: FlagStatus;
  verifiedBy: StaffRef;
  verifiedAt: string;
}

/** An admin's password reset: the temporary password, shown once. */
export interface TemporaryPassword {
  temporaryPassword: string;
}

/** Ending all of a user's sessions: how many were open. */
export interface RevokedSessions {
  revoked: number;
}

/** Confirming a second factor: the recovery codes, shown once. */
export interface RecoveryCodes {
  recoveryCodes: string[];
}

// issue 25: programmes
/** A programme as staff see it (GET /api/programmes). */
export interface Programme {
  id: string;
  name: Localized;
  questionnaireId: string;
  schedule: Schedule;
  trigger: Trigger;
  openFor: string;
  whenOpen: WhenOpen;
  createdAt: string;
  updatedAt: string;
}

/** One due time of an enrolment: its invitation (null when skipped) and where it stands. */
export interface Occurrence {
  dueAt: string;
  invitationId: string | null;
  state: OccurrenceState;
}

/** A patient's place in a programme, with its next due time (null: paused, ended, or the schedule has no more) and its past occurrences, newest first. */
export interface Enrolment {
  id: string;
  programmeId: string;
  status: EnrolmentStatus;
  reason: EnrolmentReason | null;
  startAt: string;
  nextDueAt: string | null;
  createdAt: string;
  occurrences: Occurrence[];
}

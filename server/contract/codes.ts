/**
 * The codes server and client share: roles, levels, statuses, triggers, locales. The lowest layer:
 * plain TypeScript, no zod, no Node, so the patient page can import it without weight.
 */

/** True when `value` is one of `codes`: how a query parameter or a select's value becomes a code without a cast. */
export const isOneOf = <T extends string>(codes: readonly T[], value: unknown): value is T => codes.some((code) => code === value);

export const ROLES = ['nurse', 'palliative_team', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a unit is (issue 24); referrals go to a palliative team or a rehabilitation service. */
export const UNIT_KINDS = ['ward', 'clinic', 'palliative_team', 'rehabilitation'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const REFERRAL_UNIT_KINDS: readonly UnitKind[] = ['palliative_team', 'rehabilitation'];

/** Levels of care, lowest first: a level's index is its rank (stored as flags.level_rank). */
export const LEVELS = ['none', 'basic', 'specialized'] as const;
export type Level = (typeof LEVELS)[number];
/** A level a rule can raise: every reason is basic or specialized. */
export type RuleLevel = Exclude<Level, 'none'>;
export const LEVEL_RANK = Object.fromEntries(LEVELS.map((level, rank) => [level, rank])) as Record<Level, number>;
/** For lists and sorts: specialized first. */
export const LEVELS_HIGHEST_FIRST: readonly Level[] = [...LEVELS].reverse();
export const byLevelHighestFirst = (a: Level, b: Level): number => LEVEL_RANK[b] - LEVEL_RANK[a];

/**
 * A flag exists for every response, also level none; its status says where the nurse's decision
 * stands. A paper entry's flag is `awaiting_verification` until a second staff user has checked the
 * transcription (issue 13); then it is `open` like any new flag.
 */
export const FLAG_STATUSES = ['open', 'returned', 'planned_basic', 'referred', 'no_action', 'awaiting_verification'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];
/** Waiting for staff: new flags, referrals the palliative team sent back, and paper entries to verify. */
export const WORKLIST_STATUSES: readonly FlagStatus[] = ['open', 'returned', 'awaiting_verification'];
/** A nurse can decide these; an unverified paper entry first needs its transcription checked. */
export const DECIDABLE_STATUSES: readonly FlagStatus[] = ['open', 'returned'];

export const DECISION_ACTIONS = ['basic', 'refer', 'no_action'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/**
 * How a flag was closed (issue 11). A closed flag has left the worklist whatever its status; the
 * decision flow's statuses stay beside it (a decision closes the flag with its matching outcome).
 */
export const FLAG_OUTCOMES = ['contacted_phone', 'seen', 'plan_basic', 'referred', 'no_action', 'patient_declined', 'patient_died'] as const;
export type FlagOutcome = (typeof FLAG_OUTCOMES)[number];
/** Outcomes that need a note saying why. */
export const OUTCOMES_NEEDING_NOTE: readonly FlagOutcome[] = ['no_action'];
export const OUTCOME_OF_DECISION: Record<DecisionAction, FlagOutcome> = { basic: 'plan_basic', refer: 'referred', no_action: 'no_action' };
/**
 * The outcomes a flag may be closed with outside a decision (issue 23): a plan, a referral and
 * "no action" are decisions (POST /api/flags/:id/decision), which write the plan's responsible
 * person or the referral the team receives; closing with them would record a referral that
 * reaches nobody, so the close refuses them (422 outcome_needs_decision).
 */
export const CLOSE_OUTCOMES: readonly FlagOutcome[] = FLAG_OUTCOMES.filter((o) => !Object.values(OUTCOME_OF_DECISION).includes(o));

export const REFERRAL_STATUSES = ['pending', 'accepted', 'returned'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_ACTIONS = ['accept', 'return'] as const;
/** The team's accepted and returned tabs look back this many days by default (issue 15). */
export const REFERRAL_HISTORY_DAYS = 90;
/** The most referrals one list answers with. */
export const REFERRAL_LIST_LIMIT = 500;

/**
 * Whether the patient is still in the service (clinical rules v2, part 6). A patient who is not
 * active gets nothing more: open links are withdrawn, queued reminders cancelled, new links refused.
 */
export const PATIENT_STATUSES = ['active', 'deceased', 'discharged'] as const;
export type PatientStatus = (typeof PATIENT_STATUSES)[number];
/** A flag closed with this outcome records the patient's death: the patient becomes deceased. */
export const OUTCOME_PATIENT_DIED: FlagOutcome = 'patient_died';

export const INVITATION_STATUSES = ['open', 'answered', 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
/** What came of a nurse's call to a patient who has not answered (issue 23): "Ringet: ingen svar / aftalt / vil ikke". */
export const CALL_OUTCOMES = ['no_answer', 'agreed', 'declined'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
/** How a nurse may send a new link to the patient (issue 23): a text message (through the webhook, an SMS gateway) or an e-mail (SMTP). */
export const SEND_CHANNELS = ['sms', 'email'] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];

/** Why the patient is asked now: the occasion an invitation records. */
export const TRIGGERS = [
  'diagnosis', 'sector_transition', 'deterioration', 'intervention_follow_up', 'first_conversation',
  'status_conversation', 'admission', 'relative_concern', 'other',
] as const;
export type Trigger = (typeof TRIGGERS)[number];

/**
 * How a response was given (issue 13): `self` the patient on the link, `assisted` staff read the
 * questions and entered the answers with the patient, `proxy` a relative answered on a relative's
 * link, `paper` transcribed by staff from a paper form.
 */
export const RESPONSE_MODES = ['self', 'assisted', 'proxy', 'paper'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];
/** The modes staff record (POST /api/patients/:id/responses); self and proxy come through a link. */
export const STAFF_ENTRY_MODES = ['assisted', 'paper'] as const satisfies readonly ResponseMode[];
export type StaffEntryMode = (typeof STAFF_ENTRY_MODES)[number];
/** Who answered: the patient, or a relative (with a free-text relationship, e.g. "daughter"). */
export const RESPONDENTS = ['patient', 'relative'] as const;
export type Respondent = (typeof RESPONDENTS)[number];

/** What a flag says when a relative answered (FlagSummary.respondentNote), with the relationship as staff wrote it. */
export const relativeAnsweredText = (relationship: string | null): Localized => ({
  da: `En pårørende${relationship ? ` (${relationship})` : ''} har svaret på patientens vegne ud fra, hvordan de tror, patienten har det.`,
  en: `A relative${relationship ? ` (${relationship})` : ''} answered on the patient's behalf, giving their view of how the patient is.`,
});

/**
 * The answers where the patient sets the agenda for the next conversation ("what matters most to
 * talk about"): by convention the questions named `talk_about...` and their `-Comment` boxes
 * (questionnaires/README.md). Their text is shown before any other own words, on the worklist and
 * on the response page.
 */
export const isAgendaAnswer = (name: string): boolean => name.startsWith('talk_about');

/**
 * The outbox (services/notifications.ts): what a message is, the channel it goes out by, and where
 * its delivery stands (`cancelled`: its patient left the service before it went out). Of the
 * channels, e-mail by SMTP and the webhook (an SMS gateway) reach a patient; `log` only writes it.
 */
/** `invitation`: a new link a nurse sends by text message or e-mail (issue 23). */
export const MESSAGE_KINDS = ['reminder', 'escalation', 'invitation'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const CHANNELS = ['log', 'smtp', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];
export type PatientChannel = Exclude<Channel, 'log'>;
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const isLocale = (value: unknown): value is Locale => isOneOf(LOCALES, value);

/** A text in every locale. */
export type Localized = Record<Locale, string>;

export const SCALE_KINDS = ['functional', 'symptom', 'global'] as const;
export type ScaleKind = (typeof SCALE_KINDS)[number];

/** Worklist paging: the default page and the most one request may ask for. */
export const FLAG_PAGE_SIZE = 200;
/**
 * Counts of a list stop here: a count is exact up to COUNT_CAP, and COUNT_CAP + 1 means "more than
 * COUNT_CAP" (shown as "10 000+"). Counting every row of a long history costs seconds and tells a
 * nurse nothing a page does not.
 */
export const COUNT_CAP = 10_000;
export const FLAG_PAGE_MAX = 1000;
/** The worklist shows the team's answers (accepted, returned referrals) of this many days, at most TEAM_ANSWER_LIMIT. */
export const TEAM_ANSWER_DAYS = 7;
export const TEAM_ANSWER_LIMIT = 20;
/** The worklist by default: flags with a need; "none" flags are one filter away (and counted). */
export const NEED_LEVELS: readonly Level[] = ['specialized', 'basic'];

/**
 * The one 112 phrase, everywhere a patient reads it: the patient page, completion texts and the
 * printed plan (clinical rules v2, item 16). "Ved akut behov: ring 112" invites 112 calls for
 * non-emergencies.
 */
export const CALL_112 = { da: 'Ring 112, hvis det er livstruende.', en: 'If it is life-threatening, call 112.' } as const;

/**
 * Programmes (issue 25): an enrolment is active (the scheduler makes its occurrences), paused or
 * ended; a pause or an end records why. An occurrence is open, answered, missed (expired or
 * withdrawn unanswered) or skipped (due while the previous one was still open, in a programme
 * that skips rather than waits).
 */
export const ENROLMENT_STATUSES = ['active', 'paused', 'ended'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const ENROLMENT_REASONS = ['patient_wish', 'admitted', 'condition_changed', 'completed', 'wrong_programme', 'other'] as const;
export type EnrolmentReason = (typeof ENROLMENT_REASONS)[number];
export const OCCURRENCE_STATES = ['open', 'answered', 'missed', 'skipped'] as const;
export type OccurrenceState = (typeof OCCURRENCE_STATES)[number];
export const WHEN_OPEN = ['wait', 'skip'] as const;
export type WhenOpen = (typeof WHEN_OPEN)[number];

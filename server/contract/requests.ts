/**
 * What the API accepts, as zod schemas: the routes parse with them (a failure is a 422 naming each
 * field) and the staff app checks its forms with the same ones. Not for the patient page: it
 * sends what SurveyJS holds and needs no zod.
 */
import { z } from 'zod';
import {
  CALL_OUTCOMES, FLAG_OUTCOMES, FLAG_PAGE_MAX, FLAG_STATUSES, OUTCOMES_NEEDING_NOTE, INVITATION_STATUSES, PATIENT_STATUSES, LEVELS, LOCALES, REFERRAL_ACTIONS, REFERRAL_STATUSES, RESPONDENTS,
  SEND_CHANNELS, STAFF_ENTRY_MODES, TRIGGERS, ENROLMENT_REASONS, ENROLMENT_STATUSES, WHEN_OPEN,
} from './codes.js';
import { isDuration } from './duration.js';
import { MAX_AT_OFFSETS, scheduleProblems } from './schedule.js';
import { decodeWorklistCursor } from './worklist-cursor.js';

/** A string that is not well-formed Unicode: it holds a lone surrogate (stored, it would be invalid UTF-8). */
export const hasLoneSurrogate = (text: string): boolean => /\p{Cs}/u.test(text);
/** Control characters and the bidirectional marks and overrides that can make a name or id read as another. */
export const hasControlOrBidi = (text: string): boolean => /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(text);

const WELL_FORMED = 'must be well-formed Unicode text';
/** Free text: any characters, but well-formed. */
export const freeText = () => z.string().refine((v) => !hasLoneSurrogate(v), WELL_FORMED);
/** A name or an id people read and compare: well-formed, no control or bidirectional-override characters. */
const plainText = (max: number) =>
  z.string().trim().min(1).max(max)
    .refine((v) => !hasLoneSurrogate(v), WELL_FORMED)
    .refine((v) => !hasControlOrBidi(v), 'must not contain control or text-direction characters');

/** Invisible format characters: zero-width spaces and joiners, soft hyphens, bidirectional marks, tags... */
const hasFormatCharacter = (text: string): boolean => /\p{Cf}/u.test(text);

/**
 * Scripts whose letters look like each other's (Latin a, Cyrillic а, Greek ο, Armenian օ...):
 * letters of two of them in one name or id are a look-alike, not a person's name.
 */
const LOOK_ALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Armenian}/u, /\p{Script=Cherokee}/u, /\p{Script=Coptic}/u];

/** Letters from more than one of the look-alike scripts ("Kаren" with a Cyrillic а). */
const mixesScripts = (text: string): boolean => LOOK_ALIKE_SCRIPTS.filter((script) => script.test(text)).length > 1;

/**
 * Compatibility characters that draw as others: fullwidth Ｋ, mathematical 𝐊, ligature ﬁ,
 * superscript ². Danish æ, ø, å and accented letters are their own letters and pass.
 */
const hasCompatibilityCharacter = (text: string): boolean => text.normalize('NFKC') !== text.normalize('NFC');

/**
 * What people read to tell one patient from another (names, external ids): a look-alike must not
 * pass for another. Normalised to NFC (é typed as e + accent is stored as é), spaces to ' '.
 */
const readableText = (max: number) =>
  plainText(max)
    // A no-break or other space (pasted from a record) is a space.
    .transform((v) => v.normalize('NFC').replace(/\p{Zs}/gu, ' '))
    .refine((v) => !hasFormatCharacter(v), 'must not contain invisible format characters (zero-width, direction marks)')
    .refine((v) => !hasCompatibilityCharacter(v), 'must not contain look-alike characters (fullwidth, mathematical or ligature letters)')
    .refine((v) => !mixesScripts(v), 'must not mix letters of different alphabets (e.g. a Cyrillic а in a Latin name)');

/** A patient's name: any letters, spaces and punctuation of one alphabet, nothing invisible or look-alike. */
const personName = (max: number) => readableText(max);

/** A patient's external id (e.g. a CPR number, 010203-1234, or a record number): letters, digits and `-`. */
const externalIdText = (max: number) =>
  readableText(max).refine((v) => /^[\p{L}\p{Nd}-]+$/u.test(v), 'must be letters, digits and - only');

/** A text that must be written: absent, empty and blank are all "required". */
const requiredText = (max: number) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be text') }).trim().min(1, 'required').max(max)
    .refine((v) => !hasLoneSurrogate(v), WELL_FORMED);

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export const isoDate = z
  .string({ error: (issue) => (issue.input === undefined ? 'required' : 'must be a date YYYY-MM-DD') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(d);
  }, 'must be a real date');

/** A mobile number in E.164 (+4520304050); eight digits are a Danish number (+45). Spaces are ignored. */
const mobileSchema = z
  .string()
  .transform((v) => v.replace(/[\s-]/g, ''))
  .transform((v) => (/^\d{8}$/.test(v) ? `+45${v}` : v))
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'A mobile number in international form (+4520304050) or eight Danish digits'));

const emailSchema = z.string().trim().max(254).pipe(z.email('An e-mail address'));

/** Contact details for reminders: optional; null (in an update) removes one. */
const contactFields = { email: emailSchema.nullable().optional(), mobile: mobileSchema.nullable().optional() };

/** A unit's id (issue 24): which unit a link, an entry or a referral belongs to. */
export const unitIdSchema = z.string().min(1).max(100);
/** A patient's or a staff user's units: at least one, each once. */
export const unitIdsSchema = z.array(unitIdSchema).min(1).max(100).refine((ids) => new Set(ids).size === ids.length, 'each unit once');

export const newPatientSchema = z.object({
  externalId: externalIdText(100),
  name: personName(200),
  ...contactFields,
  /** The care relationships; left out: the nurse's own units. */
  unitIds: unitIdsSchema.optional(),
});
export type NewPatient = z.infer<typeof newPatientSchema>;

/**
 * PATCH /api/patients/:id: the patient's contact details and/or status. A status other than
 * `active` withdraws the open links, cancels queued reminders and refuses new links.
 */
export const patientUpdateSchema = z.object({
  ...contactFields,
  status: z.enum(PATIENT_STATUSES, { error: `must be one of ${PATIENT_STATUSES.join(', ')}` }).optional(),
  /** The care relationships, replaced whole (issue 24). */
  unitIds: unitIdsSchema.optional(),
});
export type PatientUpdate = z.infer<typeof patientUpdateSchema>;

/** POST /api/patients/:id/emergency-access (issue 24): why the patient is opened outside one's units; required. */
export const emergencyAccessSchema = z.strictObject({ reason: requiredText(1000) });
/** POST /api/emergency-access (issue 24): the same, the patient named by her exact external id (the staff app's form). */
export const emergencyAccessByExternalIdSchema = z.strictObject({ externalId: externalIdText(100), reason: requiredText(1000) });

export const patientSearchQuery = z.object({ query: z.string().max(200).default('') });

/** `flagId`: only who may be handed that flag, the staff of its unit (issue 24). */
export const assigneeQuery = z.object({ flagId: z.string().min(1).optional() });

/** Who answers (issue 13): the patient by default; a relative needs the relationship ("daughter"), and only a relative has one. */
const respondentFields = {
  respondent: z.enum(RESPONDENTS, { error: `must be one of ${RESPONDENTS.join(', ')}` }).default('patient'),
  relationship: personName(100).optional(),
};
const relationshipRule = (d: { respondent: string; relationship?: string | undefined }, ctx: z.RefinementCtx) => {
  if (d.respondent === 'relative' && d.relationship === undefined) ctx.addIssue({ code: 'custom', path: ['relationship'], message: 'required for a relative, e.g. "daughter"' });
  if (d.respondent !== 'relative' && d.relationship !== undefined) ctx.addIssue({ code: 'custom', path: ['relationship'], message: 'only for a relative (respondent "relative")' });
};

/** POST /api/invitations: the patient's own link, or a relative's (its answers are stored as mode `proxy`). */
export const newInvitationSchema = z.object({
  patientId: z.string().min(1),
  questionnaireId: z.string().min(1),
  trigger: z.enum(TRIGGERS),
  ...respondentFields,
  /** The unit the link is made in; needed only when the nurse and the patient share several. */
  unitId: unitIdSchema.optional(),
}).superRefine(relationshipRule);
export type NewInvitation = z.input<typeof newInvitationSchema>;

export const invitationListQuery = z.object({ status: z.enum(INVITATION_STATUSES).default('open'), patientId: z.string().optional() });

/** POST /api/invitations/:id/calls (issue 23): the outcome of a call to a patient who has not answered, with an optional note. */
export const invitationCallSchema = z.strictObject({ outcome: z.enum(CALL_OUTCOMES), note: freeText().trim().max(1000).optional() });
export type NewInvitationCall = z.infer<typeof invitationCallSchema>;
/** POST /api/invitations/:id/send (issue 23): send the link by text message or e-mail, to the number or address on file. */
export const sendInvitationSchema = z.strictObject({ channel: z.enum(SEND_CHANNELS) });

/** Autosave: partial answers, not checked against the questionnaire until submitted. */
export const draftSchema = z.object({
  answers: z.record(z.string(), z.unknown()),
  locale: z.enum(LOCALES).optional(),
  /** The name of the page the patient is on: another device opens there. Must name a page of the questionnaire. */
  page: z.string().min(1).max(200).optional(),
});

/** The client-made id is the idempotency key of a submission. */
export const submissionSchema = z.object({
  id: z.uuid(),
  answers: z.unknown(),
  locale: z.enum(LOCALES).optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

/**
 * POST /api/patients/:id/responses (issue 13): staff record answers given with them (`assisted`) or
 * on paper (`paper`), scored and flagged exactly like the patient's link. `id` is the client-made
 * idempotency key (a retry with it gets the same result); `answeredOn` the day the patient answered
 * (a paper form's date; today when absent; never in the future, checked by the server's clock);
 * `trigger` why the patient was asked (`other` when absent).
 */
export const staffResponseSchema = z.object({
  id: z.uuid(),
  questionnaireId: z.string().min(1),
  mode: z.enum(STAFF_ENTRY_MODES, { error: `must be one of ${STAFF_ENTRY_MODES.join(', ')} (self and proxy answers come through a link)` }),
  answers: z.unknown(),
  answeredOn: isoDate.optional(),
  locale: z.enum(LOCALES).optional(),
  trigger: z.enum(TRIGGERS).default('other'),
  ...respondentFields,
  /** The unit the entry is made in; needed only when the nurse and the patient share several. */
  unitId: unitIdSchema.optional(),
}).superRefine(relationshipRule);
export type StaffResponseRequest = z.input<typeof staffResponseSchema>;
export type StaffResponse = z.output<typeof staffResponseSchema>;

/**
 * The nurse's decision, by action. A basic-level plan needs who is responsible (a staff user or a
 * name in free text), when to evaluate next and what happens (the note); "no action" needs a note
 * saying why; a referral needs a text for the palliative team (referralText, or the note when there is none).
 */
export const decisionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('basic'),
    // Who follows up: a staff user (responsibleUserId, the assign list's id: the plan shows their
    // full name) or free text for someone outside the hospital, e.g. the GP (issue 23). One of the two.
    responsible: freeText().trim().max(200).optional(),
    responsibleUserId: plainText(100).optional(),
    nextEvaluation: isoDate,
    note: requiredText(5000),
  }).refine((d) => typeof d.responsible === 'string' && d.responsible !== '' || typeof d.responsibleUserId === 'string', {
    path: ['responsible'], message: 'required: who is responsible (responsible, or responsibleUserId for a staff user)', when: () => true,
  }).refine((d) => !(d.responsible && d.responsibleUserId), { path: ['responsibleUserId'], message: 'give responsible or responsibleUserId, not both' }),
  z.object({
    action: z.literal('refer'),
    note: freeText().trim().max(5000).default(''),
    referralText: freeText().trim().max(5000).optional(),
    /** The receiving unit, a palliative team or a rehabilitation service; left out: the only one there is for the questionnaire. */
    unitId: unitIdSchema.optional(),
  }).refine((d) => (d.referralText ?? d.note) !== '', { path: ['referralText'], message: 'required: a text for the palliative team (referralText or note)' }),
  z.object({
    action: z.literal('no_action'),
    note: requiredText(5000),
  }),
]);
export type DecisionRequest = z.input<typeof decisionSchema>;
export type FlagDecision = z.output<typeof decisionSchema>;

/** POST /api/flags/:id/assign: to a nurse or an admin (checked by the service: 422 otherwise). */
export const assignFlagSchema = z.object({ userId: requiredText(100) });
export type AssignFlagRequest = z.input<typeof assignFlagSchema>;

/** POST /api/flags/:id/close: an outcome; "no action" needs a note saying why. */
export const closeFlagSchema = z
  .object({
    outcome: z.enum(FLAG_OUTCOMES, { error: (issue) => (issue.input === undefined ? 'required' : `must be one of ${FLAG_OUTCOMES.join(', ')}`) }),
    note: z.string().trim().max(5000).optional(),
  })
  .refine((d) => !OUTCOMES_NEEDING_NOTE.includes(d.outcome) || Boolean(d.note), { path: ['note'], message: 'required: say why no action is needed' });
export type CloseFlagRequest = z.input<typeof closeFlagSchema>;
export type CloseFlag = z.output<typeof closeFlagSchema>;

/** POST /api/flags/:id/reopen. */
export const reopenFlagSchema = z.object({ reason: requiredText(5000) });
export type ReopenFlagRequest = z.input<typeof reopenFlagSchema>;

/** Return needs a reason (checked by the service: 422 reason_required); accept may carry a note (issue 15). */
export const referralDecisionSchema = z
  .object({
    action: z.enum(REFERRAL_ACTIONS),
    reason: freeText().max(5000).optional(),
    note: freeText().trim().max(5000).optional(),
  })
  .refine((d) => d.action === 'accept' || !d.note, { path: ['note'], message: 'only with accept: a returned referral has its reason' });
export type ReferralDecision = z.infer<typeof referralDecisionSchema>;

/** `since`: a date (YYYY-MM-DD) or an ISO time; decided referrals from then on, pending ones created since then. */
export const referralListQuery = z.object({
  status: z.enum(REFERRAL_STATUSES).default('pending'),
  since: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
});
export type ReferralListQuery = z.output<typeof referralListQuery>;

/** `?status=open,returned` or repeated `?status=open&status=returned`. */
const codeList = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(values)));

/** GET /api/flags: no status means the worklist (open and returned); no level means every level. */
export const worklistQuery = z.object({
  status: codeList(FLAG_STATUSES),
  level: codeList(LEVELS),
  /** Rows to skip; for a deep page, `after` is the fast way (not both). */
  offset: z.coerce.number().int().min(0).optional(),
  /** `?after=<nextCursor of the page before>`: the next page by keyset (issue 24), in the first page's order. */
  after: z.string().optional().transform((text, ctx) => {
    if (text === undefined) return undefined;
    const cursor = decodeWorklistCursor(text);
    if (!cursor) ctx.addIssue({ code: 'custom', message: 'is not a cursor this server gave (nextCursor)' });
    return cursor ?? undefined;
  }),
  limit: z.coerce.number().int().min(1).max(FLAG_PAGE_MAX).optional(),
  /** `?overdue=true`: only flags past their deadline and not closed. */
  overdue: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  /** `?dueToday=true`: only flags not closed, not yet overdue, due before the end of the clinic's calendar day (the Overview's "due today"). */
  dueToday: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  /** `?owner=none`: only flags nobody has taken or been given (the Overview's "no owner"). */
  owner: z.enum(['none']).optional(),
}).superRefine((q, ctx) => {
  if (q.after && q.offset !== undefined) ctx.addIssue({ code: 'custom', path: ['after'], message: 'cannot be given with offset: a page starts after a cursor or at an offset' });
});

export const auditQuery = z.object({
  entityType: z.string().optional(),
  entityId: z.string().optional(),
  patientId: z.string().optional(),
  /** The patient by the health record's id, e.g. `DEMO-1001`. */
  patientExternalId: z.string().trim().min(1).max(200).optional(),
  actorId: z.string().optional(),
  action: z.string().optional(),
  /** `?from=&to=` (YYYY-MM-DD, the clinic's calendar days, both included): entries in that period; either may be left out. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Paging: entries with an id below this (the last id of the page before). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type AuditQuery = z.output<typeof auditQuery>;

/** `GET /api/questionnaires/:id/form?version=`: the version served now when left out. */
/** `unitId` (issue 24): the unit whose phone and hours the printed form's safety message gives (field by field over the site's). */
export const questionnaireFormQuery = z.object({ version: z.string().min(1).max(100).optional(), unitId: z.string().min(1).max(100).optional() });

// issue 25: programmes and enrolments
/** A programme's schedule: each duration in the schedule grammar (contract/schedule.ts), at least one offset or a repeat. */
const scheduleSchema = z.object({
  at: z.array(z.string().max(40)).max(MAX_AT_OFFSETS).optional(),
  every: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
}).strict().superRefine((schedule, ctx) => {
  for (const problem of scheduleProblems(schedule)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
});

const programmeFields = {
  name: z.object({ da: plainText(200), en: plainText(200) }),
  questionnaireId: z.string().trim().min(1).max(100),
  schedule: scheduleSchema,
  trigger: z.enum(TRIGGERS, { error: `must be one of ${TRIGGERS.join(', ')}` }),
  /** How long each invitation stays open: a fixed duration (PT1M to one year). */
  openFor: z.string().refine(isDuration, 'must be an ISO 8601 duration between PT1M and one year, in weeks, days, hours or minutes (P7D, PT12H)'),
  /** An occurrence due while the previous one is still open: wait for it, or skip this one. */
  whenOpen: z.enum(WHEN_OPEN, { error: `must be one of ${WHEN_OPEN.join(', ')}` }),
};
/** POST /api/programmes (admin). */
export const newProgrammeSchema = z.object({ ...programmeFields, whenOpen: programmeFields.whenOpen.default('skip') });
export type NewProgrammeRequest = z.input<typeof newProgrammeSchema>;
export type NewProgramme = z.output<typeof newProgrammeSchema>;
/** PATCH /api/programmes/:id (admin): the fields given change; enrolments keep their start, the new schedule counts from it. */
export const programmeChangeSchema = z.object(programmeFields).partial().refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type ProgrammeChange = z.output<typeof programmeChangeSchema>;

/** A start: a date (00:00 Europe/Copenhagen) or a date-time with its offset. */
const startDate = z.union([isoDate, z.iso.datetime({ offset: true })], { error: 'must be a date YYYY-MM-DD or an ISO 8601 date-time' });
/** POST /api/patients/:id/enrolments. */
export const newEnrolmentSchema = z.object({
  programmeId: z.string().trim().min(1).max(100), startDate,
  /** The unit the enrolment (and its questionnaires) belongs to; needed only when the nurse and the patient share several. */
  unitId: unitIdSchema.optional(),
});
export type NewEnrolmentRequest = z.input<typeof newEnrolmentSchema>;
export type NewEnrolment = z.output<typeof newEnrolmentSchema>;
/** PATCH /api/enrolments/:id: pause and end need a reason code; resume (active) takes none. */
export const enrolmentChangeSchema = z.object({
  status: z.enum(ENROLMENT_STATUSES, { error: `must be one of ${ENROLMENT_STATUSES.join(', ')}` }),
  reason: z.enum(ENROLMENT_REASONS, { error: `must be one of ${ENROLMENT_REASONS.join(', ')}` }).optional(),
}).refine((c) => c.status === 'active' || c.reason !== undefined, { path: ['reason'], message: 'required: why the enrolment is paused or ended' });
export type EnrolmentChange = z.output<typeof enrolmentChangeSchema>;

/**
 * Programmes (issue 25): the site admin's definitions, a patient's enrolments (enrol, pause, resume,
 * end, each audited), what the patient page shows of them, and a plan's next evaluation. The
 * scheduler's side, making the due occurrences into invitations, is services/occurrences.ts.
 */
import type { Locale } from '../contract/codes.js';
import type { EnrolmentChange, NewEnrolment, NewProgramme, ProgrammeChange } from '../contract/requests.js';
import type { Created, Enrolment, Programme } from '../contract/responses.js';
import type { Schedule } from '../contract/schedule.js';
import { missedLastTwo, occurrenceState, programmeAdherence } from '../domain/programmes.js';
import type { ProgrammeAdherence } from '../contract/indicators.js';
import { cursorAfter, firstCursor, startOfDate } from '../domain/schedule.js';
import type { Db } from '../storage/database.js';
import {
  activeEnrolmentFor, enrolmentsOfPatient, findEnrolment, findProgramme, insertEnrolment, insertOccurrence, insertProgramme, lastOccurrenceDue, listProgrammes as listProgrammeRows,
  moveCursor, occurrencesDueBetween, occurrencesOf, openEnrolmentsOfProgramme, sentOccurrencesOfPatients, questionnaireOfFlag, setEnrolmentStatus, updateProgramme as updateProgrammeRow, type EnrolmentRow, type ProgrammeRow,
} from '../storage/programmes.js';
import { transaction } from '../storage/transaction.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { SITE_TIME_ZONE } from './flag-loop.js';
import { makeOccurrenceNow } from './occurrences.js';
import { requirePatient } from './patients.js';
import { requirePatientAccess, scopeOf, unitForEntry } from './access.js';

function programmeOf(row: ProgrammeRow): Programme {
  return {
    id: row.id, name: { da: row.name_da, en: row.name_en } satisfies Record<Locale, string>, questionnaireId: row.questionnaire_id,
    schedule: JSON.parse(row.schedule) as Schedule, trigger: row.trigger, openFor: row.open_for, whenOpen: row.when_open, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export async function listProgrammes(ctx: ServiceContext): Promise<Programme[]> {
  return (await listProgrammeRows(ctx.db)).map(programmeOf);
}

function assertQuestionnaire(ctx: ServiceContext, questionnaireId: string): void {
  if (!ctx.questionnaires.current(questionnaireId)) {
    throw new ServiceError('invalid', 'unknown_questionnaire', `No questionnaire "${questionnaireId}"`, { questionnaireId });
  }
}

export async function createProgramme(ctx: ServiceContext, by: StaffActor, input: NewProgramme): Promise<Created> {
  assertQuestionnaire(ctx, input.questionnaireId);
  const id = ctx.newId();
  const now = ctx.now();
  await transaction(ctx.db, async (tx) => {
    await insertProgramme(tx, {
      id, name_da: input.name.da, name_en: input.name.en, questionnaire_id: input.questionnaireId, schedule: JSON.stringify(input.schedule), trigger: input.trigger,
      open_for: input.openFor, when_open: input.whenOpen, created_at: now.toISOString(), updated_at: now.toISOString(),
    });
    await recordAudit(tx, by, now, { action: 'programme.created', entityType: 'programme', entityId: id, details: { questionnaireId: input.questionnaireId, schedule: input.schedule } });
  });
  return { id };
}

async function requireProgramme(db: Db, id: string): Promise<ProgrammeRow> {
  const row = await findProgramme(db, id);
  if (!row) throw new ServiceError('not_found', 'programme_not_found', 'No such programme');
  return row;
}

/**
 * Changes a programme. A new schedule counts from each enrolment's own start: an enrolment that is
 * not ended goes on at the new schedule's first occurrence after its latest one (the first of all
 * when it has none), so nothing made is made again and nothing is made twice.
 */
export async function updateProgramme(ctx: ServiceContext, by: StaffActor, id: string, change: ProgrammeChange): Promise<Programme> {
  if (change.questionnaireId !== undefined) assertQuestionnaire(ctx, change.questionnaireId);
  const now = ctx.now();
  await transaction(ctx.db, async (tx) => {
    await requireProgramme(tx, id);
    await updateProgrammeRow(tx, id, {
      ...(change.name ? { name_da: change.name.da, name_en: change.name.en } : {}),
      ...(change.questionnaireId !== undefined ? { questionnaire_id: change.questionnaireId } : {}),
      ...(change.schedule ? { schedule: JSON.stringify(change.schedule) } : {}),
      ...(change.trigger ? { trigger: change.trigger } : {}),
      ...(change.openFor ? { open_for: change.openFor } : {}),
      ...(change.whenOpen ? { when_open: change.whenOpen } : {}),
      updated_at: now.toISOString(),
    });
    let moved = 0;
    if (change.schedule) {
      for (const e of await openEnrolmentsOfProgramme(tx, id)) {
        const last = await lastOccurrenceDue(tx, e.id);
        const next = cursorAfter(change.schedule, new Date(e.start_at), last === null ? null : new Date(last), SITE_TIME_ZONE);
        if (await moveCursor(tx, e.id, { index: e.next_index, dueAt: e.next_due_at }, { index: next?.index ?? null, dueAt: next?.dueAt.toISOString() ?? null, at: now.toISOString() })) moved++;
      }
    }
    await recordAudit(tx, by, now, { action: 'programme.changed', entityType: 'programme', entityId: id, details: { fields: Object.keys(change), enrolmentsRescheduled: moved } });
  });
  return programmeOf(await requireProgramme(ctx.db, id));
}

/** A start date is 00:00 of that day in Copenhagen; a date-time is that instant. */
const startInstant = (start: string): Date => (/^\d{4}-\d{2}-\d{2}$/.test(start) ? startOfDate(start, SITE_TIME_ZONE) : new Date(start));

/**
 * Enrols the patient: 409 when the patient is not active or already in the programme (not ended).
 * Of the occurrences already due, only the latest is made, at once.
 */
export async function enrol(ctx: ServiceContext, by: StaffActor, patientId: string, input: NewEnrolment): Promise<Created> {
  const scope = await scopeOf(ctx.db, by, ctx.now());
  const patient = await requirePatientAccess(ctx, by, patientId, scope);
  if (patient.status !== 'active') {
    throw new ServiceError('conflict', 'patient_not_active', 'The patient is no longer in the service: no new enrolments', { status: patient.status });
  }
  const programme = await findProgramme(ctx.db, input.programmeId);
  if (!programme) throw new ServiceError('invalid', 'unknown_programme', `No programme "${input.programmeId}"`, { programmeId: input.programmeId });
  // The enrolling nurse's unit, as an invitation's (422 unit_required when she shares several with the patient).
  const unitId = await unitForEntry(ctx.db, scope, patientId, input.unitId);
  const start = startInstant(input.startDate);
  const first = firstCursor(JSON.parse(programme.schedule) as Schedule, start, SITE_TIME_ZONE);
  const id = ctx.newId();
  const now = ctx.now();
  await transaction(ctx.db, async (tx) => {
    if ((await enrolmentsOfPatient(tx, patientId)).some((e) => e.programme_id === programme.id && e.status !== 'ended')) {
      throw new ServiceError('conflict', 'already_enrolled', 'The patient is already in this programme', { programmeId: programme.id });
    }
    await insertEnrolment(tx, {
      id, patient_id: patientId, programme_id: programme.id, status: 'active', reason: null, start_at: start.toISOString(), next_index: first?.index ?? null,
      next_due_at: first?.dueAt.toISOString() ?? null, created_by: by.id, created_at: now.toISOString(), updated_at: now.toISOString(), unit_id: unitId,
    });
    await recordAudit(tx, by, now, { action: 'enrolment.created', entityType: 'enrolment', entityId: id, patientId, details: { programmeId: programme.id, startAt: start.toISOString(), unitId } });
  });
  await makeOccurrenceNow(ctx, id);
  return { id };
}

const STATUS_ACTION = { active: 'enrolment.resumed', paused: 'enrolment.paused', ended: 'enrolment.ended' } as const;

/** Pause, resume or end (with a reason code). An ended enrolment stays ended (409); on resume the latest occurrence due meanwhile is made at once. */
export async function changeEnrolment(ctx: ServiceContext, by: StaffActor, id: string, change: EnrolmentChange): Promise<Enrolment> {
  const now = ctx.now();
  // Need-to-know (issue 24): another unit's patient's enrolment is as unknown as a wrong id.
  const enrolmentNotFound = () => new ServiceError('not_found', 'enrolment_not_found', 'No such enrolment');
  const found = await findEnrolment(ctx.db, id);
  if (!found) throw enrolmentNotFound();
  await requirePatientAccess(ctx, by, found.patient_id).catch((error: unknown) => {
    throw error instanceof ServiceError && error.kind === 'not_found' ? enrolmentNotFound() : error;
  });
  const before = await transaction(ctx.db, async (tx) => {
    const e = await findEnrolment(tx, id);
    if (!e) throw new ServiceError('not_found', 'enrolment_not_found', 'No such enrolment');
    if (e.status === 'ended') throw new ServiceError('conflict', 'enrolment_ended', 'This enrolment has ended: enrol the patient again');
    if (e.status === change.status) return e;
    if (!(await setEnrolmentStatus(tx, id, e.status, { status: change.status, reason: change.status === 'active' ? null : change.reason ?? null, updated_at: now.toISOString() }))) {
      throw new ServiceError('conflict', 'enrolment_changed', 'The enrolment changed meanwhile: look again');
    }
    await recordAudit(tx, by, now, { action: STATUS_ACTION[change.status], entityType: 'enrolment', entityId: id, patientId: e.patient_id, details: { from: e.status, reason: change.reason ?? null } });
    return e;
  });
  if (change.status === 'active' && before.status !== 'active') await makeOccurrenceNow(ctx, id);
  const after = (await findEnrolment(ctx.db, id))!;
  const [enrolment] = await enrolmentsWithOccurrences(ctx, [after], (await requirePatient(ctx, after.patient_id)).status === 'active');
  return enrolment!;
}

/** nextDueAt is null when nothing will be made: the enrolment is paused or ended, or the patient is not active. */
async function enrolmentsWithOccurrences(ctx: ServiceContext, rows: readonly EnrolmentRow[], patientActive = true): Promise<Enrolment[]> {
  const now = ctx.now();
  const occurrences = await occurrencesOf(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, programmeId: r.programme_id, status: r.status, reason: r.reason, startAt: r.start_at,
    nextDueAt: r.status === 'active' && patientActive ? r.next_due_at : null, createdAt: r.created_at,
    occurrences: occurrences.filter((o) => o.enrolment_id === r.id).map((o) => ({ dueAt: o.due_at, invitationId: o.invitation_id, state: occurrenceState(o, now) })),
  }));
}

/** The patient's enrolments with their occurrences (newest first); the read is audited. */
export async function patientEnrolments(ctx: ServiceContext, by: StaffActor, patientId: string): Promise<Enrolment[]> {
  const patient = await requirePatientAccess(ctx, by, patientId);
  const rows = await enrolmentsOfPatient(ctx.db, patientId);
  await recordAudit(ctx.db, by, ctx.now(), { action: 'enrolments.read', entityType: 'patient', entityId: patientId, patientId, details: { count: rows.length } });
  return enrolmentsWithOccurrences(ctx, rows, patient.status === 'active');
}

/**
 * A plan's next evaluation happens (inside the decision's transaction): the patient's next
 * occurrence in the programme of the flag's questionnaire moves to 00:00 of that date; a patient
 * in no such programme (active) gets a one-off occurrence that the scheduler makes on that date.
 */
export async function planNextEvaluation(tx: Db, ctx: ServiceContext, by: StaffActor, now: Date, plan: { flagId: string; patientId: string; decisionId: string; date: string }): Promise<void> {
  const questionnaireId = await questionnaireOfFlag(tx, plan.flagId);
  if (questionnaireId === undefined) return;
  const dueAt = startOfDate(plan.date, SITE_TIME_ZONE).toISOString();
  const enrolment = await activeEnrolmentFor(tx, plan.patientId, questionnaireId);
  if (enrolment) {
    await moveCursor(tx, enrolment.id, { index: enrolment.next_index, dueAt: enrolment.next_due_at }, { index: enrolment.next_index, dueAt, at: now.toISOString() });
    await recordAudit(tx, by, now, {
      action: 'enrolment.moved', entityType: 'enrolment', entityId: enrolment.id, patientId: plan.patientId, details: { from: enrolment.next_due_at, to: dueAt, flagId: plan.flagId },
    });
    return;
  }
  const id = ctx.newId();
  await insertOccurrence(tx, {
    id, enrolment_id: null, patient_id: plan.patientId, questionnaire_id: questionnaireId, due_at: dueAt, invitation_id: null, made_at: null, decision_id: plan.decisionId,
    created_at: now.toISOString(),
  });
  await recordAudit(tx, by, now, { action: 'occurrence.planned', entityType: 'occurrence', entityId: id, patientId: plan.patientId, details: { dueAt, questionnaireId, flagId: plan.flagId } });
}

/** The indicators' adherence per programme and month, of the occurrences due in [start, end). */
export async function adherenceBetween(ctx: ServiceContext, start: string, end: string): Promise<ProgrammeAdherence[]> {
  const rows = await occurrencesDueBetween(ctx.db, start, end);
  return programmeAdherence(rows.map((r) => ({ ...r, name: { da: r.name_da, en: r.name_en } })), ctx.now(), SITE_TIME_ZONE);
}

/** Of these patients, those whose two latest programme questionnaires (decided ones) both went unanswered: "Har ikke svaret de to seneste gange". */
export async function patientsWhoMissedLastTwo(ctx: ServiceContext, patientIds: readonly string[]): Promise<Set<string>> {
  const now = ctx.now();
  const states = new Map<string, ReturnType<typeof occurrenceState>[]>();
  for (const r of await sentOccurrencesOfPatients(ctx.db, [...new Set(patientIds)])) {
    const list = states.get(r.patient_id) ?? [];
    list.push(occurrenceState(r, now));
    states.set(r.patient_id, list);
  }
  return new Set([...states].filter(([, s]) => missedLastTwo(s)).map(([id]) => id));
}

/**
 * A flag's life, pure (issue 22): every change to a flag's status, closure, owner and escalation is
 * one event here, refused or turned into the columns it sets. Services read the row, call
 * `transition`, and write the change with storage's `updateFlag` while the row is still as read.
 *
 * Two axes on one row (docs/decisions/0001-flag-status-and-closure.md): `status` says where the
 * nurse's decision stands (open, returned, planned_basic, referred, no_action,
 * awaiting_verification); `closed_at`/`outcome` say whether the flag has left the worklist and
 * how. A decision sets both; closing with an outcome leaves the status as it is (only an outcome
 * that is not a decision's: CLOSE_OUTCOMES); reopening sets
 * the status back to open; a referral the team returns re-opens the flag with status returned.
 */
import { CLOSE_OUTCOMES, DECIDABLE_STATUSES, OUTCOME_OF_DECISION, type DecisionAction, type FlagOutcome, type FlagStatus, type ResponseMode, type Role } from '../contract/codes.js';
import type { ApiErrorCode } from '../contract/errors.js';
import { canOwnFlags } from './flag-loop.js';

/** The columns of a flags row the transitions read, as stored. */
export interface FlagLife {
  status: FlagStatus;
  closed_at: string | null;
  outcome: FlagOutcome | null;
  owner_id: string | null;
  acknowledged_at: string | null;
  first_action_at: string | null;
  escalated_at: string | null;
  /** 1 when the patient wrote in their own words. */
  own_words: number;
  /** When a nurse or admin first opened the flag's detail (the own words are read then). */
  opened_at: string | null;
}

/**
 * The columns a transition's answer depends on: its change is written only while the row still has
 * these values. Not the owner (only audited) nor the outcome (it changes with closed_at), so two
 * nurses taking the same flag both succeed, the later one owning it, as always.
 */
export function dependsOn(flag: FlagLife): Pick<FlagLife, 'status' | 'closed_at' | 'escalated_at' | 'opened_at' | 'acknowledged_at' | 'first_action_at'> {
  const { status, closed_at, escalated_at, opened_at, acknowledged_at, first_action_at } = flag;
  return { status, closed_at, escalated_at, opened_at, acknowledged_at, first_action_at };
}

/** The columns a transition sets: a partial change of the flags row. */
export interface FlagChange {
  status?: FlagStatus;
  closed_at?: string | null;
  outcome?: FlagOutcome | null;
  outcome_note?: string | null;
  owner_id?: string | null;
  acknowledged_at?: string | null;
  first_action_at?: string | null;
  escalated_at?: string | null;
  return_reason?: string | null;
  opened_at?: string | null;
  opened_by?: string | null;
  updated_at?: string;
}

/** Someone who may be handed a flag (a staff user as stored), or undefined when no such user exists. */
export type Assignee = { id: string; role: Role; disabled_at: string | null } | undefined;

/** Every event of a flag's life; `at` is the instant (ISO), `by` the acting staff user's id. */
export type FlagEvent =
  | { type: 'open'; by: string; at: string }
  | { type: 'decide'; action: DecisionAction; note: string; at: string }
  | { type: 'take'; by: string; at: string }
  /** `inFlagUnit`: the assignee works in the flag's unit (or is a site admin), so she can see it (issue 24). */
  | { type: 'assign'; to: Assignee; inFlagUnit: boolean; at: string }
  | { type: 'release'; at: string }
  | { type: 'close'; outcome: FlagOutcome; note: string | null; at: string }
  | { type: 'reopen'; at: string }
  | { type: 'referral_returned'; reason: string; at: string }
  | { type: 'verify'; at: string }
  | { type: 'escalate'; at: string };

/**
 * Why an event is refused: the kind and code the API answers with (http/errors.ts maps the kind to
 * a status). `flag_already_escalated` and `flag_already_opened` never reach the API: there is
 * nothing to do (the scheduler skips the flag; a later opening is not the first).
 */
export interface FlagRefusal {
  kind: 'conflict' | 'invalid';
  code: Extract<ApiErrorCode, 'flag_already_decided' | 'flag_closed' | 'flag_not_closed' | 'own_words_unread' | 'flag_awaiting_verification' | 'invalid_assignee' | 'not_awaiting_verification' | 'outcome_needs_decision'> | 'flag_already_escalated' | 'flag_already_opened';
  message: string;
  details?: unknown;
}

export type FlagTransition = { ok: true; change: FlagChange } | { ok: false; refusal: FlagRefusal };

/** The status a nurse's decision leaves the flag in. */
export const STATUS_OF_DECISION: Record<DecisionAction, FlagStatus> = { basic: 'planned_basic', refer: 'referred', no_action: 'no_action' };

/** The status of a new flag: a paper entry waits for a second staff user to check the transcription (issue 13). */
export function initialFlagStatus(mode: ResponseMode): FlagStatus {
  return mode === 'paper' ? 'awaiting_verification' : 'open';
}

/** Open or returned: a nurse can decide it (an unverified paper entry first needs its check). */
export function isDecidable(status: FlagStatus): boolean {
  return DECIDABLE_STATUSES.includes(status);
}

const refuse = (kind: FlagRefusal['kind'], code: FlagRefusal['code'], message: string, details?: unknown): FlagTransition => ({
  ok: false, refusal: { kind, code, message, ...(details !== undefined ? { details } : {}) },
});
const allow = (change: FlagChange): FlagTransition => ({ ok: true, change });

/** What the patient wrote is read before the flag is decided or closed: the staff app always opens the detail first. */
function ownWordsUnread(flag: FlagLife): FlagTransition | undefined {
  if (flag.own_words === 1 && flag.opened_at === null) {
    return refuse('conflict', 'own_words_unread', 'The patient wrote in their own words: open the response (GET /api/flags/:id) and read them before closing it');
  }
  return undefined;
}

function closedFlag(flag: FlagLife): FlagTransition | undefined {
  return flag.closed_at !== null ? refuse('conflict', 'flag_closed', 'This flag is closed; reopen it first', { outcome: flag.outcome }) : undefined;
}

/** The columns a close sets, by a decision or with an outcome; the first close is a first action unless a take came before. */
function closing(flag: FlagLife, at: string, outcome: FlagOutcome, note: string | null): FlagChange {
  return { closed_at: at, outcome, outcome_note: note || null, first_action_at: flag.first_action_at ?? at, updated_at: at };
}

/**
 * The change `event` makes to `flag`, or why it is refused, checked in the order the API has
 * always answered (e.g. a decision on an unverified paper entry is refused as such before anything else).
 */
export function transition(flag: FlagLife, event: FlagEvent): FlagTransition {
  const { at } = event;
  switch (event.type) {
    case 'open':
      // The first time a nurse or admin opened the detail: own words count as read from then on. Not a first action.
      if (flag.opened_at !== null) return refuse('conflict', 'flag_already_opened', 'This flag was opened before');
      return allow({ opened_at: at, opened_by: event.by });
    case 'decide': {
      if (flag.status === 'awaiting_verification') {
        return refuse('conflict', 'flag_awaiting_verification', 'This paper entry is awaiting verification: a second staff user checks the transcription (POST /api/responses/:id/verify) before it is decided');
      }
      if (!isDecidable(flag.status)) {
        return refuse('conflict', 'flag_already_decided', `This flag is ${flag.status}; only open or returned flags can be decided`, { status: flag.status });
      }
      const unread = ownWordsUnread(flag);
      if (unread) return unread;
      // A decision closes the flag with the matching outcome; one closed with an outcome is decided already.
      if (flag.closed_at !== null) return refuse('conflict', 'flag_closed', `This flag was closed (${flag.outcome}); reopen it first`, { outcome: flag.outcome });
      return allow({ status: STATUS_OF_DECISION[event.action], ...closing(flag, at, OUTCOME_OF_DECISION[event.action], event.note) });
    }
    case 'take':
      // "I'll handle it": the first take acknowledges the flag.
      return closedFlag(flag) ?? allow({ owner_id: event.by, acknowledged_at: flag.acknowledged_at ?? at, first_action_at: flag.first_action_at ?? at, updated_at: at });
    case 'assign': {
      const closed = closedFlag(flag);
      if (closed) return closed;
      // Handing it over is not an acknowledgement by the new owner.
      if (!event.to || !canOwnFlags(event.to)) {
        return refuse('invalid', 'invalid_assignee', 'A flag can be assigned to an enabled nurse or admin', [{ path: 'userId', message: 'must be an enabled nurse or admin' }]);
      }
      // Need-to-know: she could not open the flag she was handed.
      if (!event.inFlagUnit) {
        return refuse('invalid', 'invalid_assignee', "A flag can be assigned only to someone who works in the flag's unit", [{ path: 'userId', message: "must work in the flag's unit" }]);
      }
      return allow({ owner_id: event.to.id, updated_at: at });
    }
    case 'release':
      return closedFlag(flag) ?? allow({ owner_id: null, updated_at: at });
    case 'close':
      // A plan, a referral or no action is a decision: closing with its outcome would refer nobody (issue 23).
      if (!CLOSE_OUTCOMES.includes(event.outcome)) {
        return refuse('invalid', 'outcome_needs_decision', `The outcome ${event.outcome} is recorded by a decision (POST /api/flags/:id/decision), which writes the plan or the referral; close with one of ${CLOSE_OUTCOMES.join(', ')}`, [{ path: 'outcome', message: `must be one of ${CLOSE_OUTCOMES.join(', ')}; ${event.outcome} is a decision` }]);
      }
      // Any nurse or admin may close a flag, not only its owner; the status stays as it is.
      return closedFlag(flag) ?? ownWordsUnread(flag) ?? allow(closing(flag, at, event.outcome, event.note));
    case 'reopen':
      // Back on the worklist, to be decided again.
      if (flag.closed_at === null) return refuse('conflict', 'flag_not_closed', 'Only a closed flag can be reopened');
      return allow({ closed_at: null, outcome: null, outcome_note: null, status: 'open', updated_at: at });
    case 'referral_returned': {
      // The team sent it back: on the worklist again, with their reason. A flag decided anew since the
      // referral keeps its status (only the closure is undone), as it always has.
      const reopened: FlagChange = { closed_at: null, outcome: null, outcome_note: null, updated_at: at };
      return allow(flag.status === 'referred' ? { status: 'returned', return_reason: event.reason, ...reopened } : reopened);
    }
    case 'verify':
      // Open now like any new flag; its deadline ran from the entry, so a late check does not delay it.
      if (flag.status !== 'awaiting_verification') return refuse('conflict', 'not_awaiting_verification', 'This flag is not awaiting verification', { status: flag.status });
      return allow({ status: 'open', updated_at: at });
    case 'escalate':
      // Once, and never a closed flag.
      if (flag.closed_at !== null) return refuse('conflict', 'flag_closed', 'This flag is closed', { outcome: flag.outcome });
      if (flag.escalated_at !== null) return refuse('conflict', 'flag_already_escalated', 'This flag was escalated already');
      return allow({ escalated_at: at });
  }
}

import { describe, expect, it } from 'vitest';
import type { FlagOutcome, FlagStatus, Role } from '../../server/contract/codes.js';
import { dependsOn, initialFlagStatus, transition, type FlagEvent, type FlagLife } from '../../server/domain/flag-state.js';

const AT = '2026-03-02T10:00:00.000Z';
const EARLIER = '2026-03-02T08:00:00.000Z';

const NEW: FlagLife = {
  status: 'open', closed_at: null, outcome: null, owner_id: null, acknowledged_at: null, first_action_at: null, escalated_at: null, own_words: 0, opened_at: null,
};
const closedBy = (status: FlagStatus, outcome: FlagOutcome): FlagLife => ({ ...NEW, status, closed_at: EARLIER, outcome, first_action_at: EARLIER });

/** One flag in each state that matters to some event. */
const STATES = {
  open: NEW,
  ownWordsUnread: { ...NEW, own_words: 1 },
  ownWordsRead: { ...NEW, own_words: 1, opened_at: EARLIER },
  returned: { ...NEW, status: 'returned' },
  awaitingVerification: { ...NEW, status: 'awaiting_verification' },
  taken: { ...NEW, owner_id: 'nurse-a', acknowledged_at: EARLIER, first_action_at: EARLIER },
  escalated: { ...NEW, escalated_at: EARLIER },
  plannedBasic: closedBy('planned_basic', 'plan_basic'),
  referred: closedBy('referred', 'referred'),
  noAction: closedBy('no_action', 'no_action'),
  closedWithOutcome: closedBy('open', 'contacted_phone'),
} satisfies Record<string, FlagLife>;

const NURSE: { id: string; role: Role; disabled_at: null } = { id: 'nurse-b', role: 'nurse', disabled_at: null };
const EVENTS = {
  open: { type: 'open', by: 'nurse-b', at: AT },
  decide: { type: 'decide', action: 'basic', note: 'Plan agreed', at: AT },
  take: { type: 'take', by: 'nurse-b', at: AT },
  assign: { type: 'assign', to: NURSE, inFlagUnit: true, at: AT },
  assignOtherUnit: { type: 'assign', to: NURSE, inFlagUnit: false, at: AT },
  assignDisabled: { type: 'assign', to: { ...NURSE, disabled_at: EARLIER }, inFlagUnit: true, at: AT },
  assignTeam: { type: 'assign', to: { ...NURSE, role: 'palliative_team' }, inFlagUnit: true, at: AT },
  assignNobody: { type: 'assign', to: undefined, inFlagUnit: false, at: AT },
  release: { type: 'release', at: AT },
  close: { type: 'close', outcome: 'contacted_phone', note: null, at: AT },
  closeReferred: { type: 'close', outcome: 'referred', note: null, at: AT },
  closePlanBasic: { type: 'close', outcome: 'plan_basic', note: null, at: AT },
  closeNoAction: { type: 'close', outcome: 'no_action', note: 'Fine', at: AT },
  reopen: { type: 'reopen', at: AT },
  referralReturned: { type: 'referral_returned', reason: 'Basic level suffices', at: AT },
  verify: { type: 'verify', at: AT },
  escalate: { type: 'escalate', at: AT },
} satisfies Record<string, FlagEvent>;

const CLOSED = ['plannedBasic', 'referred', 'noAction', 'closedWithOutcome'];
const ok = 'ok';
/** Every event in every state: 'ok', or the refusal's code. */
function expected(state: string, event: string): string {
  const closed = CLOSED.includes(state);
  switch (event) {
    case 'open':
      return state === 'ownWordsRead' ? 'flag_already_opened' : ok;
    case 'decide':
      if (state === 'awaitingVerification') return 'flag_awaiting_verification';
      if (['plannedBasic', 'referred', 'noAction'].includes(state)) return 'flag_already_decided';
      if (state === 'ownWordsUnread') return 'own_words_unread';
      return closed ? 'flag_closed' : ok;
    case 'take':
    case 'assign':
    case 'release':
      return closed ? 'flag_closed' : ok;
    case 'assignDisabled':
    case 'assignTeam':
    case 'assignNobody':
    case 'assignOtherUnit':
      return closed ? 'flag_closed' : 'invalid_assignee';
    case 'close':
      return closed ? 'flag_closed' : state === 'ownWordsUnread' ? 'own_words_unread' : ok;
    case 'closeReferred':
    case 'closePlanBasic':
    case 'closeNoAction':
      // A decision's outcome is never a bare close, in any state (issue 23): the referral would reach nobody.
      return 'outcome_needs_decision';
    case 'reopen':
      return closed ? ok : 'flag_not_closed';
    case 'referralReturned':
      return ok;
    case 'verify':
      return state === 'awaitingVerification' ? ok : 'not_awaiting_verification';
    case 'escalate':
      return closed ? 'flag_closed' : state === 'escalated' ? 'flag_already_escalated' : ok;
    default:
      throw new Error(`No expectation for ${event}`);
  }
}

const CASES = Object.entries(STATES).flatMap(([state, flag]) => Object.entries(EVENTS).map(([event, e]) => [state, event, expected(state, event), flag, e] as const));

describe('transition', () => {
  it.each(CASES)('in state %s, %s gives %s', (_state, _event, outcome, flag, event) => {
    const result = transition(flag, event);
    expect(result.ok ? ok : result.refusal.code).toBe(outcome);
  });

  it.each([
    ['a flag opened the first time (closed or not)', STATES.noAction, EVENTS.open, { opened_at: AT, opened_by: 'nurse-b' }],
    ['a new flag decided basic', NEW, EVENTS.decide, { status: 'planned_basic', closed_at: AT, outcome: 'plan_basic', outcome_note: 'Plan agreed', first_action_at: AT, updated_at: AT }],
    ['a taken flag decided: no action, without a note', STATES.taken, { type: 'decide', action: 'no_action', note: '', at: AT }, { status: 'no_action', closed_at: AT, outcome: 'no_action', outcome_note: null, first_action_at: EARLIER, updated_at: AT }],
    ['a flag referred', NEW, { type: 'decide', action: 'refer', note: 'See the team', at: AT }, { status: 'referred', closed_at: AT, outcome: 'referred', outcome_note: 'See the team', first_action_at: AT, updated_at: AT }],
    ['a new flag taken: acknowledged', NEW, EVENTS.take, { owner_id: 'nurse-b', acknowledged_at: AT, first_action_at: AT, updated_at: AT }],
    ['a taken flag taken over: first acknowledgement kept', STATES.taken, EVENTS.take, { owner_id: 'nurse-b', acknowledged_at: EARLIER, first_action_at: EARLIER, updated_at: AT }],
    ['a flag assigned: no acknowledgement', NEW, EVENTS.assign, { owner_id: 'nurse-b', updated_at: AT }],
    ['a flag released', STATES.taken, EVENTS.release, { owner_id: null, updated_at: AT }],
    ['a flag closed, status kept', STATES.returned, { type: 'close', outcome: 'seen', note: 'Visited', at: AT }, { closed_at: AT, outcome: 'seen', outcome_note: 'Visited', first_action_at: AT, updated_at: AT }],
    ['a taken flag closed: first action kept', STATES.taken, EVENTS.close, { closed_at: AT, outcome: 'contacted_phone', outcome_note: null, first_action_at: EARLIER, updated_at: AT }],
    ['a decided flag reopened: open again', STATES.plannedBasic, EVENTS.reopen, { closed_at: null, outcome: null, outcome_note: null, status: 'open', updated_at: AT }],
    ['a referred flag returned', STATES.referred, EVENTS.referralReturned, { status: 'returned', return_reason: 'Basic level suffices', closed_at: null, outcome: null, outcome_note: null, updated_at: AT }],
    ['a flag decided anew since its referral, returned: status kept', STATES.plannedBasic, EVENTS.referralReturned, { closed_at: null, outcome: null, outcome_note: null, updated_at: AT }],
    ['a paper entry verified', STATES.awaitingVerification, EVENTS.verify, { status: 'open', updated_at: AT }],
    ['an overdue flag escalated', NEW, EVENTS.escalate, { escalated_at: AT }],
  ] as const)('sets exactly the columns of %s', (_name, flag, event, change) => {
    expect(transition(flag, event)).toEqual({ ok: true, change });
  });

  it.each([
    ['flag_already_decided', STATES.referred, EVENTS.decide, { kind: 'conflict', details: { status: 'referred' } }],
    ['flag_closed', STATES.closedWithOutcome, EVENTS.decide, { kind: 'conflict', details: { outcome: 'contacted_phone' }, message: 'This flag was closed (contacted_phone); reopen it first' }],
    ['flag_closed', STATES.noAction, EVENTS.take, { kind: 'conflict', details: { outcome: 'no_action' }, message: 'This flag is closed; reopen it first' }],
    ['invalid_assignee', NEW, EVENTS.assignNobody, { kind: 'invalid', details: [{ path: 'userId', message: 'must be an enabled nurse or admin' }] }],
    ['invalid_assignee', NEW, EVENTS.assignOtherUnit, { kind: 'invalid', details: [{ path: 'userId', message: "must work in the flag's unit" }] }],
    ['own_words_unread', STATES.ownWordsUnread, EVENTS.close, { kind: 'conflict' }],
    ['outcome_needs_decision', NEW, EVENTS.closeReferred, { kind: 'invalid', details: [{ path: 'outcome', message: expect.stringContaining('referred is a decision') }] }],
    ['flag_awaiting_verification', STATES.awaitingVerification, EVENTS.decide, { kind: 'conflict' }],
    ['flag_not_closed', NEW, EVENTS.reopen, { kind: 'conflict', message: 'Only a closed flag can be reopened' }],
  ] as const)('refuses with %s, its kind and details as the API answers', (code, flag, event, refusal) => {
    expect(transition(flag, event)).toEqual({ ok: false, refusal: expect.objectContaining({ code, ...refusal }) });
  });
});

describe('initialFlagStatus', () => {
  it.each([['paper', 'awaiting_verification'], ['self', 'open'], ['assisted', 'open'], ['proxy', 'open']] as const)('gives a %s response the status %s', (mode, status) => {
    expect(initialFlagStatus(mode)).toBe(status);
  });
});

describe('dependsOn', () => {
  it('keeps the columns a transition depends on, not the owner, the outcome or anything else of the row', () => {
    expect(dependsOn({ ...STATES.plannedBasic, owner_id: 'nurse-a', ...{ id: 'f1', due_at: AT } })).toEqual({
      status: 'planned_basic', closed_at: EARLIER, escalated_at: null, opened_at: null, acknowledged_at: null, first_action_at: EARLIER,
    });
  });
});

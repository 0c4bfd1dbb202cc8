/**
 * The closed loop for flags (issue 11) through the API: take, assign, release, close, reopen; who
 * may; deadlines set through PUT /api/settings with the test clock; the overdue order; escalation
 * by the scheduler once; and the Overview on a small hand-worked scenario.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../server/contract/codes.js';
import type { FlagSummary } from '../../server/contract/responses.js';
import type { ServiceContext } from '../../server/services/context.js';
import { createServiceContext } from '../../server/services/create-context.js';
import type { Transport } from '../../server/services/notification-channels.js';
import { runSchedulerTick } from '../../server/services/scheduler.js';
import { createTestServer, invite, MINUTE, testCatalog, type TestServer } from './helpers.js';

const PUBLIC_URL = 'https://pro.example.org';
const HOUR = 60 * MINUTE;
const BASIC = { pain: 2 };
const SPECIALIZED = { pain: 4, worry: 4 };
// Every scale answered: fewer than half would be "incomplete", a reason at the basic level.
const NONE = { pain: 1, worry: 1, walk: 1 };

let server: TestServer;
let ctx: ServiceContext;

beforeEach(async () => {
  server = await createTestServer({ settings: { publicUrl: PUBLIC_URL } });
  ctx = createServiceContext({ db: server.db, questionnaires: await testCatalog(), now: server.clock.now, settings: { publicUrl: PUBLIC_URL } });
}, 60_000); // a fresh database and three staff users (scrypt): slow on a busy machine
afterEach(() => server.close());

async function settings(patch: Record<string, unknown>) {
  await (await server.as('admin')).put('/api/settings').send(patch).expect(200);
}

/** A patient answers; returns the flag's id. */
async function flagFor(answers: Record<string, unknown>, name = 'Karen Jensen'): Promise<string> {
  const { token } = await invite(server, 'minimal', { externalId: `ext-${randomUUID()}`, name });
  const { body } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers }).expect(201);
  return (await server.db.selectFrom('flags').select('id').where('response_id', '=', body.responseId).executeTakeFirstOrThrow()).id;
}

async function worklist(query = ''): Promise<FlagSummary[]> {
  return (await (await server.as('nurse')).get(`/api/flags${query}`).expect(200)).body.items;
}

async function auditActions(flagId: string): Promise<string[]> {
  const rows = await server.db.selectFrom('audit_log').select('action').where('entity_id', '=', flagId).where('action', 'like', 'flag.%').orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('take, assign, release, close, reopen', () => {
  it('takes (acknowledging), hands over, releases, closes and reopens a flag, each change audited', async () => {
    const id = await flagFor(BASIC);
    const nurse = await server.as('nurse');
    // Opening the detail is not acknowledging.
    const opened = (await nurse.get(`/api/flags/${id}`).expect(200)).body.flag;
    expect(opened).toMatchObject({ owner: null, acknowledgedAt: null, closedAt: null, outcome: null, overdue: false, overdueFor: null });
    expect(opened.dueAt).toBe(new Date(server.clock.now().getTime() + 5 * 86_400_000).toISOString()); // basic: P5D

    server.clock.advance(10 * MINUTE);
    const taken = (await nurse.post(`/api/flags/${id}/take`).expect(200)).body;
    expect(taken).toMatchObject({ id, status: 'open', owner: { id: server.users.nurse.id, username: 'nurse-user' }, acknowledgedAt: server.clock.now().toISOString() });

    server.clock.advance(10 * MINUTE);
    const assigned = (await nurse.post(`/api/flags/${id}/assign`).send({ userId: server.users.admin.id }).expect(200)).body;
    expect(assigned.owner).toEqual({ id: server.users.admin.id, username: 'admin-user' });
    expect(assigned.acknowledgedAt).toBe(taken.acknowledgedAt); // set once, by the first take
    expect((await worklist()).find((f) => f.id === id)?.owner?.username).toBe('admin-user');

    expect((await nurse.post(`/api/flags/${id}/release`).expect(200)).body.owner).toBeNull();

    const closed = (await nurse.post(`/api/flags/${id}/close`).send({ outcome: 'contacted_phone', note: 'Called, pain plan agreed' }).expect(200)).body;
    expect(closed).toMatchObject({ status: 'open', closedAt: server.clock.now().toISOString(), outcome: 'contacted_phone', outcomeNote: 'Called, pain plan agreed' });
    expect((await worklist()).map((f) => f.id)).not.toContain(id);

    const reopened = (await nurse.post(`/api/flags/${id}/reopen`).send({ reason: 'Patient called back' }).expect(200)).body;
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, outcome: null });
    expect((await worklist()).map((f) => f.id)).toContain(id);

    expect(await auditActions(id)).toEqual(['flag.taken', 'flag.assigned', 'flag.released', 'flag.closed', 'flag.reopened']);
  });

  it('lists the nurses and admins a flag can be handed to', async () => {
    expect((await (await server.as('nurse')).get('/api/assignees').expect(200)).body).toEqual([
      { id: server.users.admin.id, username: 'admin-user', fullName: null, title: null }, { id: server.users.nurse.id, username: 'nurse-user', fullName: null, title: null },
    ]);
    await (await server.as('palliative_team')).get('/api/assignees').expect(403);
  });

  it('neither lists nor takes a disabled nurse or admin as an assignee (issue 21), and lists them again once enabled', async () => {
    const admin = await server.as('admin');
    const { body: gone } = await admin.post('/api/users').send({ username: 'left-the-ward', password: 'a temporary one 42', role: 'nurse' }).expect(201);
    const nurse = await server.as('nurse');
    expect((await nurse.get('/api/assignees').expect(200)).body.map((u: { username: string }) => u.username)).toContain('left-the-ward');
    await admin.patch(`/api/users/${gone.id}`).send({ disabled: true }).expect(200);
    expect((await nurse.get('/api/assignees').expect(200)).body.map((u: { username: string }) => u.username)).not.toContain('left-the-ward');

    const id = await flagFor(BASIC);
    const refused = await nurse.post(`/api/flags/${id}/assign`).send({ userId: gone.id }).expect(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid_assignee', details: [{ path: 'userId', message: 'must be an enabled nurse or admin' }] });
    expect(await auditActions(id)).toEqual([]);
    expect((await nurse.get(`/api/flags/${id}`).expect(200)).body.flag.owner).toBeNull();

    await admin.patch(`/api/users/${gone.id}`).send({ disabled: false }).expect(200);
    await nurse.post(`/api/flags/${id}/assign`).send({ userId: gone.id }).expect(200);
  });

  it('refuses the palliative team every change (403)', async () => {
    const id = await flagFor(BASIC);
    const team = await server.as('palliative_team');
    await team.post(`/api/flags/${id}/take`).expect(403);
    await team.post(`/api/flags/${id}/assign`).send({ userId: server.users.nurse.id }).expect(403);
    await team.post(`/api/flags/${id}/release`).expect(403);
    await team.post(`/api/flags/${id}/close`).send({ outcome: 'seen' }).expect(403);
    await team.post(`/api/flags/${id}/reopen`).send({ reason: 'x' }).expect(403);
    await team.get('/api/overview').expect(403);
    expect(await auditActions(id)).toEqual([]);
  });

  it('answers 422 naming what is missing, and stores nothing', async () => {
    const id = await flagFor(BASIC);
    const nurse = await server.as('nurse');
    const problems = async (path: string, body: object) => (await nurse.post(`/api/flags/${id}/${path}`).send(body).expect(422)).body.error.details;
    expect(await problems('close', {})).toEqual([{ path: 'outcome', message: 'required' }]);
    expect(await problems('close', { outcome: 'gone_fishing' })).toEqual([{ path: 'outcome', message: expect.stringContaining('contacted_phone') }]);
    expect(await problems('close', { outcome: 'no_action', note: '  ' })).toEqual([{ path: 'note', message: expect.stringContaining('required') }]);
    expect(await problems('assign', {})).toEqual([{ path: 'userId', message: 'required' }]);
    for (const role of ['palliative_team'] as Role[]) {
      expect(await problems('assign', { userId: server.users[role].id })).toEqual([{ path: 'userId', message: 'must be an enabled nurse or admin' }]);
    }
    expect(await problems('assign', { userId: 'nobody' })).toEqual([{ path: 'userId', message: 'must be an enabled nurse or admin' }]);
    await nurse.post(`/api/flags/${id}/close`).send({ outcome: 'seen' }).expect(200);
    expect(await problems('reopen', {})).toEqual([{ path: 'reason', message: 'required' }]);
    expect(await auditActions(id)).toEqual(['flag.closed']);
  });

  it('refuses to close with a decision\'s outcome (422 outcome_needs_decision): no referral that reaches nobody; the decision refers', async () => {
    const id = await flagFor(SPECIALIZED);
    const nurse = await server.as('nurse');
    for (const outcome of ['referred', 'plan_basic', 'no_action']) {
      const { body } = await nurse.post(`/api/flags/${id}/close`).send({ outcome, note: 'Phoned her' }).expect(422);
      expect(body.error).toMatchObject({ code: 'outcome_needs_decision', details: [{ path: 'outcome', message: expect.stringContaining(`${outcome} is a decision`) }] });
    }
    // Nothing stored, nothing audited: still open, on the worklist, no referral.
    expect(await server.db.selectFrom('flags').select(['status', 'closed_at', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ status: 'open', closed_at: null, outcome: null });
    expect(await server.db.selectFrom('referrals').select('id').where('flag_id', '=', id).execute()).toEqual([]);
    expect(await auditActions(id)).toEqual([]);
    // The one way to refer: the decision, which writes the referral the team receives.
    await nurse.post(`/api/flags/${id}/decision`).send({ action: 'refer', note: 'Please see', referralText: 'Pain and worry at night.' }).expect(200);
    const team = await server.as('palliative_team');
    expect((await team.get('/api/referrals').expect(200)).body.map((r: { flagId: string }) => r.flagId)).toContain(id);
    expect((await nurse.get(`/api/flags/${id}`).expect(200)).body.flag).toMatchObject({ status: 'referred', outcome: 'referred' });
  });

  it('answers 409 for closing a closed flag, and for changing or deciding it; 409 for reopening an open one', async () => {
    const id = await flagFor(BASIC);
    const nurse = await server.as('nurse');
    await nurse.post(`/api/flags/${id}/reopen`).send({ reason: 'x' }).expect(409);
    await nurse.post(`/api/flags/${id}/close`).send({ outcome: 'patient_declined' }).expect(200);
    expect((await nurse.post(`/api/flags/${id}/close`).send({ outcome: 'seen' }).expect(409)).body.error.code).toBe('flag_closed');
    await nurse.post(`/api/flags/${id}/take`).expect(409);
    await nurse.post(`/api/flags/${id}/decision`).send({ action: 'no_action', note: 'x' }).expect(409);
    const stored = await server.db.selectFrom('flags').select(['status', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'open', outcome: 'patient_declined' });
  });

  it('records one decision when two staff users decide the same flag at once; the other gets 409 flag_already_decided', async () => {
    const id = await flagFor(BASIC);
    const [nurse, admin] = [await server.as('nurse'), await server.as('admin')];
    const answers = await Promise.all([
      nurse.post(`/api/flags/${id}/decision`).send({ action: 'no_action', note: 'Known and handled' }),
      admin.post(`/api/flags/${id}/decision`).send({ action: 'refer', note: 'Please see' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('flag_already_decided');
    const decisions = await server.db.selectFrom('flag_decisions').select('action').where('flag_id', '=', id).execute();
    const stored = await server.db.selectFrom('flags').select(['status', 'outcome']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(decisions).toHaveLength(1);
    expect(stored).toEqual(decisions[0]!.action === 'refer' ? { status: 'referred', outcome: 'referred' } : { status: 'no_action', outcome: 'no_action' });
  });

  it('closes a flag by a decision with the matching outcome; a returned referral re-opens it', async () => {
    const nurse = await server.as('nurse');
    const cases = [
      [{ action: 'basic', responsible: 'Nurse Hansen', nextEvaluation: '2026-03-20', note: 'Pain plan' }, 'plan_basic'],
      [{ action: 'refer', note: 'Please see' }, 'referred'],
      [{ action: 'no_action', note: 'Known and handled' }, 'no_action'],
    ] as const;
    const ids: string[] = [];
    for (const [decision, outcome] of cases) {
      const id = await flagFor(BASIC);
      ids.push(id);
      await nurse.post(`/api/flags/${id}/decision`).send(decision).expect(200);
      expect((await nurse.get(`/api/flags/${id}`).expect(200)).body.flag).toMatchObject({ closedAt: server.clock.now().toISOString(), outcome, outcomeNote: decision.note });
    }
    const team = await server.as('palliative_team');
    const referral = (await team.get('/api/referrals').expect(200)).body.find((r: { flagId: string }) => r.flagId === ids[1]);
    await team.post(`/api/referrals/${referral.id}/decision`).send({ action: 'return', reason: 'Basic level suffices' }).expect(200);
    const returned = (await worklist()).find((f) => f.id === ids[1]);
    expect(returned).toMatchObject({ status: 'returned', closedAt: null, outcome: null });
  });
});

describe('deadlines and the overdue order', () => {
  it('puts overdue flags first, then the higher level, then the oldest; says for how long; ?overdue=true lists only those', async () => {
    await settings({ deadlines: { specialized: 'PT30M', basic: 'PT1M', none: 'PT1M' } });
    const none = await flagFor(NONE);
    const basic = await flagFor(BASIC);
    const specialized = await flagFor(SPECIALIZED);
    expect((await worklist()).map((f) => f.id)).toEqual([specialized, basic, none]);

    server.clock.advance(3 * MINUTE);
    const items = await worklist();
    expect(items.map((f) => f.id)).toEqual([basic, none, specialized]);
    expect(items.map((f) => [f.overdue, f.overdueFor])).toEqual([[true, 3 - 1], [true, 3 - 1], [false, null]]);
    expect((await worklist('?overdue=true')).map((f) => f.id)).toEqual([basic, none]);

    // A deadline is fixed when the flag is created: a later setting moves no existing one.
    await settings({ deadlines: { basic: 'P5D' } });
    expect((await worklist('?overdue=true')).map((f) => f.id)).toEqual([basic, none]);
    // A closed flag is never overdue.
    await (await server.as('nurse')).post(`/api/flags/${basic}/close`).send({ outcome: 'seen' }).expect(200);
    expect((await worklist('?overdue=true')).map((f) => f.id)).toEqual([none]);
  });
});

describe("the Overview's figures lead to the worklist of exactly what they count (issue 23)", () => {
  it('?dueToday=true lists the open flags due before the clinic\'s midnight and not yet overdue; ?owner=none those nobody owns; each as many as the Overview says', async () => {
    // 09:00Z (10:00 in Copenhagen). Basic due in an hour, specialized in two, none in two days.
    await settings({ deadlines: { basic: 'PT1H', specialized: 'PT2H', none: 'P2D' } });
    const overdue = await flagFor(BASIC);
    server.clock.advance(90 * MINUTE);
    const dueSoon = await flagFor(SPECIALIZED);
    const taken = await flagFor(SPECIALIZED);
    const later = await flagFor(NONE);
    const closed = await flagFor(BASIC);
    const nurse = await server.as('nurse');
    await nurse.post(`/api/flags/${taken}/take`).expect(200);
    await nurse.post(`/api/flags/${closed}/close`).send({ outcome: 'seen' }).expect(200);

    const figures = (await nurse.get('/api/overview').expect(200)).body;
    expect(figures).toMatchObject({ overdueNow: 1, dueToday: 2, unowned: 3 });
    const page = async (query: string) => (await nurse.get(`/api/flags${query}`).expect(200)).body as { items: FlagSummary[]; total: number };
    const dueToday = await page('?dueToday=true');
    expect(dueToday.items.map((f) => f.id).sort()).toEqual([dueSoon, taken].sort());
    expect([dueToday.total, dueToday.items.length]).toEqual([figures.dueToday, figures.dueToday]);
    const unowned = await page('?owner=none');
    expect(unowned.items.map((f) => f.id).sort()).toEqual([overdue, dueSoon, later].sort());
    expect([unowned.total, unowned.items.length]).toEqual([figures.unowned, figures.unowned]);
    const overdueNow = await page('?overdue=true');
    expect([overdueNow.total, overdueNow.items.map((f) => f.id)]).toEqual([figures.overdueNow, [overdue]]);
    // The filters combine: due today and nobody's.
    expect((await page('?dueToday=true&owner=none')).items.map((f) => f.id)).toEqual([dueSoon]);

    // Past the clinic's midnight (23:00Z in winter) the "due today" of yesterday is gone, on both.
    server.clock.advance(14 * HOUR);
    const tomorrow = await server.as('nurse');
    expect((await tomorrow.get('/api/overview').expect(200)).body.dueToday).toBe(0);
    expect((await tomorrow.get('/api/flags?dueToday=true').expect(200)).body.total).toBe(0);
  });

  it('refuses an owner filter other than none, naming it', async () => {
    const res = await (await server.as('nurse')).get('/api/flags?owner=me').expect(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'owner' })]);
  });
});

describe('escalation', () => {
  it('records an overdue flag once and sends the escalation contact one message without health information', async () => {
    await settings({ deadlines: { basic: 'PT1M' }, escalationContact: 'vagt@example.org' });
    const sent: Parameters<Transport>[0][] = [];
    const scheduler = { ctx, transports: { log: async (m: Parameters<Transport>[0]) => void sent.push(m) }, leaseMs: 10_000 };
    const id = await flagFor(BASIC, 'Karen Jensen');
    expect(await runSchedulerTick(scheduler)).toMatchObject({ escalations: 0, sent: 0 });

    server.clock.advance(2 * MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ escalations: 1, sent: 1 });
    expect(await runSchedulerTick(scheduler)).toMatchObject({ escalations: 0, sent: 0 });
    server.clock.advance(10 * MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ escalations: 0, sent: 0 });

    expect(sent).toEqual([expect.objectContaining({ kind: 'escalation', to: 'vagt@example.org', dedupeKey: `escalation:${id}`, link: `${PUBLIC_URL}/flags/${id}` })]);
    expect(sent[0]!.text).toContain('overdue');
    expect(JSON.stringify(sent[0])).not.toMatch(/Karen|Jensen|ext-|basic|pain|Smerter/i);
    expect(await auditActions(id)).toEqual(['flag.escalated']);
    const flag = await server.db.selectFrom('flags').select('escalated_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(flag.escalated_at).toBe(new Date(server.clock.now().getTime() - 10 * MINUTE).toISOString());
  });

  it('escalates no closed flag, and records the escalation without a message when there is no contact', async () => {
    await settings({ deadlines: { basic: 'PT1M' } });
    const scheduler = { ctx, transports: {}, leaseMs: 10_000 };
    const closed = await flagFor(BASIC);
    const open = await flagFor(BASIC);
    await (await server.as('nurse')).post(`/api/flags/${closed}/close`).send({ outcome: 'seen' }).expect(200);
    server.clock.advance(2 * MINUTE);
    expect(await runSchedulerTick(scheduler)).toMatchObject({ escalations: 1 });
    expect(await auditActions(open)).toEqual(['flag.escalated']);
    expect(await auditActions(closed)).toEqual(['flag.closed']);
    expect(await server.db.selectFrom('outbox_messages').selectAll().execute()).toEqual([]);
  });
});

describe('GET /api/overview', () => {
  it('is empty of shares and medians with nothing to divide', async () => {
    expect((await (await server.as('admin')).get('/api/overview').expect(200)).body).toEqual({
      overdueNow: 0, dueToday: 0, unowned: 0, closedWithinDeadlinePct: null, medianHoursToFirstAction: null, medianHoursToClose: null, flagsPer100Responses: null, failedMessages: 0, emergencyAccesses: 0,
    });
  });

  it('gives the figures of a hand-worked day', async () => {
    // 09:00Z (10:00 in Copenhagen): three responses. Basic due 10:00Z, specialized 11:00Z, none 21:00Z (today, before midnight in Copenhagen).
    await settings({ deadlines: { basic: 'PT1H', specialized: 'PT2H', none: 'PT12H' } });
    const basic = await flagFor(BASIC);
    const specialized = await flagFor(SPECIALIZED);
    await flagFor(NONE);
    const nurse = await server.as('nurse');
    server.clock.advance(30 * MINUTE);
    await nurse.post(`/api/flags/${basic}/take`).expect(200); // first action after 0.5 h
    server.clock.advance(15 * MINUTE);
    await nurse.post(`/api/flags/${basic}/close`).send({ outcome: 'contacted_phone' }).expect(200); // closed after 0.75 h, within its hour
    server.clock.advance(2 * HOUR + 15 * MINUTE);
    const later = await server.as('nurse'); // the session idled out
    await later.post(`/api/flags/${specialized}/take`).expect(200); // 3 h: an hour overdue

    expect((await later.get('/api/overview').expect(200)).body).toEqual({
      overdueNow: 1, // specialized
      dueToday: 1, // none, due 21:00Z
      unowned: 1, // none
      closedWithinDeadlinePct: 50, // of basic (closed in time) and specialized (past due); none is not due yet
      medianHoursToFirstAction: 1.8, // median of 0.5 and 3
      medianHoursToClose: 0.8, // basic's 0.75
      flagsPer100Responses: 66.7, // 2 flags needing care in 3 responses
      failedMessages: 0, emergencyAccesses: 0,
    });
  });
});

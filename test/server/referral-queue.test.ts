/**
 * The palliative team's queue (issue 15): tabs for pending, accepted and returned referrals (the
 * decided ones from the last 90 days by the injected clock, or since a date), and the team's
 * optional note on accepting, which the nurse reads on the response.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERRAL_HISTORY_DAYS } from '../../server/contract/codes.js';
import { answersFixture, createTestServer, DAY, invite, ROLE_LIST, type TestServer } from './helpers.js';

const LONG_SESSIONS = { settings: { sessionIdleMs: 365 * DAY, sessionAbsoluteMs: 365 * DAY } };

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer(LONG_SESSIONS);
});
afterAll(() => server.close());

/** A new patient's response referred by the nurse; returns the pending referral's id and its flag. */
async function referNewPatient(name: string): Promise<{ referralId: string; flagId: string }> {
  const nurse = await server.as('nurse');
  const { token } = await invite(server, 'palliative-needs', { externalId: `ext-${randomUUID()}`, name });
  const { body: submitted } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: answersFixture('palliative-specialized'), locale: 'da' }).expect(201);
  const { body: worklist } = await nurse.get('/api/flags').expect(200);
  const flag = worklist.items.find((f: { responseId: string }) => f.responseId === submitted.responseId);
  await nurse.get(`/api/flags/${flag.id}`).expect(200);
  const { body: decided } = await nurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'refer', note: '', referralText: `Please assess ${name}.` }).expect(200);
  return { referralId: decided.referralId, flagId: flag.id };
}

const names = (list: { patient: { name: string } }[]): string[] => list.map((r) => r.patient.name);

describe('the team accepts with a note', () => {
  it('stores the note, lists it on the accepted tab with who decided, and shows it to the nurse on the response', async () => {
    const team = await server.as('palliative_team');
    const { referralId, flagId } = await referNewPatient('Note Patient');
    const note = 'We visit on Thursday; the GP is told.';
    expect((await team.post(`/api/referrals/${referralId}/decision`).send({ action: 'accept', note: `  ${note}  ` }).expect(200)).body).toEqual({ id: referralId, status: 'accepted' });

    const { body: accepted } = await team.get('/api/referrals').query({ status: 'accepted' }).expect(200);
    expect(accepted.find((r: { id: string }) => r.id === referralId)).toMatchObject({
      status: 'accepted', note, decidedBy: { id: server.users.palliative_team.id, username: 'palliative_team-user' }, decidedAt: server.clock.now().toISOString(),
    });
    const { body: detail } = await (await server.as('nurse')).get(`/api/flags/${flagId}`).expect(200);
    expect(detail.referral).toMatchObject({ id: referralId, status: 'accepted', note });
  });

  it('accepts without a note (null), and refuses a note on returning: the reason is the text there', async () => {
    const team = await server.as('palliative_team');
    const plain = await referNewPatient('Plain Accept');
    await team.post(`/api/referrals/${plain.referralId}/decision`).send({ action: 'accept' }).expect(200);
    const { body: accepted } = await team.get('/api/referrals').query({ status: 'accepted' }).expect(200);
    expect(accepted.find((r: { id: string }) => r.id === plain.referralId).note).toBeNull();

    const other = await referNewPatient('Return With Note');
    const refused = await team.post(`/api/referrals/${other.referralId}/decision`).send({ action: 'return', reason: 'Basic level first.', note: 'x' }).expect(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid_request', details: [{ path: 'note', message: expect.stringContaining('only with accept') }] });
    // Nothing was stored half-way: still pending.
    expect(names((await team.get('/api/referrals').expect(200)).body)).toContain('Return With Note');
  });
});

describe('the team queue tabs', () => {
  it('lists accepted and returned referrals decided in the last 90 days, newest first; pending ones whatever their age', async () => {
    const team = await server.as('palliative_team');
    const old = await referNewPatient('Old Return');
    await team.post(`/api/referrals/${old.referralId}/decision`).send({ action: 'return', reason: 'Long ago.' }).expect(200);
    const waiting = await referNewPatient('Long Waiting');

    server.clock.advance((REFERRAL_HISTORY_DAYS + 1) * DAY);
    const recent = await referNewPatient('Recent Return');
    await team.post(`/api/referrals/${recent.referralId}/decision`).send({ action: 'return', reason: 'Recently.' }).expect(200);
    server.clock.advance(DAY);
    const newer = await referNewPatient('Newer Return');
    await team.post(`/api/referrals/${newer.referralId}/decision`).send({ action: 'return', reason: 'Just now.' }).expect(200);

    const { body: returned } = await team.get('/api/referrals').query({ status: 'returned' }).expect(200);
    expect(names(returned)).toEqual(['Newer Return', 'Recent Return']);
    expect(returned[0]).toMatchObject({ status: 'returned', reason: 'Just now.', note: null, decidedBy: { username: 'palliative_team-user' } });
    // The pending tab hides nothing by age.
    expect(names((await team.get('/api/referrals').query({ status: 'pending' }).expect(200)).body)).toContain('Long Waiting');
    expect(waiting.referralId).toBeTruthy();

    // An explicit date looks further back (decided from the start of that day, UTC).
    const longAgo = new Date(server.clock.now().getTime() - 400 * DAY).toISOString().slice(0, 10);
    expect(names((await team.get('/api/referrals').query({ status: 'returned', since: longAgo }).expect(200)).body)).toEqual(['Newer Return', 'Recent Return', 'Old Return']);
    const today = server.clock.now().toISOString();
    expect(names((await team.get('/api/referrals').query({ status: 'returned', since: today }).expect(200)).body)).toEqual(['Newer Return']);
  });

  it('refuses an unknown status or a since that is not a date, naming the field', async () => {
    const team = await server.as('palliative_team');
    const badSince = await team.get('/api/referrals').query({ status: 'accepted', since: 'last week' }).expect(422);
    expect(badSince.body.error).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'since' })] });
    const badStatus = await team.get('/api/referrals').query({ status: 'maybe' }).expect(422);
    expect(badStatus.body.error.details).toEqual([expect.objectContaining({ path: 'status' })]);
  });

  it('opens every tab to the team and admins only; the accept note only to them', async () => {
    const { referralId } = await referNewPatient('Matrix Patient');
    const expected = { nurse: 403, palliative_team: 200, admin: 200 } as const;
    for (const role of ROLE_LIST) {
      const agent = await server.as(role);
      for (const status of ['pending', 'accepted', 'returned']) {
        expect((await agent.get('/api/referrals').query({ status })).status, `${role} ${status}`).toBe(expected[role]);
      }
    }
    expect((await server.request.get('/api/referrals').query({ status: 'accepted' })).status).toBe(401);
    const nurseTry = await (await server.as('nurse')).post(`/api/referrals/${referralId}/decision`).send({ action: 'accept', note: 'x' });
    expect(nurseTry.status).toBe(403);
    expect(nurseTry.body.error.code).toBe('forbidden');
    await (await server.as('admin')).post(`/api/referrals/${referralId}/decision`).send({ action: 'accept', note: 'Admin on call.' }).expect(200);
  });

  it('audits each list read with its status and the look-back', async () => {
    const team = await server.as('palliative_team');
    await team.get('/api/referrals').query({ status: 'accepted' }).expect(200);
    const row = await server.db.selectFrom('audit_log').select(['details']).where('action', '=', 'referrals.listed').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const details = JSON.parse(row.details!);
    expect(details).toMatchObject({ status: 'accepted', since: new Date(server.clock.now().getTime() - REFERRAL_HISTORY_DAYS * DAY).toISOString() });
  });
});

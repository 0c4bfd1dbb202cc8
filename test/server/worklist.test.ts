/**
 * Issue 23, the worklist's answer: what a row shows (tags, counts, owner and deadline), not the whole
 * response; "none" flags counted by level; the palliative team's answers; a row's reasons on expand
 * without opening the flag.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP } from '../../server/contract/codes.js';
import type { FlagSummary, WorklistPage } from '../../server/contract/responses.js';
import { createTestServer, invite, type TestServer } from './helpers.js';

const BASE: Record<string, unknown> = {
  c1: 1, c2: 1, c3: 1, c4: 1, c5: 1, c6: 1, c7: 1, c8: 1, c9: 1, c10: 1, c11: 1, c12: 1, c13: 1, c14: 1,
  relatives_worry: 1, relatives_strain: 1, practical_problems: 1, financial_problems: 1, cannot_cope: 1,
  lost_meaning: 1, fear_future: 1, faith_concerns: 1, c15: 6, contact_wish: ['none'],
};
const pal = (a: Record<string, unknown> = {}) => ({ ...BASE, ...a });
/** Everything at its worst, own words and every contact wish: the heaviest row there is. */
const WORST = pal({
  ...Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`c${i + 1}`, 4])),
  relatives_worry: 4, relatives_strain: 4, practical_problems: 4, financial_problems: 4, cannot_cope: 4, lost_meaning: 4, fear_future: 4, faith_concerns: 4, c15: 1,
  other_symptoms: 'Svimmel når jeg rejser mig, og munden er meget tør hele tiden. '.repeat(8),
  talk_about_other: 'Jeg er bange for, hvad der skal ske med min mand, når jeg ikke er her mere. '.repeat(8),
  contact_wish: ['nurse', 'gp', 'palliative_team'],
});

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

async function respond(answers: Record<string, unknown>, patient = { externalId: `ext-${randomUUID()}`, name: 'Test Patient' }): Promise<string> {
  const { token } = await invite(server, 'palliative-needs', patient);
  const { body } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers }).expect(201);
  return body.responseId as string;
}

async function page(query: Record<string, string> = {}): Promise<{ body: WorklistPage; text: string }> {
  const res = await (await server.as('nurse')).get('/api/flags').query(query).expect(200);
  return { body: res.body as WorklistPage, text: res.text };
}

describe('the worklist row', () => {
  it('carries short tags (worst scale, own words, contact wish) and counts, not the reasons', async () => {
    const responseId = await respond(WORST, { externalId: 'ext-tags', name: 'Karen Tags' });
    const item = (await page({ limit: '1000' })).body.items.find((i) => i.responseId === responseId)!;
    expect(item).toMatchObject({ level: 'specialized', urgent: true, ownWords: true, patient: { name: 'Karen Tags' } });
    expect(item.tags).toHaveLength(3);
    expect(item.tags[0]).toEqual({ kind: 'scale', scale: expect.any(String), score: 100 });
    expect(item.tags.slice(1)).toEqual([{ kind: 'ownWords' }, { kind: 'contact', values: ['nurse', 'gp', 'palliative_team'] }]);
    expect(item.reasonCount).toBeGreaterThan(3);
    expect(item.urgentReasonCount).toBeGreaterThan(0);
    expect(item).not.toHaveProperty('reasons');
    expect(item).not.toHaveProperty('ownWordsExcerpts');
  });

  it('keeps 200 rows of the heaviest responses under 150 KB of JSON', async () => {
    for (let i = 0; i < 200; i++) await respond(WORST, { externalId: `ext-size-${i}`, name: `Patient med et ret langt navn ${i}` });
    const { body, text } = await page({ limit: '200' });
    expect(body.items).toHaveLength(200);
    expect(Buffer.byteLength(text)).toBeLessThan(150 * 1024);
  }, 120_000);

  it('gives a row its reasons on expand without opening the flag, and only to nurses and admins', async () => {
    const responseId = await respond(WORST);
    const item = (await page({ limit: '1000' })).body.items.find((i) => i.responseId === responseId)!;
    const nurse = await server.as('nurse');
    const summary = (await nurse.get(`/api/flags/${item.id}/summary`).expect(200)).body as FlagSummary;
    expect(summary.reasons).toHaveLength(item.reasonCount);
    expect(summary.urgentReasons).toHaveLength(item.urgentReasonCount);
    expect(summary.ownWordsExcerpts[0]).toMatch(/^Jeg er bange/);
    // Not opened: a flag with own words still cannot be decided before the response page was read.
    await nurse.post(`/api/flags/${item.id}/decision`).send({ action: 'no_action', note: 'x' }).expect(409);
    await (await server.as('palliative_team')).get(`/api/flags/${item.id}/summary`).expect(403);
    await nurse.get(`/api/flags/${randomUUID()}/summary`).expect(404);
  });
});

describe('the level filter and its counts', () => {
  it('counts each level whatever the level filter, so the app can say how many "none" flags it leaves out', async () => {
    const noneId = await respond(pal());
    const all = (await page({ limit: '1000' })).body;
    const needs = (await page({ level: 'specialized,basic', limit: '1000' })).body;
    expect(all.byLevel.none).toBeGreaterThan(0);
    expect(needs.byLevel).toEqual(all.byLevel);
    expect(needs.total).toBe(all.byLevel.specialized + all.byLevel.basic);
    expect(all.total).toBe(all.byLevel.specialized + all.byLevel.basic + all.byLevel.none);
    expect(needs.items.some((i) => i.responseId === noneId)).toBe(false);
    expect((await page({ level: 'none', limit: '1000' })).body.items.some((i) => i.responseId === noneId)).toBe(true);
  });
});

describe("the palliative team's answers", () => {
  it('shows the nurses an accepted referral with its note and a returned one with its reason, newest first', async () => {
    const nurse = await server.as('nurse');
    const team = await server.as('palliative_team');
    const flagIds: string[] = [];
    for (const name of ['Accepted Patient', 'Returned Patient']) {
      const responseId = await respond(pal({ c4: 3 }), { externalId: `ext-${randomUUID()}`, name });
      const id = (await page({ limit: '1000' })).body.items.find((i) => i.responseId === responseId)!.id;
      await nurse.post(`/api/flags/${id}/decision`).send({ action: 'refer', note: 'Please see.' }).expect(200);
      flagIds.push(id);
    }
    const referrals = (await team.get('/api/referrals').query({ status: 'pending' }).expect(200)).body as { id: string; flagId: string }[];
    const referralOf = (flagId: string) => referrals.find((r) => r.flagId === flagId)!.id;
    await team.post(`/api/referrals/${referralOf(flagIds[0]!)}/decision`).send({ action: 'accept', note: 'Home visit Thursday.' }).expect(200);
    server.clock.advance(60_000);
    await team.post(`/api/referrals/${referralOf(flagIds[1]!)}/decision`).send({ action: 'return', reason: 'Basic level is enough.' }).expect(200);

    const { body } = await page({ limit: '1000' });
    expect(body.teamAnswers.slice(0, 2)).toEqual([
      expect.objectContaining({ flagId: flagIds[1], status: 'returned', note: 'Basic level is enough.', patient: expect.objectContaining({ name: 'Returned Patient' }) }),
      expect.objectContaining({ flagId: flagIds[0], status: 'accepted', note: 'Home visit Thursday.', patient: expect.objectContaining({ name: 'Accepted Patient' }) }),
    ]);
    // The returned one is back on the worklist with the team's reason.
    expect(body.items.find((i) => i.id === flagIds[1])).toMatchObject({ status: 'returned', returnReason: 'Basic level is enough.' });
  });
});

describe('a long history', () => {
  it('counts up to 10,000 and says "more" past that, and pages on past the count', async () => {
    const long = await createTestServer();
    try {
      const { token } = await invite(long, 'palliative-needs', { externalId: 'ext-long', name: 'Long History' });
      await long.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers: pal({ c9: 4 }) }).expect(201);
      // COUNT_CAP + 1 copies of that flag, its response and invitation: more than the worklist counts.
      const invitation = await long.db.selectFrom('invitations').selectAll().executeTakeFirstOrThrow();
      const response = await long.db.selectFrom('responses').selectAll().executeTakeFirstOrThrow();
      const flag = await long.db.selectFrom('flags').selectAll().executeTakeFirstOrThrow();
      for (let batch = 0; batch <= COUNT_CAP; batch += 500) {
        const ids = Array.from({ length: Math.min(500, COUNT_CAP + 1 - batch) }, () => randomUUID());
        await long.db.insertInto('invitations').values(ids.map((id) => ({ ...invitation, id, token_hash: id }))).execute();
        await long.db.insertInto('responses').values(ids.map((id) => ({ ...response, id, invitation_id: id }))).execute();
        await long.db.insertInto('flags').values(ids.map((id) => ({ ...flag, id, response_id: id }))).execute();
      }
      const nurse = await long.as('nurse');
      const first = await nurse.get('/api/flags').query({}).expect(200);
      expect((first.body as WorklistPage).total).toBe(COUNT_CAP + 1);
      expect(first.headers['x-total-count']).toBe(String(COUNT_CAP + 1));
      expect((first.body as WorklistPage).byLevel).toEqual({ none: 0, basic: 0, specialized: 0, [flag.level]: COUNT_CAP + 1 });
      const past = (await nurse.get('/api/flags').query({ offset: String(COUNT_CAP), limit: '1000' }).expect(200)).body as WorklistPage;
      expect(past.items).toHaveLength(2);
    } finally {
      await long.close();
    }
  });
});

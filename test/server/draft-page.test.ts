/** Issue 19: the draft keeps the page the patient was on, so another device opens there. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, invite, type TestServer } from './helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

const draftUrl = (token: string) => `/api/invitations/${token}/draft`;
const open = async (token: string) => (await server.request.get(`/api/invitations/${token}`).expect(200)).body;

describe('the page in the draft', () => {
  it('round-trips the name of the page the patient is on, and replaces it with the next save', async () => {
    const { token } = await invite(server, 'palliative-needs');
    await server.request.put(draftUrl(token)).send({ answers: { c1: 2 }, locale: 'da', page: 'symptoms' }).expect(204);
    expect((await open(token)).draft).toEqual({ answers: { c1: 2 }, locale: 'da', page: 'symptoms' });
    await server.request.put(draftUrl(token)).send({ answers: { c1: 2, c13: 1 }, locale: 'da', page: 'psychological' }).expect(204);
    expect((await open(token)).draft).toEqual({ answers: { c1: 2, c13: 1 }, locale: 'da', page: 'psychological' });
  });

  it('leaves the page out when a save does not name one (an older page still in a browser)', async () => {
    const { token } = await invite(server, 'palliative-needs');
    await server.request.put(draftUrl(token)).send({ answers: { c1: 2 }, page: 'symptoms' }).expect(204);
    await server.request.put(draftUrl(token)).send({ answers: { c1: 3 } }).expect(204);
    expect((await open(token)).draft).toEqual({ answers: { c1: 3 } });
  });

  it('refuses a page the questionnaire does not have, or a page that is no name, with a 422 naming the field, and keeps the saved draft', async () => {
    const { token } = await invite(server, 'palliative-needs');
    await server.request.put(draftUrl(token)).send({ answers: { c1: 2 }, page: 'symptoms' }).expect(204);
    for (const page of ['no-such-page', 'body', '', 3, null, 'x'.repeat(201)]) {
      const { body } = await server.request.put(draftUrl(token)).send({ answers: { c1: 4 }, page }).expect(422);
      expect(body.error).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'page' })] });
    }
    expect((await open(token)).draft).toEqual({ answers: { c1: 2 }, page: 'symptoms' });
  });

  it('checks the page against the questionnaire of the link', async () => {
    const { token } = await invite(server, 'minimal');
    await server.request.put(draftUrl(token)).send({ answers: {}, page: 'body' }).expect(204);
    await server.request.put(draftUrl(token)).send({ answers: {}, page: 'symptoms' }).expect(422);
    expect((await open(token)).draft).toEqual({ answers: {}, page: 'body' });
  });

  it('drops the page with the draft when the answers are sent', async () => {
    const { token } = await invite(server, 'palliative-needs');
    await server.request.put(draftUrl(token)).send({ answers: { c1: 2 }, page: 'symptoms' }).expect(204);
    await server.request.post(`/api/invitations/${token}/responses`).send({ id: crypto.randomUUID(), answers: { c1: 2 }, locale: 'da' }).expect(201);
    const row = await server.db.selectFrom('invitations').select(['draft_answers', 'draft_page']).where('answered_at', 'is not', null).execute();
    expect(row.every((r) => r.draft_answers === null && r.draft_page === null)).toBe(true);
  });
});

/**
 * Reads are audited (issue 21): the indicators, an admin's reads of users, sessions and the audit
 * log itself, and the patient search and invitation list record which patients they showed (ids,
 * never names or the search text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, invite, type TestServer } from './helpers.js';
import { DEFAULT_PALLIATIVE_UNIT_ID } from '../../server/storage/units.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
}, 60_000);
afterAll(() => server.close());

async function entries(action: string) {
  const rows = await server.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
  return rows.map((r) => ({ actor: r.actor_id, entityId: r.entity_id, details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>) }));
}

describe('reads in the audit log', () => {
  it('records each read of the quality indicators with who and which period', async () => {
    await (await server.as('palliative_team')).get('/api/indicators').query({ from: '2026-03-01', to: '2026-03-31' }).expect(200);
    expect(await entries('indicators.read')).toEqual([{ actor: server.users.palliative_team.id, entityId: null, details: { from: '2026-03-01', to: '2026-03-31', unitIds: [DEFAULT_PALLIATIVE_UNIT_ID] } }]);
  });

  it("records an admin's reads of the users, a user's sessions and the audit log itself", async () => {
    const admin = await server.as('admin');
    const users = (await admin.get('/api/users').expect(200)).body as unknown[];
    await admin.get(`/api/users/${server.users.nurse.id}/sessions`).expect(200);
    await admin.get('/api/audit').query({ action: 'users.listed', limit: '10' }).expect(200);
    expect(await entries('users.listed')).toEqual([{ actor: server.users.admin.id, entityId: null, details: { count: users.length } }]);
    expect(await entries('sessions.listed')).toEqual([{ actor: server.users.admin.id, entityId: server.users.nurse.id, details: { count: expect.any(Number) } }]);
    expect(await entries('audit.read')).toEqual([{ actor: server.users.admin.id, entityId: null, details: { filter: { action: 'users.listed', limit: 10 }, count: 1 } }]);
  });

  it('records which patients a search and the invitation list showed, by id, without names or the search text', async () => {
    const nurse = await server.as('nurse');
    const shown = [];
    for (const name of ['Searchable Karen', 'Searchable Ole']) shown.push((await invite(server, 'minimal', { externalId: `srch-${shown.length}`, name })).patientId);
    const found = (await nurse.get('/api/patients').query({ query: 'Searchable' }).expect(200)).body as { id: string }[];
    expect(found.map((p) => p.id).sort()).toEqual([...shown].sort());
    const [search] = await entries('patients.searched');
    expect(search!.details).toEqual({ results: 2, patientIds: found.map((p) => p.id) });

    const listed = (await nurse.get('/api/invitations').expect(200)).body as { patient: { id: string } }[];
    const [list] = await entries('invitations.listed');
    expect((list!.details!.patientIds as string[]).sort()).toEqual([...new Set(listed.map((i) => i.patient.id))].sort());
    expect(list!.details!.patientIds).toEqual(expect.arrayContaining(shown));

    const stored = JSON.stringify(await server.db.selectFrom('audit_log').select('details').execute());
    expect(stored).not.toContain('Searchable');
  });
});

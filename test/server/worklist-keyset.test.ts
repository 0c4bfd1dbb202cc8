/**
 * Issue 24, the worklist paged by keyset: `GET /api/flags?after=<nextCursor>` walks the same order
 * as one long page (urgent, overdue, level, oldest, id), every flag once, even when a flag falls
 * overdue during the walk; only the nurse's units' flags; a cursor with an offset, or one this
 * server did not make, is refused naming `after`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEVEL_RANK, LEVELS, FLAG_STATUSES, type FlagStatus, type Level } from '../../server/contract/codes.js';
import type { WorklistPage } from '../../server/contract/responses.js';
import { encodeWorklistCursor } from '../../server/contract/worklist-cursor.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';
import { createTestServer, DAY, type TestServer } from './helpers.js';

const OTHER_UNIT = 'unit-keyset-other';
const HOUR = 3_600_000;
let server: TestServer;
let start: number;
/** The flag that is due an hour after the walk starts (not overdue on its first page). */
const LATE = 'f-own-falls-overdue';

beforeAll(async () => {
  server = await createTestServer();
  start = server.clock.now().getTime();
  const { db } = server;
  const at = (ms: number) => new Date(start + ms).toISOString();
  await db.insertInto('units').values({ id: OTHER_UNIT, name: 'Anden afdeling', code: 'OTH', kind: 'ward', created_at: at(-30 * DAY) }).execute();
  const nurseId = server.users.nurse.id;
  for (const unit of [DEFAULT_UNIT_ID, OTHER_UNIT]) {
    const tag = unit === DEFAULT_UNIT_ID ? 'own' : 'other';
    await db.insertInto('patients').values({ id: `p-${tag}`, external_id: `ext-${tag}`, name: `Patient ${tag}`, created_at: at(-30 * DAY), created_by: nurseId }).execute();
    await db.insertInto('patient_units').values({ patient_id: `p-${tag}`, unit_id: unit }).execute();
    // 30 flags a unit: urgent or not, every level, due long ago or in days, several created at the same instant (the id decides), some closed.
    for (let i = 0; i < 30; i++) {
      const id = i === 8 && tag === 'own' ? LATE : `f-${tag}-${String(i).padStart(2, '0')}`;
      const created = at(-DAY * (1 + (i % 4))); // four instants only: many ties
      const status: FlagStatus = i % 10 === 9 ? 'no_action' : i % 5 === 3 ? 'returned' : 'open';
      const level: Level = LEVELS[i % 3]!;
      const due = i === 8 ? at(HOUR) : i % 2 === 0 ? at(-HOUR) : at(2 * DAY);
      await db.insertInto('invitations').values({
        id: `i-${id}`, token_hash: `h-${id}`, patient_id: `p-${tag}`, questionnaire_id: 'minimal', trigger: 'other', created_by: nurseId, created_at: created, expires_at: created,
        answered_at: created, draft_answers: null, draft_locale: null, draft_saved_at: null, unit_id: unit,
      }).execute();
      await db.insertInto('responses').values({
        id: `r-${id}`, client_id: `c-${id}`, invitation_id: `i-${id}`, patient_id: `p-${tag}`, questionnaire_id: 'minimal', questionnaire_version: '1.0.0', answers: '{"pain":4}', locale: 'da', submitted_at: created,
      }).execute();
      await db.insertInto('flags').values({
        id, response_id: `r-${id}`, patient_id: `p-${tag}`, level, level_rank: LEVEL_RANK[level], urgent: i % 7 === 0 ? 1 : 0, own_words: 0, status, reasons: '[]',
        created_at: created, updated_at: created, return_reason: null, due_at: due, unit_id: unit,
        ...(status === 'no_action' ? { closed_at: created, outcome: 'no_action' as const } : {}),
      }).execute();
    }
  }
});
afterAll(() => server.close());

async function get(query: Record<string, string>): Promise<WorklistPage> {
  return (await (await server.as('nurse')).get('/api/flags').query(query).expect(200)).body as WorklistPage;
}

/** Every page of a walk by cursor, and the ids in the order they came. */
async function walk(query: Record<string, string>, between: () => void = () => {}): Promise<{ pages: WorklistPage[]; ids: string[] }> {
  const pages = [await get(query)];
  while (pages.at(-1)!.nextCursor !== null) {
    between();
    pages.push(await get({ ...query, after: pages.at(-1)!.nextCursor! }));
  }
  return { pages, ids: pages.flatMap((p) => p.items.map((i) => i.id)) };
}

const ALL_LEVELS = { level: LEVELS.join(',') };
const ALL_STATUSES = { ...ALL_LEVELS, status: FLAG_STATUSES.join(',') };

describe('the worklist by keyset', () => {
  it('walks the same flags in the same order as one long page, each once, and says where each page starts', async () => {
    for (const filter of [ALL_LEVELS, ALL_STATUSES, {}]) {
      const all = (await get({ ...filter, limit: '1000' })).items.map((i) => i.id);
      const { pages, ids } = await walk({ ...filter, limit: '4' });
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(ids).toEqual(all);
      expect(new Set(ids).size).toBe(ids.length);
      expect(pages.map((p) => p.offset)).toEqual(pages.map((_, i) => i * 4));
    }
    // The mix is there: urgent and not, overdue and not, every level, ties on created_at.
    const rows = (await get({ ...ALL_STATUSES, limit: '1000' })).items;
    expect(new Set(rows.map((r) => r.urgent))).toEqual(new Set([true, false]));
    expect(new Set(rows.map((r) => r.level))).toEqual(new Set(LEVELS));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['open', 'returned', 'no_action']));
    expect(new Set(rows.map((r) => r.submittedAt)).size).toBe(4);
  });

  it('gives no next page after the last one, also when the last page is full', async () => {
    const total = (await get({ ...ALL_LEVELS, limit: '1000' })).items.length;
    expect((await get({ ...ALL_LEVELS, limit: String(total) })).nextCursor).toBeNull();
    expect((await get({ ...ALL_LEVELS, limit: String(total - 1) })).nextCursor).not.toBeNull();
  });

  it('keeps the first page\'s "now": a flag that falls overdue during the walk comes once, where it stood', async () => {
    const before = (await get({ ...ALL_LEVELS, limit: '1000' })).items.map((i) => i.id);
    const place = before.indexOf(LATE);
    expect(place).toBeGreaterThanOrEqual(8); // not on the first page of 4: it is met later in the walk
    try {
      const { ids } = await walk({ ...ALL_LEVELS, limit: '4' }, () => server.clock.advance(HOUR)); // overdue from the second page on
      expect(ids.filter((id) => id === LATE)).toHaveLength(1);
      expect(ids).toEqual(before);
      // A walk begun now puts it among the overdue flags, earlier.
      const after = (await get({ ...ALL_LEVELS, limit: '1000' })).items.map((i) => i.id);
      expect(after.indexOf(LATE)).toBeLessThan(place);
    } finally {
      server.clock.advance(start - server.clock.now().getTime());
    }
  });

  it("never shows another unit's flag, whatever the cursor says", async () => {
    const { ids } = await walk({ ...ALL_STATUSES, limit: '5' });
    expect(ids).toHaveLength(30);
    expect(ids.every((id) => id.startsWith('f-own-'))).toBe(true);
    // A cursor made by hand that points before every flag still walks only her unit's.
    const forged = encodeWorklistCursor({ now: new Date(start).toISOString(), key: [1, 1, 2, '2000-01-01T00:00:00.000Z', ''.padEnd(1, ' ')], at: 0 });
    const page = await get({ ...ALL_STATUSES, limit: '100', after: forged });
    expect(page.items.map((i) => i.id).sort()).toEqual([...ids].sort());
  });

  it('refuses a cursor with an offset, and a cursor this server did not make, naming after', async () => {
    const nurse = await server.as('nurse');
    const cursor = (await get({ limit: '2' })).nextCursor!;
    const both = await nurse.get('/api/flags').query({ after: cursor, offset: '2' }).expect(422);
    expect(both.body.error.details).toEqual([{ path: 'after', message: expect.stringContaining('offset') }]);
    const wrongShape = Buffer.from(JSON.stringify({ now: 'yesterday', key: [1], at: -1 })).toString('base64url');
    for (const after of ['not a cursor!', 'e30', wrongShape, cursor.slice(0, -3), `${cursor}x`]) {
      const res = await nurse.get('/api/flags').query({ after }).expect(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['after']);
    }
  });
});

/** Transactions, storeSubmission (a submission's writes all or nothing, and a lost race stores nothing), and insertRows. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRows } from '../../server/storage/bulk-insert.js';
import { isUniqueViolation, type Db, type NewRow } from '../../server/storage/database.js';
import { storeSubmission, type NewSubmission } from '../../server/storage/submissions.js';
import { freshDatabase, type TestDatabase } from './test-database.js';
import { DEFAULT_UNIT_ID } from '../../server/storage/units.js';

let test: TestDatabase;
let db: Db;
const AT = '2026-03-02T09:00:00.000Z';
beforeAll(async () => {
  test = await freshDatabase();
  db = test.db;
  await sql`create table t (id integer primary key, v text not null unique)`.execute(db);
  await db.insertInto('staff_users').values({ id: 'nurse', username: 'nurse', password_hash: 'x', role: 'nurse', created_at: AT }).execute();
  await db.insertInto('patients').values({ id: 'patient', external_id: 'p-1', name: 'Patient', created_at: AT, created_by: 'nurse' }).execute();
});
afterAll(() => test.drop());

const rows = async () => (await sql<{ id: number; v: string }>`select id, v from t order by id`.execute(db)).rows;

describe('transactions', () => {
  it('commits every write of a transaction', async () => {
    await db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (1, 'one')`.execute(tx);
      expect((await sql`select v from t where id = 1`.execute(tx)).rows).toEqual([{ v: 'one' }]);
    });
    expect(await rows()).toEqual([{ id: 1, v: 'one' }]);
  });

  it('rolls a failed transaction back and keeps the error code', async () => {
    const attempt = db.transaction().execute(async (tx) => {
      await sql`insert into t (id, v) values (2, 'two')`.execute(tx);
      await sql`insert into t (id, v) values (3, 'one')`.execute(tx); // v is unique
    });
    const error = await attempt.then(() => undefined, (e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(await rows()).toEqual([{ id: 1, v: 'one' }]);
  });
});

async function newInvitation(): Promise<string> {
  const id = randomUUID();
  await db.insertInto('invitations').values({
    id, token_hash: `hash-${id}`, patient_id: 'patient', questionnaire_id: 'minimal', trigger: 'other', created_by: 'nurse',
    created_at: AT, expires_at: '2026-03-16T09:00:00.000Z', answered_at: null, draft_answers: '{"q":1}', draft_locale: 'da', draft_saved_at: AT, unit_id: DEFAULT_UNIT_ID,
  }).execute();
  return id;
}

function submission(invitationId: string, version = '1'): NewSubmission {
  const responseId = randomUUID();
  return {
    invitationId,
    questionnaireVersion: { questionnaire_id: 'minimal', version, definition: '{}', registered_at: AT },
    response: {
      id: responseId, client_id: randomUUID(), invitation_id: invitationId, patient_id: 'patient', questionnaire_id: 'minimal',
      questionnaire_version: version, answers: '{"q":1}', locale: 'da', submitted_at: AT,
    },
    scores: [
      { response_id: responseId, scale: 'a', score: 50, items_used: '["q"]' },
      { response_id: responseId, scale: 'b', score: null, items_used: '[]' },
    ],
    flag: {
      id: randomUUID(), response_id: responseId, patient_id: 'patient', level: 'basic', level_rank: 1, urgent: 0, own_words: 0, status: 'open', reasons: '{}',
      created_at: AT, updated_at: AT, return_reason: null, due_at: AT, unit_id: DEFAULT_UNIT_ID,
    },
    audit: {
      at: AT, actor_type: 'patient', actor_id: invitationId, actor_name: null, action: 'response.submitted', entity_type: 'response',
      entity_id: responseId, patient_id: 'patient', details: null,
    },
  };
}

/** What a submission to the invitation left in the database. */
async function storedFor(invitationId: string) {
  const invitation = await db.selectFrom('invitations').select(['answered_at', 'draft_answers']).where('id', '=', invitationId).executeTakeFirstOrThrow();
  const responses = await db.selectFrom('responses').select('id').where('invitation_id', '=', invitationId).execute();
  const ids = responses.map((r) => r.id);
  const none = ['']; // `in ()` is not valid SQL
  return {
    answeredAt: invitation.answered_at,
    draft: invitation.draft_answers,
    responses: ids,
    scores: (await db.selectFrom('scale_scores').select('scale').where('response_id', 'in', ids.length ? ids : none).orderBy('scale').execute()).map((r) => r.scale),
    flags: (await db.selectFrom('flags').select('response_id').where('response_id', 'in', ids.length ? ids : none).execute()).length,
    audit: (await db.selectFrom('audit_log').select('id').where('actor_id', '=', invitationId).execute()).length,
  };
}

describe('storeSubmission', () => {
  it('spends the invitation, drops its draft and stores the version, response, scores, flag and audit entry', async () => {
    const invitationId = await newInvitation();
    const s = submission(invitationId);
    expect(await storeSubmission(db, s)).toBe(true);
    expect(await storedFor(invitationId)).toEqual({ answeredAt: AT, draft: null, responses: [s.response.id], scores: ['a', 'b'], flags: 1, audit: 1 });
    expect(await db.selectFrom('questionnaire_versions').select('version').where('questionnaire_id', '=', 'minimal').execute()).toEqual([{ version: '1' }]);
    // A version already stored is kept as it is.
    const other = await newInvitation();
    expect(await storeSubmission(db, { ...submission(other), questionnaireVersion: { questionnaire_id: 'minimal', version: '1', definition: '{"changed":true}', registered_at: AT } })).toBe(true);
    expect(await db.selectFrom('questionnaire_versions').select('definition').where('questionnaire_id', '=', 'minimal').execute()).toEqual([{ definition: '{}' }]);
  });

  it('stores nothing and answers false on an invitation already spent', async () => {
    const invitationId = await newInvitation();
    const first = submission(invitationId);
    await storeSubmission(db, first);
    expect(await storeSubmission(db, submission(invitationId, '2'))).toBe(false);
    expect(await storedFor(invitationId)).toEqual({ answeredAt: AT, draft: null, responses: [first.response.id], scores: ['a', 'b'], flags: 1, audit: 1 });
    expect(await db.selectFrom('questionnaire_versions').select('version').where('version', '=', '2').execute()).toEqual([]);
    // Spent is what counts, not whether a response row exists.
    const spent = await newInvitation();
    await db.updateTable('invitations').set({ answered_at: AT }).where('id', '=', spent).execute();
    expect(await storeSubmission(db, submission(spent))).toBe(false);
    expect((await storedFor(spent)).responses).toEqual([]);
  });

  it('lets exactly one of many concurrent submissions to one invitation win', async () => {
    const invitationId = await newInvitation();
    const attempts = Array.from({ length: 8 }, () => submission(invitationId));
    const outcomes = await Promise.all(attempts.map((s) => storeSubmission(db, s)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = attempts[outcomes.indexOf(true)]!;
    expect(await storedFor(invitationId)).toEqual({ answeredAt: AT, draft: null, responses: [winner.response.id], scores: ['a', 'b'], flags: 1, audit: 1 });
  });

  it('rolls everything back, the spent invitation included, when a later write fails', async () => {
    const invitationId = await newInvitation();
    const s = submission(invitationId);
    // The flag points to a response that does not exist: the foreign key fails after the response is written.
    const failing = { ...s, flag: { ...s.flag, response_id: 'no-such-response' } };
    await expect(storeSubmission(db, failing)).rejects.toThrow();
    expect(await storedFor(invitationId)).toEqual({ answeredAt: null, draft: '{"q":1}', responses: [], scores: [], flags: 0, audit: 0 });
    // The invitation is still open for the patient's retry.
    expect(await storeSubmission(db, s)).toBe(true);
  });
});

describe('insertRows (the scheduler tick\'s bulk insert, issue 25)', () => {
  const message = (i: number, dedupe = `bulk:${i}`): NewRow<'outbox_messages'> => ({
    id: `bulk-${i}`, kind: 'invitation', channel: 'webhook', recipient: `+45${20000000 + i}`, subject: 'S', text: `T ${i}`, link: null, dedupe_key: dedupe,
    status: 'pending', next_attempt_at: AT, last_error: null, claimed_until: null, claim_token: null, created_at: AT, sent_at: null, patient_id: 'patient', invitation_id: null,
  });
  const stored = async () => (await db.selectFrom('outbox_messages').select(['id', 'text']).where('id', 'like', 'bulk-%').orderBy('id').execute());

  it('stores rows over several statements with their values, and leaves out a dedupe key already stored', async () => {
    const many = Array.from({ length: 600 }, (_, i) => message(1000 + i));
    await insertRows(db, 'outbox_messages', many, { onConflictDoNothing: 'dedupe_key' });
    await insertRows(db, 'outbox_messages', [message(5000, 'bulk:1000'), message(5001)], { onConflictDoNothing: 'dedupe_key' });
    const rowsNow = await stored();
    expect(rowsNow).toHaveLength(601);
    expect(rowsNow[0]).toEqual({ id: 'bulk-1000', text: 'T 1000' });
    expect(rowsNow.at(-1)).toEqual({ id: 'bulk-5001', text: 'T 5001' });
  });

  it('refuses a row without one of the columns (no silent NULL or default) and stores nothing of that statement', async () => {
    const { link: _link, ...withoutLink } = message(6001);
    await expect(insertRows(db, 'outbox_messages', [message(6000), withoutLink])).rejects.toThrow(/same columns|without "link"/);
    expect((await stored()).filter((r) => r.id >= 'bulk-6000')).toEqual([]);
  });
});

import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// eslint.config.js: the server opens transactions only through transaction(db, fn)
// (server/storage/transaction.ts), which paces them on SQLite and refuses a stray query on db.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
});

async function restrictedSyntax(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('transactions in the server', () => {
  it.each([
    ['server/services/x.ts', 'export const run = (ctx: { db: any }) => ctx.db.transaction().execute(async () => 1);'],
    ['server/storage/x.ts', 'export const run = (db: any) => db.transaction().setIsolationLevel("serializable").execute(async () => 1);'],
  ])('refuses .transaction() in %s', async (filePath, code) => {
    expect(await restrictedSyntax(filePath, code)).toEqual([expect.stringContaining('transaction(db, fn)')]);
  });

  it.each([
    ['server/storage/transaction.ts', 'export const run = (db: any) => db.transaction().execute(async () => 1);'],
    ['server/services/x.ts', "import { transaction } from '../storage/transaction.js';\nexport const run = (db: any) => transaction(db, async () => 1);"],
  ])('allows %s: %s', async (filePath, code) => {
    expect(await restrictedSyntax(filePath, code)).toEqual([]);
  });
});

/**
 * A fresh database for one test file: a temporary SQLite file, or, when TEST_DATABASE_URL is a
 * postgres:// URL (see `npm run test:postgres`), a new PostgreSQL database on that server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isPostgresUrl, openDatabase, type Db } from '../../server/storage/database.js';
import { migrateToLatest } from '../../server/storage/migrate.js';

export const onPostgres = isPostgresUrl(process.env.TEST_DATABASE_URL ?? '');

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function freshDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  let url: string;
  let cleanUp: () => Promise<void>;
  if (onPostgres) {
    const name = `lindring_test_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name}`);
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanUp = () => admin(`drop database ${name} with (force)`);
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'lindring-test-'));
    url = path.join(dir, 'lindring.sqlite');
    cleanUp = async () => rmSync(dir, { recursive: true, force: true });
  }
  const db = openDatabase(url);
  if (migrate) await migrateToLatest(db);
  return {
    db,
    url,
    async drop() {
      await db.destroy();
      await cleanUp();
    },
  };
}

/** The site settings an admin has set, one row per dotted path (migration 0006). */
import type { Db } from './database.js';

export interface StoredSetting {
  key: string;
  /** Parsed from the stored JSON. */
  value: unknown;
}

export async function listStoredSettings(db: Db): Promise<StoredSetting[]> {
  const rows = await db.selectFrom('site_settings').select(['key', 'value']).execute();
  return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as unknown }));
}

/** Inserts or replaces each setting (call inside the transaction that audits the change). */
export async function upsertSettings(db: Db, settings: StoredSetting[], by: string | null, at: string): Promise<void> {
  for (const { key, value } of settings) {
    const row = { key, value: JSON.stringify(value), updated_at: at, updated_by: by };
    await db
      .insertInto('site_settings')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: at, updated_by: by }))
      .execute();
  }
}

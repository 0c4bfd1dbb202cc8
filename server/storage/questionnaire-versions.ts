import type { Db, Row } from './database.js';

export async function findQuestionnaireVersion(db: Db, questionnaireId: string, version: string): Promise<Row<'questionnaire_versions'> | undefined> {
  return db
    .selectFrom('questionnaire_versions')
    .selectAll()
    .where('questionnaire_id', '=', questionnaireId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Stores the definition unless this id and version is stored already. */
export async function insertQuestionnaireVersionIfAbsent(db: Db, row: Row<'questionnaire_versions'>): Promise<void> {
  await db
    .insertInto('questionnaire_versions')
    .values(row)
    .onConflict((oc) => oc.columns(['questionnaire_id', 'version']).doNothing())
    .execute();
}

/**
 * The questionnaires the server serves (the loaded catalog) and every version it ever served
 * (stored in the database), so a response is always shown with the definition it was answered with.
 */
import { parseQuestionnaire, type QuestionnaireDefinition } from '../domain/questionnaire-schema.js';
import type { QuestionInfo, SurveyGroup } from '../domain/survey-index.js';
import type { QuestionnaireCatalog } from '../questionnaire-loader.js';
import type { Db, Row } from '../storage/database.js';
import { findQuestionnaireVersion, insertQuestionnaireVersionIfAbsent } from '../storage/questionnaire-versions.js';

export interface QuestionnaireVersion {
  definition: QuestionnaireDefinition;
  questions: Map<string, QuestionInfo>;
  pages: SurveyGroup[];
}

/** A questionnaire file changed without a new version: stored answers would no longer match their text. */
class QuestionnaireVersionConflictError extends Error {
  override readonly name = 'QuestionnaireVersionConflictError';
  constructor(readonly conflicts: { id: string; version: string }[]) {
    super(
      `These questionnaires differ from the definition stored for the same version: ${conflicts.map((c) => `${c.id}@${c.version}`).join(', ')}. ` +
        'Raise "version" in the changed file (stored responses keep the version they were answered with).',
    );
  }
}

const key = (id: string, version: string) => `${id}@${version}`;

export class QuestionnaireRegistry {
  readonly #catalog: QuestionnaireCatalog;
  readonly #stored = new Map<string, QuestionnaireVersion>();
  readonly #registered = new Set<string>();
  readonly #serialized = new Map<string, string>();

  constructor(catalog: QuestionnaireCatalog) {
    this.#catalog = catalog;
    for (const q of catalog.values()) this.#serialized.set(q.definition.id, JSON.stringify(q.definition));
  }

  /** The version served now, or undefined when no such questionnaire is loaded. */
  current(id: string): QuestionnaireVersion | undefined {
    return this.#catalog.get(id);
  }

  list(): { id: string; version: string; title: QuestionnaireDefinition['title'] }[] {
    return [...this.#catalog.values()].map(({ definition: d }) => ({ id: d.id, version: d.version, title: d.title }));
  }

  /**
   * The served version's row, to store (if absent) with a response to it; null once storeAll()
   * stored it at start. (Never remembered here: the response's transaction may roll back.)
   */
  versionToStore(id: string, now: Date): Row<'questionnaire_versions'> | null {
    const q = this.#catalog.get(id);
    if (!q || this.#registered.has(key(id, q.definition.version))) return null;
    return this.#row(id, now);
  }

  #row(id: string, now: Date): Row<'questionnaire_versions'> {
    const { version } = this.#catalog.get(id)!.definition;
    return { questionnaire_id: id, version, definition: this.#serialized.get(id)!, registered_at: now.toISOString() };
  }

  /** At start: stores every loaded version, and refuses a file whose content changed under an already stored version. */
  async storeAll(db: Db, now: Date): Promise<void> {
    const conflicts: { id: string; version: string }[] = [];
    for (const { definition } of this.#catalog.values()) {
      const stored = await findQuestionnaireVersion(db, definition.id, definition.version);
      if (stored && !sameDefinition(stored.definition, this.#serialized.get(definition.id)!)) conflicts.push({ id: definition.id, version: definition.version });
      else {
        await insertQuestionnaireVersionIfAbsent(db, this.#row(definition.id, now));
        this.#registered.add(key(definition.id, definition.version));
      }
    }
    if (conflicts.length > 0) throw new QuestionnaireVersionConflictError(conflicts);
  }

  /** The exact version a response was answered with: the loaded one, or the stored one for older versions. */
  async version(db: Db, id: string, version: string): Promise<QuestionnaireVersion | undefined> {
    const loaded = this.#catalog.get(id);
    if (loaded?.definition.version === version) return loaded;
    const cached = this.#stored.get(key(id, version));
    if (cached) return cached;
    const row = await findQuestionnaireVersion(db, id, version);
    if (!row) return undefined;
    const parsed = parseQuestionnaire(JSON.parse(row.definition));
    if ('problems' in parsed) throw new Error(`Stored questionnaire ${id}@${version} no longer parses: ${JSON.stringify(parsed.problems)}`);
    this.#stored.set(key(id, version), parsed);
    return parsed;
  }
}

/** Compared as parsed JSON so key order or whitespace in the stored text does not matter. */
function sameDefinition(a: string, b: string): boolean {
  return a === b || JSON.stringify(sortKeys(JSON.parse(a))) === JSON.stringify(sortKeys(JSON.parse(b)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
}

import type { QuestionnaireCatalog } from '../questionnaire-loader.js';
import type { Db } from '../storage/database.js';
import { DEFAULT_SETTINGS, type ServiceContext, type Settings } from './context.js';
import { QuestionnaireRegistry } from './questionnaires.js';
import { randomId, randomToken } from './secrets.js';
import { readSiteSettings } from './settings.js';

export interface ContextOptions {
  db: Db;
  questionnaires: QuestionnaireCatalog | QuestionnaireRegistry;
  now?: () => Date;
  newId?: () => string;
  newToken?: () => string;
  settings?: Partial<Settings>;
  siteSettings?: ServiceContext['siteSettings'];
}

/** The services' context with the real clock and randomness unless given others. */
export function createServiceContext(options: ContextOptions): ServiceContext {
  return {
    db: options.db,
    questionnaires: options.questionnaires instanceof QuestionnaireRegistry ? options.questionnaires : new QuestionnaireRegistry(options.questionnaires),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomId,
    newToken: options.newToken ?? randomToken,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    siteSettings: options.siteSettings ?? (() => readSiteSettings(options.db)),
  };
}

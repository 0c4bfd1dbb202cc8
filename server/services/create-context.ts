import type { QuestionnaireCatalog } from '../questionnaire-loader.js';
import type { Db } from '../storage/database.js';
import { DEFAULT_SETTINGS, type ServiceContext, type Settings } from './context.js';
import { PasswordHashQueue } from './password-hash-queue.js';
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
  /** The queue every password hash waits in; by default a new one from settings.passwordHashQueue. */
  passwordHashes?: PasswordHashQueue;
}

/** The services' context with the real clock and randomness unless given others. */
export function createServiceContext(options: ContextOptions): ServiceContext {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  return {
    db: options.db,
    questionnaires: options.questionnaires instanceof QuestionnaireRegistry ? options.questionnaires : new QuestionnaireRegistry(options.questionnaires),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomId,
    newToken: options.newToken ?? randomToken,
    settings,
    passwordHashes: options.passwordHashes ?? new PasswordHashQueue(settings.passwordHashQueue),
    siteSettings: options.siteSettings ?? (() => readSiteSettings(options.db)),
  };
}

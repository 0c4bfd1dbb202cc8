/**
 * The database: table types for Kysely and openDatabase(url). SQLite (better-sqlite3) is the
 * embedded default; a postgres:// URL selects PostgreSQL. Queries and migrations stay portable:
 * timestamps are ISO-8601 UTC text (which sorts correctly), JSON is text, no booleans.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type Generated, type Insertable, type Selectable } from 'kysely';
import pg from 'pg';
import { guardTransactions } from './transaction.js';
import type { Channel, DecisionAction, EnrolmentReason, EnrolmentStatus, WhenOpen, FlagOutcome, FlagStatus, Level, MessageKind, OutboxStatus, PatientStatus, ReferralStatus, Respondent, ResponseMode, Role, Trigger, UnitKind } from '../contract/codes.js';

export interface PatientsTable {
  id: string;
  external_id: string;
  name: string;
  created_at: string;
  created_by: string | null;
  /** Contact details for reminders (migration 0008): shown to nurses and admins only. */
  email: string | null;
  /** E.164, e.g. +4520304050. */
  mobile: string | null;
  /** active, deceased or discharged (migration 0015). */
  status: Generated<PatientStatus>;
}

export interface InvitationsTable {
  id: string;
  /** SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  patient_id: string;
  questionnaire_id: string;
  trigger: Trigger;
  created_by: string;
  created_at: string;
  expires_at: string;
  answered_at: string | null;
  /** JSON of the partial answers the patient saved. */
  draft_answers: string | null;
  draft_locale: string | null;
  draft_saved_at: string | null;
  /** The name of the page the patient was on (migration 0014); null in drafts saved before it. */
  draft_page: string | null;
  /** Reminder schedule steps passed, and reminders actually written to the outbox (migration 0008). */
  reminder_step: Generated<number>;
  reminders_sent: Generated<number>;
  last_reminder_at: string | null;
  /** patient, or relative: a relative's link (migration 0012); its answers are stored as mode proxy. */
  respondent: Generated<Respondent>;
  /** The relative's relationship to the patient ("daughter"); null for the patient's own link. */
  relationship: string | null;
  /** Set when the patient stopped being active while the link was open (migration 0015): the link answers 410. */
  withdrawn_at: string | null;
  /** The unit the link (or staff entry) was made in (migration 0022): its flag belongs there, its settings apply. Set for every row. */
  unit_id: string;
}

/** Each questionnaire definition as first served, so old responses keep the text they were given with. */
export interface QuestionnaireVersionsTable {
  questionnaire_id: string;
  version: string;
  definition: string;
  registered_at: string;
}

export interface ResponsesTable {
  /** Made by the server, time-ordered (UUIDv7). */
  id: string;
  /** The client-made UUID: the idempotency key of the submission within its invitation (null only for rows from before migration 0002). */
  client_id: string | null;
  invitation_id: string;
  patient_id: string;
  questionnaire_id: string;
  questionnaire_version: string;
  answers: string;
  locale: string | null;
  submitted_at: string;
  /** How it was given (migration 0012): self, assisted, proxy or paper. */
  mode: Generated<ResponseMode>;
  /** patient or relative, with the relative's relationship. */
  respondent: Generated<Respondent>;
  relationship: string | null;
  /** The staff user who entered an assisted or paper response. */
  recorded_by: string | null;
  /** A paper form's own date (YYYY-MM-DD); null: the day it was submitted. */
  answered_on: string | null;
  /** The second staff user who checked a paper entry against the paper, and when. */
  verified_by: string | null;
  verified_at: string | null;
}

export interface ScaleScoresTable {
  response_id: string;
  scale: string;
  /** 0..100 unrounded; null when too few items were answered. */
  score: number | null;
  items_used: string;
}

export interface FlagsTable {
  id: string;
  response_id: string;
  patient_id: string;
  level: Level;
  /** 2 specialized, 1 basic, 0 none: the worklist's sort key. */
  level_rank: number;
  status: FlagStatus;
  /** JSON StoredReasons (domain/stored-reasons.ts): every rule that fired and its evidence; older rows hold a FlagReason[]. */
  reasons: string;
  created_at: string;
  updated_at: string;
  return_reason: string | null;
  /** 1 when an urgency rule fired (urgent review, beside the level); 0 otherwise. */
  urgent: number;
  /** 1 when the patient wrote in their own words (the text is in the own-words reason's evidence). */
  own_words: number;
  /** JSON [{scale, from, to}]: scales worse than in the patient's previous response, fixed at submission; null before migration 0009. */
  worse_since_last: string | null;
  /** When and by whom (nurse or admin) the flag's detail was first opened. */
  opened_at: string | null;
  opened_by: string | null;
  /** The closed loop (migration 0010): a staff_users.id or null. */
  owner_id: string | null;
  acknowledged_at: string | null;
  /** Fixed at creation from the site's deadlines; set for every row (older ones by the migration). */
  due_at: string;
  /** The first take or close, whichever came first (the Overview's time to first action). */
  first_action_at: string | null;
  closed_at: string | null;
  outcome: FlagOutcome | null;
  outcome_note: string | null;
  /** When the scheduler escalated the overdue flag (once). */
  escalated_at: string | null;
  /** The invitation's unit, copied (migration 0022): the worklist filters on it with its own index. Set for every row. */
  unit_id: string;
}

export interface FlagDecisionsTable {
  id: string;
  flag_id: string;
  action: DecisionAction;
  note: string;
  responsible: string | null;
  /** A plan's responsible staff user (migration 0021): the plan shows their full name; null for free text. */
  responsible_user_id: string | null;
  next_evaluation: string | null;
  decided_by: string;
  decided_at: string;
}

export interface ReferralsTable {
  id: string;
  flag_id: string;
  patient_id: string;
  status: ReferralStatus;
  text: string;
  created_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  /** The team's optional note on accepting (migration 0013). */
  decision_note: string | null;
  /** The receiving unit, a palliative team or a rehabilitation service (migration 0022). Set for every row. */
  unit_id: string;
}

export interface StaffUsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  created_at: string;
  /** Set when an admin disabled the account: it cannot sign in and has no sessions. */
  disabled_at: string | null;
  /** 1 after an admin's password reset, until the user has chosen a new password (0 otherwise). */
  must_change_password: Generated<number>;
  password_changed_at: string | null;
  /** The TOTP secret (base32, RFC 6238) once confirmed; null: no second factor (migration 0017). */
  totp_secret: string | null;
  /** A secret shown for enrolment, not yet confirmed with a code. */
  totp_pending_secret: string | null;
  /** The last TOTP time step accepted: a code at or before it is refused (no replay). */
  totp_last_step: number | null;
  /** When the temporary password (an admin's new user or reset) stops working; null once the user chose one. */
  temporary_password_expires_at: string | null;
  /** Shown instead of the username where people read it (migration 0020); null until an admin sets it. */
  full_name: string | null;
  /** E.g. "sygeplejerske" (migration 0020); null until set. */
  title: string | null;
  /** The identity provider's issuer and `sub` of a user it signs in (migration 0024, issue 24); null for local users. */
  oidc_issuer: string | null;
  oidc_subject: string | null;
  /** The e-mail the identity provider gives (migration 0024); null for local users. */
  email: string | null;
  /** 1: an admin of every unit (migration 0022; every admin before it); 0: a unit admin, or not an admin. */
  site_admin: Generated<number>;
}

/** A ward, clinic, palliative team or rehabilitation service (migration 0022). */
export interface UnitsTable {
  id: string;
  name: string;
  /** Short and unique, e.g. "STD". */
  code: string;
  kind: UnitKind;
  created_at: string;
}

/** A staff user's units. */
export interface StaffUnitsTable {
  user_id: string;
  unit_id: string;
}

/** A patient's care relationships. */
export interface PatientUnitsTable {
  patient_id: string;
  unit_id: string;
}

/** A unit's own values of some site settings (contract/settings.ts UnitSettingsPatch), as JSON; the rest come from the site. */
export interface UnitSettingsTable {
  unit_id: string;
  settings: string;
  updated_at: string;
  updated_by: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token. */
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  /** An id that names the session in lists and revocations (migration 0017); never the token or its hash. */
  id: string;
  /** The client address at sign-in. */
  address: string | null;
  /** A short name of the browser and system at sign-in ("Chrome on Android"). */
  device: string | null;
}

/** A password was right and a second factor is asked for (migration 0017); the token is in a short-lived cookie. */
export interface LoginChallengesTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  failures: Generated<number>;
}

/** One unused recovery code, as a SHA-256 hash; deleted when used. */
export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  patient_id: string | null;
  /** JSON; never answers, names or tokens. */
  details: string | null;
}

/** One row per site setting an admin has set (contract/settings.ts); the others keep their defaults. */
export interface SiteSettingsTable {
  /** Dotted path, e.g. "site.phone". */
  key: string;
  /** JSON of the value. */
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface Database {
  patients: PatientsTable;
  invitations: InvitationsTable;
  questionnaire_versions: QuestionnaireVersionsTable;
  responses: ResponsesTable;
  scale_scores: ScaleScoresTable;
  flags: FlagsTable;
  flag_decisions: FlagDecisionsTable;
  referrals: ReferralsTable;
  staff_users: StaffUsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  site_settings: SiteSettingsTable;
  outbox_messages: OutboxMessagesTable;
  invitation_tokens: InvitationTokensTable;
  rate_limits: RateLimitsTable;
  login_challenges: LoginChallengesTable;
  recovery_codes: RecoveryCodesTable;
  invitation_calls: InvitationCallsTable;
  oidc_logins: OidcLoginsTable;
  // issue 25: programmes
  programmes: ProgrammesTable;
  enrolments: EnrolmentsTable;
  occurrences: OccurrencesTable;
  units: UnitsTable;
  staff_units: StaffUnitsTable;
  patient_units: PatientUnitsTable;
  unit_settings: UnitSettingsTable;
  emergency_accesses: EmergencyAccessesTable;
}

/** A sign-in through the identity provider in flight (migration 0024, issue 24): single use, minutes long. */
export interface OidcLoginsTable {
  /** SHA-256 of the `state` sent to the provider. */
  state_hash: string;
  /** SHA-256 of the browser's binding cookie. */
  browser_hash: string;
  nonce: string;
  /** The PKCE code verifier (RFC 7636); the provider saw only its S256 challenge. */
  code_verifier: string;
  /** A path of the staff app to return to. */
  return_to: string;
  created_at: string;
  expires_at: string;
}

/** A questionnaire that comes back on a schedule (migration 0025, issue 25); the site admin edits it. */
export interface ProgrammesTable {
  id: string;
  name_da: string;
  name_en: string;
  questionnaire_id: string;
  /** JSON of the schedule: {at?, every?, until?} as ISO 8601 durations (domain/schedule.ts). */
  schedule: string;
  trigger: Trigger;
  /** How long each invitation stays open (a fixed ISO 8601 duration, contract/duration.ts). */
  open_for: string;
  when_open: WhenOpen;
  created_at: string;
  updated_at: string;
}

/** A patient in a programme; next_index/next_due_at: the next occurrence (null: the schedule has no more). */
export interface EnrolmentsTable {
  id: string;
  patient_id: string;
  programme_id: string;
  status: EnrolmentStatus;
  /** The reason code of the last pause or end. */
  reason: EnrolmentReason | null;
  start_at: string;
  next_index: number | null;
  next_due_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** The unit its occurrences' invitations belong to: the enrolling nurse's (migration 0026; null only for a row older than that whose patient had no unit). */
  unit_id: string | null;
}

/**
 * One due time of an enrolment, made into an invitation (or skipped: the previous one was still
 * open), or a plan's one-off next evaluation (no enrolment; made_at null until the tick makes it).
 */
export interface OccurrencesTable {
  id: string;
  enrolment_id: string | null;
  patient_id: string;
  questionnaire_id: string;
  due_at: string;
  invitation_id: string | null;
  /** 1 when skipped. */
  skipped: Generated<number>;
  made_at: string | null;
  decision_id: string | null;
  created_at: string;
}

/** A staff user's emergency access to a patient outside her units (migration 0023), until `expires_at`. */
export interface EmergencyAccessesTable {
  id: string;
  user_id: string;
  patient_id: string;
  /** Why: required, shown to the admins of the patient's units. */
  reason: string;
  created_at: string;
  expires_at: string;
}

/** A nurse's call to a patient who has not answered, and its outcome (migration 0019, issue 23). */
export interface InvitationCallsTable {
  id: string;
  invitation_id: string;
  patient_id: string;
  /** One of CALL_OUTCOMES. */
  outcome: string;
  note: string | null;
  called_by: string;
  called_at: string;
}

/** One rate-limit counter (migration 0011; services/rate-limits.ts); reset_at in epoch milliseconds. */
export interface RateLimitsTable {
  key: string;
  hits: number;
  /** PostgreSQL's bigint arrives as a string. */
  reset_at: number | string;
}

/** One message to send (migration 0008; see services/notifications.ts). */
export interface OutboxMessagesTable {
  id: string;
  kind: MessageKind;
  channel: Channel;
  recipient: string;
  subject: string;
  text: string;
  link: string | null;
  dedupe_key: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: string;
  /** The last delivery error, without the message or its recipient. */
  last_error: string | null;
  /** A process delivering the message holds it until then; after that another may retry it. */
  claimed_until: string | null;
  claim_token: string | null;
  created_at: string;
  sent_at: string | null;
  /** The patient a reminder is for (migration 0015); null for messages to staff. */
  patient_id: string | null;
  /**
   * The invitation a reminder's link opens (migration 0018): the link is made, with a new token,
   * when the message is delivered, and never stored; `text` holds `{link}` in its place.
   */
  invitation_id: string | null;
}

/** Extra tokens for an invitation (the links in reminders); SHA-256, like invitations.token_hash. */
export interface InvitationTokensTable {
  token_hash: string;
  invitation_id: string;
  created_at: string;
}

/** The database, or a transaction on it (Kysely's Transaction is a Kysely): every repository function takes either. */
export type Db = Kysely<Database>;
export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;

export const DEFAULT_DATABASE_URL = './data/lindring.sqlite';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the SQLite file at `url` (a path, its folder is created; `:memory:` for a throwaway
 * database) or a PostgreSQL database at a postgres:// URL. Its transactions are opened with
 * transaction(db, fn) (transaction.ts), whose guard the dialect carries.
 */
export function openDatabase(url: string = DEFAULT_DATABASE_URL): Db {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection that PostgreSQL ends (restart, failover, pg_terminate_backend) is re-emitted
    // on the pool, and an 'error' event nobody listens to crashes the process. The pool has already
    // dropped that connection and opens a new one on the next query: note it and go on.
    pool.on('error', (error: Error & { code?: string }) => {
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: 'database connection lost', code: error.code ?? error.name })}\n`);
    });
    return new Kysely<Database>({ dialect: guardTransactions(new PostgresDialect({ pool })) });
  }
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
  try {
    return new Kysely<Database>({ dialect: guardTransactions(new FaultTolerantSqliteDialect(openSqlite(file))) });
  } catch (error) {
    const reason = error instanceof Error ? `${String((error as { code?: unknown }).code ?? error.name)}: ${error.message}` : String(error);
    throw new Error(`Cannot open the database file ${path.resolve(file)} (DATABASE_URL): ${reason}. Check that its folder exists or can be made, and that this user may write there.`, { cause: error });
  }
}

/**
 * Kysely's stock SQLite dialect, except that a rollback after SQLite already rolled back is skipped:
 * on SQLITE_FULL, SQLITE_IOERR or SQLITE_BUSY SQLite ends the transaction itself, and the stock
 * driver's own ROLLBACK then fails ("no transaction is active") and hides the real error, which the
 * HTTP layer needs to answer 503 storage_unavailable.
 */
class FaultTolerantSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SqliteDatabase.Database) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    const sqlite = this.sqlite;
    return new (class extends SqliteDriver {
      override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
        if (sqlite.inTransaction) await super.rollbackTransaction(connection);
      }
    })({ database: sqlite });
  }
}

function openSqlite(file: string): SqliteDatabase.Database {
  if (file === ':memory:') return new SqliteDatabase(file);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // Patient data: readable by the owner only, whichever command makes the file. Created here (not
  // by SQLite, which would follow the umask); SQLite gives -wal and -shm the database file's mode.
  closeSync(openSync(file, 'a', 0o600));
  ownerOnly(file);
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  for (const suffix of ['-wal', '-shm']) ownerOnly(file + suffix);
  // A 201 means the response is on disk: fsync the WAL on every commit.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted and overwritten rows are zeroed in the file and its WAL, not left in free space for a
  // copy of the file to show (contact details, old drafts, purged messages).
  sqlite.pragma('secure_delete = ON');
  // Another process on the same file (e.g. `npm run create-user` while the server runs) waits instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/** Mode 0600, whatever the umask; a file this user does not own (or that is not there) is left as it is. */
function ownerOnly(file: string): void {
  try {
    chmodSync(file, 0o600);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

/** True when the error is a unique or primary-key violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * True when the database cannot be used at the moment, not because of the query: SQLite's file
 * read-only, moved, full, unreadable, or still locked after busy_timeout; PostgreSQL unreachable,
 * shutting down, out of resources or read-only (a standby). The HTTP layer answers 503.
 */
export function isStorageUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (/^SQLITE_(READONLY|IOERR|FULL|CANTOPEN|BUSY|LOCKED)/.test(code)) return true;
    // PostgreSQL SQLSTATE classes 08 (connection), 53 (resources), 57P (shutdown), 25006 (read-only).
    if (/^(08...|53...|57P0[1-3]|25006)$/.test(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true;
  }
  // node-postgres: a connection lost mid-query, or none free in time.
  const message = error instanceof Error ? error.message : '';
  return /^(Connection terminated|timeout exceeded when trying to connect)/.test(message);
}

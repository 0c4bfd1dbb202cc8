/** The shapes the staff app reads from the server's /api (see the server issue's contract). */

export type Role = 'nurse' | 'palliative_team' | 'admin';
export type Level = 'none' | 'basic' | 'specialized';
export type FlagStatus = 'open' | 'planned_basic' | 'referred' | 'no_action' | 'returned';
export type Trigger =
  | 'diagnosis'
  | 'sector_transition'
  | 'deterioration'
  | 'intervention_follow_up'
  | 'first_conversation'
  | 'status_conversation'
  | 'admission'
  | 'relative_concern'
  | 'other';

export const TRIGGERS: readonly Trigger[] = [
  'diagnosis', 'sector_transition', 'deterioration', 'intervention_follow_up', 'first_conversation',
  'status_conversation', 'admission', 'relative_concern', 'other',
];
export const LEVELS: readonly Level[] = ['specialized', 'basic', 'none'];
export const FLAG_STATUSES: readonly FlagStatus[] = ['open', 'returned', 'planned_basic', 'referred', 'no_action'];

export interface Localized {
  da: string;
  en: string;
}
/** A SurveyJS localizable string: English under `default`, Danish under `da`; or a plain string. */
export type SurveyText = string | { default?: string; da?: string; en?: string; [lang: string]: string | undefined };

export interface User {
  id: number | string;
  username: string;
  role: Role;
}

export interface QuestionnaireSummary {
  id: string;
  version: string;
  title: Localized;
}

export interface Patient {
  id: number | string;
  externalId: string;
  name: string;
  /** Contact details for reminders (nurses and admins only). */
  email?: string | null;
  mobile?: string | null;
  createdAt?: string;
}

export interface CreatedInvitation {
  token: string;
  url: string;
  expiresAt: string;
}

export interface Invitation {
  id: number | string;
  patient: { id: number | string; name: string; externalId: string };
  questionnaireId: string;
  trigger: Trigger;
  createdAt: string;
  expiresAt: string;
  answeredAt: string | null;
  /** The channels reminders go out by; [] means nothing reaches the patient. */
  channels: ('smtp' | 'webhook')[];
  remindersSent: number;
  lastReminderAt: string | null;
  /** The server's verdict: no channel, or every reminder sent and still no answer. */
  call: boolean;
}

export type Evidence =
  | { kind: 'scale'; scale: string; value: number; comparison: 'below' | 'atOrAbove'; threshold: number }
  | { kind: 'item'; item: string; value: unknown; comparison: 'atLeast' | 'atMost' | 'equals' | 'includes' | 'answered'; expected?: unknown };

export interface Reason {
  rule: string;
  level: Exclude<Level, 'none'>;
  text: Localized;
  evidence: Evidence[];
}

export interface FlagSummary {
  id: number | string;
  responseId: number | string;
  level: Level;
  status: FlagStatus;
  patient: Patient;
  questionnaire: QuestionnaireSummary;
  trigger: Trigger;
  submittedAt: string;
  ageDays: number;
  reasons: Reason[];
  returnReason?: string | null;
}

export interface Answer {
  question: string;
  title?: SurveyText;
  value: unknown;
  /** The text of the chosen choice(s), when the question has choices. */
  text?: SurveyText | SurveyText[] | null;
  /** The text written for an "Other" choice. */
  comment?: string;
}

export type ScaleKind = 'functional' | 'symptom' | 'global';

export interface ScaleScore {
  scale: string;
  title: Localized;
  area: string;
  kind: ScaleKind;
  /** 0..100, or null when too few items were answered. */
  score: number | null;
  threshold?: { value: number; source: string } | null;
  isNeed: boolean;
}

export type DecisionAction = 'basic' | 'refer' | 'no_action';

export interface Decision {
  action: DecisionAction;
  note: string;
  responsible?: string | null;
  nextEvaluation?: string | null;
  decidedBy?: { id: string; username: string } | null;
  decidedAt: string;
}

export type ReferralStatus = 'pending' | 'accepted' | 'returned';

export interface ReferralInfo {
  id: number | string;
  status: ReferralStatus;
  text: string;
  reason?: string | null;
  createdAt: string;
  decidedAt?: string | null;
}

export interface HistoryEntry {
  responseId: number | string;
  submittedAt: string;
  scores: { scale: string; score: number | null }[];
}

export interface FlagDetail {
  flag: FlagSummary;
  patient: Patient;
  questionnaire: QuestionnaireSummary & { areas: { id: string; title: Localized }[] };
  answers: Answer[];
  scores: ScaleScore[];
  reasons: Reason[];
  decision?: Decision | null;
  referral?: ReferralInfo | null;
  history: HistoryEntry[];
  /** The patient's wish to be contacted (the `contact_wish` question), when there is one. */
  contact?: { question: string; values: unknown[]; text: SurveyText | SurveyText[] } | null;
}

export interface Referral {
  id: number | string;
  flagId: number | string;
  status: ReferralStatus;
  patient: Patient;
  questionnaire: QuestionnaireSummary;
  createdAt: string;
  waitingDays: number;
  text: string;
  level: Level;
  reasons: Reason[];
  scores: ScaleScore[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  entity: { type: string; id: string | null };
  patientId: string | null;
  details: unknown;
}

export interface StaffUserSummary {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
}

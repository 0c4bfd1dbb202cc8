/** Storing a patient's submission: everything it writes, in one transaction. */
import { insertAuditEntry, type NewAuditEntry } from './audit-log.js';
import { isUniqueViolation, type Db, type NewRow, type Row } from './database.js';
import { insertFlag } from './flags.js';
import { insertInvitation, markAnswered } from './invitations.js';
import { insertQuestionnaireVersionIfAbsent } from './questionnaire-versions.js';
import { insertResponse } from './responses.js';
import { transaction } from './transaction.js';

export interface NewSubmission {
  invitationId: string;
  /** A staff entry's own invitation, already answered (services/submit-response.ts): inserted instead of spending one. */
  newInvitation?: NewRow<'invitations'>;
  /** The questionnaire version answered, when it may not be stored yet (stored unless it is). */
  questionnaireVersion: Row<'questionnaire_versions'> | null;
  response: NewRow<'responses'>;
  scores: NewRow<'scale_scores'>[];
  flag: NewRow<'flags'>;
  audit: NewAuditEntry;
  /**
   * Open link invitations a staff entry answers in their place (issue 23), each with its audit
   * entry: marked answered in the same transaction; one answered or withdrawn meanwhile is left as it is.
   */
  answersLinks?: { invitationId: string; audit: NewAuditEntry }[];
}

/**
 * Spends the invitation (only if still unspent), or inserts a staff entry's own invitation, and
 * stores the response, its scores, its flag and the audit entry, all or nothing; resolves after
 * the commit. False when another submission spent the invitation or stored its response first (for
 * a staff entry: made the same entry's invitation first): then nothing is stored. On SQLite it
 * starts one turn of the event loop after the previous transaction (transaction.ts), so a burst
 * of submissions leaves room for other requests between their commits.
 */
export async function storeSubmission(db: Db, s: NewSubmission): Promise<boolean> {
  try {
    return await transaction(db, async (tx) => {
      // Of two concurrent submissions, one changes the row; the other changes none and stores nothing.
      if (s.newInvitation) await insertInvitation(tx, s.newInvitation);
      else if (!(await markAnswered(tx, s.invitationId, s.response.submitted_at))) return false;
      if (s.questionnaireVersion) await insertQuestionnaireVersionIfAbsent(tx, s.questionnaireVersion);
      await insertResponse(tx, s.response, s.scores);
      await insertFlag(tx, s.flag);
      await insertAuditEntry(tx, s.audit);
      for (const link of s.answersLinks ?? []) {
        if (await markAnswered(tx, link.invitationId, s.response.submitted_at)) await insertAuditEntry(tx, link.audit);
      }
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

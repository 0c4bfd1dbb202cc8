import { api } from '../api.js';
import { useAction } from '../hooks/use-action.js';
import { formatDate, formatTime } from '../i18n.js';
import { useLang } from '../hooks/use-lang.js';
import { CALL_OUTCOMES, type CallOutcome } from '../../../server/contract/codes.js';
import type { InvitationCall } from '../../../server/contract/responses.js';
import type { MessageKey } from '../i18n.js';
import { ErrorMessage } from './messages.js';

/** "Ringet: ingen svar / aftalt / vil ikke" (issue 23). */
export const CALL_OUTCOME_LABEL: Record<CallOutcome, MessageKey> = { no_answer: 'callNoAnswer', agreed: 'callAgreed', declined: 'callDeclined' };

/** The nurse records what came of a call: one button per outcome; the list reloads after. */
export function CallOutcomeButtons({ invitationId, patientName, onRecorded }: { invitationId: string; patientName: string; onRecorded: () => void }) {
  const { t } = useLang();
  const { busy, error, run } = useAction();
  const record = (outcome: CallOutcome): Promise<void> => run(async () => {
    await api.recordCall(invitationId, { outcome });
    onRecorded();
  });
  return (
    <div className="call-outcomes" role="group" aria-label={t('callRecordLabel', { name: patientName })}>
      {CALL_OUTCOMES.map((outcome) => (
        <button key={outcome} type="button" disabled={busy} onClick={() => void record(outcome)}>{t(CALL_OUTCOME_LABEL[outcome])}</button>
      ))}
      <ErrorMessage error={error} />
    </div>
  );
}

/** The calls about a link, newest first: when, the outcome, who called, and the note. */
export function CallHistory({ calls }: { calls: readonly InvitationCall[] }) {
  const { lang, t } = useLang();
  if (calls.length === 0) return null;
  return (
    <ul className="call-history small">
      {calls.map((c) => (
        <li key={c.id}>
          {t('callRecorded', { outcome: t(CALL_OUTCOME_LABEL[c.outcome]), date: formatDate(c.calledAt, lang), time: formatTime(new Date(c.calledAt), lang), name: c.calledBy.username })}
          {c.note ? <> · {c.note}</> : null}
        </li>
      ))}
    </ul>
  );
}

/** Which page the patient sees, from the submission (which wins once started) and the invitation load. */
import type { LoadState } from '../hooks/use-invitation.js';
import type { SubmissionState } from '../hooks/use-submission.js';
import type { Localized } from '../../../server/contract/codes.js';
import type { AnswerProblem, LinkProblem } from '../api.js';
import type { DoneNote } from './storage.js';

type PatientPage =
  | { page: 'loading' }
  | { page: 'unreachable' }
  | { page: 'answering'; problems: AnswerProblem[] | null }
  | { page: 'sending' }
  | { page: 'not-sent' }
  /** `urgent`: the answers call for a call today (clinical rules v2, item 18). */
  | { page: 'done'; nextSteps: Localized; urgent: boolean }
  | { page: 'problem'; problem: LinkProblem };

export function choosePage(submission: SubmissionState, load: LoadState, done: DoneNote | null): PatientPage {
  switch (submission.status) {
    case 'sending':
      // The first try shows "sending"; once a try has failed, the patient keeps seeing "not sent yet".
      return submission.attempt > 1 ? { page: 'not-sent' } : { page: 'sending' };
    case 'waiting':
      return { page: 'not-sent' };
    case 'accepted':
      return { page: 'done', nextSteps: submission.nextSteps, urgent: submission.urgent };
    case 'problem':
      return { page: 'problem', problem: submission.problem };
    case 'invalid':
    case 'idle':
      break;
  }
  switch (load.kind) {
    case 'loading':
      return { page: 'loading' };
    case 'unreachable':
      return { page: 'unreachable' };
    case 'problem':
      // Reopening a link this tablet already sent: the same "what happens next" as after sending.
      return load.problem === 'answered' && done ? { page: 'done', nextSteps: done.nextSteps, urgent: done.urgent } : { page: 'problem', problem: load.problem };
    case 'ok':
      return { page: 'answering', problems: submission.status === 'invalid' ? submission.problems : null };
  }
}

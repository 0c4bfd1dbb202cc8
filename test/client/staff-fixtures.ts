/** A flag detail as the server's GET /api/flags/:id returns it, for the staff app's pure-logic tests. */
import type { FlagDetail, FlagSummary, ResponseProvenance, ScaleScore, UrgentReason } from '../../server/contract/responses.js';

const GIESINGER = 'Giesinger et al. 2020';

const PAIN: ScaleScore = { scale: 'pa', title: { da: 'Smerter', en: 'Pain' }, area: 'physical', kind: 'symptom', score: 83.33333, threshold: { value: 25, source: GIESINGER }, isNeed: true };
export const EF: ScaleScore = { scale: 'ef', title: { da: 'Følelsesmæssig funktion', en: 'Emotional functioning' }, area: 'psychological', kind: 'functional', score: 16.6667, threshold: { value: 71, source: GIESINGER }, isNeed: true };
export const PF: ScaleScore = { scale: 'pf', title: { da: 'Fysisk funktion', en: 'Physical functioning' }, area: 'physical', kind: 'functional', score: 93.333, threshold: { value: 83, source: GIESINGER }, isNeed: false };
const QL: ScaleScore = { scale: 'ql', title: { da: 'Livskvalitet', en: 'Overall quality of life' }, area: 'existential', kind: 'global', score: null, isNeed: false };

export const URGENT_PAIN: UrgentReason = {
  rule: 'urgent-symptom-worst', text: { da: 'Et symptom er besvaret "Meget".', en: "A symptom is answered 'Very much'." },
  evidence: [{ kind: 'item', item: 'c5', value: 4, comparison: 'atLeast', expected: 4 }],
};

/** A flag nobody has taken yet, not due until long after the fixtures' dates. */
/** The patient answered on their own link (issue 13's provenance of every response). */
export const SELF_ANSWERED: ResponseProvenance = {
  mode: 'self', respondent: 'patient', relationship: null, recordedBy: null, answeredOn: '2025-03-10', verifiedBy: null, verifiedAt: null,
};
export const NO_OWNER: Pick<FlagSummary, 'owner' | 'acknowledgedAt' | 'dueAt' | 'overdue' | 'overdueFor' | 'closedAt' | 'outcome' | 'outcomeNote'> = {
  owner: null, acknowledgedAt: null, dueAt: '2025-03-12T09:00:00.000Z', overdue: false, overdueFor: null, closedAt: null, outcome: null, outcomeNote: null,
};

export function detailFixture(overrides: Partial<FlagDetail> = {}): FlagDetail {
  const patient = { id: '7', externalId: 'DEMO-0001', name: 'Karen Jensen' };
  const questionnaire = { id: 'palliative-needs', version: '1.0.0', title: { da: 'Palliative behov', en: 'Palliative needs' } };
  const reasons: FlagDetail['reasons'] = [
    {
      rule: 'severe-with-other-needs', level: 'specialized', text: { da: 'Alvorligt problem og behov i andre områder.', en: 'A severe problem and needs in other areas.' },
      evidence: [{ kind: 'item', item: 'c5', value: 4, comparison: 'atLeast', expected: 4 }, { kind: 'scale', scale: 'ef', value: 16.6667, comparison: 'below', threshold: 71 }],
    },
    { rule: 'pa-need', level: 'basic', text: { da: 'Smerter.', en: 'Pain.' }, evidence: [{ kind: 'scale', scale: 'pa', value: 83.33333, comparison: 'atOrAbove', threshold: 25 }] },
    { rule: 'contact-wish', level: 'basic', text: { da: 'Ønsker kontakt.', en: 'Wants contact.' }, evidence: [{ kind: 'item', item: 'contact_wish', value: ['nurse'], comparison: 'includes', expected: 'nurse' }] },
  ];
  return {
    flag: { id: '3', responseId: '30', level: 'specialized', status: 'open', patient, questionnaire, trigger: 'deterioration', submittedAt: '2025-03-10T09:00:00.000Z', ageDays: 2, reasons, reasonCount: reasons.length,
      urgent: true, urgentReasons: [URGENT_PAIN], urgentReasonCount: 1, ownWords: true, ownWordsExcerpts: ['Dry mouth'],
      worseSinceLast: [{ scale: 'pa', title: PAIN.title, from: 50, to: 83.33333 }, { scale: 'ef', title: EF.title, from: 50, to: 16.6667 }], ...NO_OWNER, ...SELF_ANSWERED,
    },
    patient,
    questionnaire: { ...questionnaire, areas: [{ id: 'physical', title: { da: 'Fysisk', en: 'Physical' } }, { id: 'psychological', title: { da: 'Psykisk', en: 'Psychological' } }, { id: 'existential', title: { da: 'Eksistentielt', en: 'Existential' } }] },
    answers: [
      { question: 'c5', title: { default: 'Have you been in pain?', da: 'Har du haft ondt?' }, value: 4, text: { default: 'Very much', da: 'Meget' } },
      { question: 'contact_wish', title: { default: 'Would you like someone to contact you?', da: 'Vil du gerne kontaktes?' }, value: ['nurse'], text: [{ default: 'Yes, a nurse', da: 'Ja, en sygeplejerske' }] },
      { question: 'talk_about', title: { default: 'What matters most?', da: 'Hvad er vigtigst?' }, value: ['pain', 'worries'], text: [{ default: 'Pain', da: 'Smerter' }, { default: 'Worries', da: 'Bekymringer' }] },
      { question: 'other_symptoms', title: { default: 'Other symptoms?', da: 'Andre symptomer?' }, value: 'Dry mouth' },
      { question: 'talk_about_other', title: { default: 'Anything else?', da: 'Andet?' }, value: 'I cannot sleep because of the pain.' },
      { question: 'preferred_place', title: { default: 'Where?', da: 'Hvor?' }, value: null },
    ],
    scores: [PF, PAIN, EF, QL],
    reasons,
    history: [
      { ...SELF_ANSWERED, answeredOn: '2025-01-10', responseId: '10', submittedAt: '2025-01-10T09:00:00.000Z', scores: [{ scale: 'pa', score: 16.67 }, { scale: 'ef', score: 75 }, { scale: 'pf', score: 93.3 }, { scale: 'ql', score: 66.7 }] },
      { ...SELF_ANSWERED, answeredOn: '2025-02-10', responseId: '20', submittedAt: '2025-02-10T09:00:00.000Z', scores: [{ scale: 'pa', score: 50 }, { scale: 'ef', score: 50 }, { scale: 'pf', score: 93.3 }, { scale: 'ql', score: null }] },
    ],
    contact: { question: 'contact_wish', values: ['nurse'], text: [{ default: 'Yes, a nurse', da: 'Ja, en sygeplejerske' }] },
    referralService: { da: 'Palliativt team (specialiseret palliativ indsats)', en: 'Palliative team (specialized palliative care)' },
    ...overrides,
  };
}

/**
 * Demo data for a walkthrough: demo staff users, patients, invitations and submitted responses at
 * every level, made through the services (the same validation, scoring, flagging and audit as real
 * use), backdated with the services' injected clock so the worklist shows ages and history.
 * DEMO ONLY: the staff passwords are the usernames.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../contract/codes.js';
import { DAY_MS } from '../contract/duration.js';
import type { ServiceContext, StaffActor } from '../services/context.js';
import { recordAudit } from '../services/audit.js';
import { decideFlag, listFlags } from '../services/flags.js';
import { createInvitation } from '../services/invitations.js';
import { createPatient, findPatients } from '../services/patients.js';
import { decideReferral, listReferrals } from '../services/referrals.js';
import { hashPassword } from '../services/secrets.js';
import { recordStaffResponse, submitResponse } from '../services/submit-response.js';
import { makeDueOccurrences } from '../services/occurrences.js';
import { enrol } from '../services/programmes.js';
import { staffResponseSchema } from '../contract/requests.js';
import { findStaffUserByUsername, insertStaffUser } from '../storage/staff-users.js';
import { transaction } from '../storage/transaction.js';
import { setUserUnits } from '../storage/units.js';
import { defaultUnitsFor } from '../services/units.js';

/** Demo-only accounts: the password is the username. Never on a real server. */
const DEMO_USERS: readonly { username: string; password: string; role: Role }[] = [
  { username: 'nurse', password: 'nurse', role: 'nurse' },
  { username: 'team', password: 'team', role: 'palliative_team' },
  { username: 'admin', password: 'admin', role: 'admin' },
];

type Answers = Record<string, unknown>;

const PAL_BASE: Answers = {
  c1: 1, c2: 1, c3: 1, c4: 1, c5: 1, c6: 1, c7: 1, c8: 1, c9: 1, c10: 1, c11: 1, c12: 1, c13: 1, c14: 1,
  relatives_worry: 1, relatives_strain: 1, practical_problems: 1, financial_problems: 1, cannot_cope: 1, relatives_cannot_cope: 1,
  lost_meaning: 1, hopeless: 1, fear_future: 1, faith_concerns: 1, c15: 6, contact_wish: ['none'],
};
const pal = (a: Answers): Answers => ({ ...PAL_BASE, ...a });

const REHAB_BASE: Answers = {
  walk_long: 1, heavy_tasks: 1, self_care: 1, need_rest: 1, weak: 1, tired: 1, pain: 1, pain_daily: 1, tense: 1, worry: 1,
  irritable: 1, depressed: 1, family_life: 1, social_life: 1, financial_problems: 1, lost_meaning: 1, fear_recurrence: 1,
  life_questions: 1, role_work: 1, role_leisure: 1, work_worry: 1, sex_interest: 1, sex_physical: 1, body_intimacy: 1,
  concentrate: 1, remember: 1, numbness: 1, swelling: 1, bowel: 1, bladder: 1, help_physical: 'no', help_psychological: 'no',
  help_social: 'no', help_existential: 'no', help_work: 'no', help_sexuality: 'no', help_late_effects: 'no', overall_quality_of_life: 5,
};
const rehab = (a: Answers): Answers => ({ ...REHAB_BASE, ...a });

/**
 * The demo's own words, notes, referral and return texts in the language the staff will read them
 * in (issue 23): `npm run seed:demo` writes Danish unless `--lang en` is given.
 */
export const DEMO_LANGS = ['da', 'en'] as const;
export type DemoLang = (typeof DEMO_LANGS)[number];

const DEMO_TEXT = {
  da: {
    karenOwnWords: 'Jeg kan ikke sove på grund af smerterne, og jeg er meget langt nede. Min mand ved ikke, hvordan han skal hjælpe mig.',
    karenOtherSymptoms: 'Mundtørhed, og jeg bliver svimmel, når jeg rejser mig.',
    karenNoAction: 'Talt med Karen i telefon: klarer sig godt hjemme, ingen behov lige nu. Nyt spørgeskema ved næste statussamtale.',
    birgitPhone: 'Birgit besvarede skemaet i telefonen: ingen behov lige nu.',
    karenPlan: 'Egen læge gennemgår smertemedicinen i denne uge. Hjemmesygeplejen kommer to gange om ugen og følger op på smerterne.',
    karenResponsible: 'Hjemmesygeplejerske Lise Holm, Aarhus Kommune',
    oleNote: 'Henvist efter en telefonsamtale med Ole og hans kone.',
    oleReferral: 'Ole Hansen (DEMO-1002). Ole og hans kone fortæller, at de ikke kan klare situationen derhjemme; familien er hårdt belastet. Vurdér venligst behov for specialiseret palliativ indsats.',
    poulReferral: 'Poul Andersen (DEMO-1004): angst, nedtrykthed og følelsesløshed i hænder og fødder efter kemoterapi. Vurdér venligst.',
    poulReturn: 'Behovene er rehabiliteringsbehov uden komplekse palliative behov. Henvis venligst til kommunal rehabilitering og senfølgeklinikken.',
    hanneOwnWords: 'Jeg er så træt af det hele. Jeg kan ikke tale med min familie om det, og jeg ved ikke, hvem jeg skal spørge.',
  },
  en: {
    karenOwnWords: 'I cannot sleep because of the pain, and I feel very low. My husband does not know how to help me.',
    karenOtherSymptoms: 'Dry mouth, and I feel dizzy when I stand up.',
    karenNoAction: 'Talked with Karen by phone: managing well at home, no needs now. New questionnaire at the next status conversation.',
    birgitPhone: 'Birgit answered the questionnaire over the phone: no needs now.',
    karenPlan: 'GP reviews pain medication this week. Home nurse visits twice a week and follows up on pain.',
    karenResponsible: 'Home nurse Lise Holm, Aarhus Kommune',
    oleNote: 'Referred after a phone call with Ole and his wife.',
    oleReferral: 'Ole Hansen (DEMO-1002). Ole and his wife report that they cannot cope with the situation at home; strain on the family. Please assess for specialized palliative care.',
    poulReferral: 'Poul Andersen (DEMO-1004): anxiety, low mood and numbness in hands and feet after chemotherapy. Please assess.',
    poulReturn: 'Needs are rehabilitation needs without complex palliative needs. Please refer to municipal rehabilitation and the late-effects clinic.',
    hanneOwnWords: "I am so tired of it all. I cannot talk to my family about it, and I don't know whom to ask.",
  },
} satisfies Record<DemoLang, Record<string, string>>;

/** The answer sets, named by the level the default rules propose for them, with their own words in `lang`. */
const demoAnswers = (lang: DemoLang) => ({
  palliativeNone: pal({ c5: 2, c15: 5, talk_about: ['everyday_life'], preferred_place: 'home' }),
  palliativeBasic: pal({ c5: 3, c12: 2, c6: 2, c15: 4, talk_about: ['pain'] }),
  palliativeSpecialized: pal({
    c5: 4, c12: 3, c6: 3, c11: 3, c13: 3, c14: 4, c15: 2, contact_wish: ['nurse', 'palliative_team'], talk_about: ['pain', 'worries'],
    talk_about_other: DEMO_TEXT[lang].karenOwnWords,
    other_symptoms: DEMO_TEXT[lang].karenOtherSymptoms, other_symptoms_bother: 2, preferred_place: 'unsure',
  }),
  palliativeCannotCope: pal({ cannot_cope: 3, relatives_cannot_cope: 3, relatives_strain: 3, c15: 3, contact_wish: ['nurse'], talk_about: ['relatives', 'everyday_life'] }),
  /** Nothing ticked, only a few words written: basic because of the own words (never "none", never unread) and because so little is answered. */
  palliativeOwnWordsOnly: {
    talk_about_other: DEMO_TEXT[lang].hanneOwnWords,
  },
  /** Breathlessness "Very much", everything else mild: basic, and urgent review today. */
  palliativeUrgentBasic: pal({ c4: 4, c7: 2, c15: 4, contact_wish: ['nurse'] }),
  /** "Very much" low, everything else "Not at all", no help wanted: basic (a problem at its worst) and urgent (depression at its worst). */
  rehabilitationDepressedOnly: rehab({ depressed: 4, overall_quality_of_life: 4 }),
  rehabilitationBasic: rehab({ tired: 3, weak: 2, need_rest: 3, help_physical: 'yes' }),
  rehabilitationBasicSeveral: rehab({ tense: 3, worry: 3, irritable: 2, depressed: 2, numbness: 3, help_psychological: 'yes', help_late_effects: 'yes' }),
}) satisfies Record<string, Answers>;

export interface DemoSeedResult {
  users: typeof DEMO_USERS;
  /** False when the demo data was already there (only a new walkthrough invitation was made). */
  created: boolean;
  patients: { name: string; externalId: string; story: string }[];
  /** A fresh invitation to answer as the patient during the walkthrough. */
  walkthrough: { patientName: string; url: string; expiresAt: string };
}

interface DemoPatient {
  externalId: string;
  name: string;
  story: string;
}

const PATIENTS = {
  karen: { externalId: 'DEMO-1001', name: 'Karen Jensen', story: 'specialized with urgent review and own words, open: three responses over six weeks (history charts, pain worse since last time)' },
  ole: { externalId: 'DEMO-1002', name: 'Ole Hansen', story: 'specialized (he and, as he sees it, his wife cannot cope), referred: waiting in the palliative team queue' },
  birgit: { externalId: 'DEMO-1003', name: 'Birgit Nielsen', story: 'basic, open; in palliative follow-up every 14 days: one questionnaire missed, one answered by phone, one open' },
  poul: { externalId: 'DEMO-1004', name: 'Poul Andersen', story: 'rehabilitation, basic, referred and returned by the team with a reason' },
  jens: { externalId: 'DEMO-1005', name: 'Jens Madsen', story: 'rehabilitation, basic, open; in the rehabilitation programme: the start missed, next at 3 months' },
  inge: { externalId: 'DEMO-1006', name: 'Inge Larsen', story: 'no need found, open' },
  peter: { externalId: 'DEMO-1007', name: 'Peter Sørensen', story: 'invited 5 days ago, has not answered (call)' },
  anna: { externalId: 'DEMO-1008', name: 'Anna Christensen', story: 'invitation expired without an answer' },
  hanne: { externalId: 'DEMO-1010', name: 'Hanne Pedersen', story: 'answered nothing but wrote in her own words: basic (own words, and too little answered: ask why), open, must be opened before deciding' },
  lars: { externalId: 'DEMO-1011', name: 'Lars Mikkelsen', story: 'breathless "Very much": basic with urgent review, open' },
  erik: { externalId: 'DEMO-1012', name: 'Erik Thomsen', story: 'rehabilitation, "Very much" low and nothing else: basic with urgent review (depression at its worst), open' },
  mette: { externalId: 'DEMO-1009', name: 'Mette Poulsen', story: 'invited now: answer as her in the walkthrough' },
} satisfies Record<string, DemoPatient>;

/** Creates the demo users (unless there), or returns the existing ones. */
async function ensureDemoUsers(ctx: ServiceContext): Promise<{ created: boolean; actors: Record<Role, StaffActor> }> {
  const actors = {} as Record<Role, StaffActor>;
  let created = false;
  for (const u of DEMO_USERS) {
    const existing = await findStaffUserByUsername(ctx.db, u.username);
    if (existing) {
      actors[u.role] = { type: 'staff', id: existing.id, username: existing.username, role: existing.role };
      continue;
    }
    // The services' user creation insists on 12+ character passwords; demo users are deliberately
    // trivial, so they are inserted here with the same hashing and audit, marked demo.
    const id = ctx.newId();
    const now = ctx.now();
    const passwordHash = await hashPassword(u.password, ctx.settings.passwordHashing);
    await transaction(ctx.db, async (tx) => {
      // Units (issue 24): the default ward, or the default palliative team; the demo admin administers every unit.
      await insertStaffUser(tx, { id, username: u.username, password_hash: passwordHash, role: u.role, created_at: now.toISOString(), site_admin: u.role === 'admin' ? 1 : 0 });
      await setUserUnits(tx, id, (await defaultUnitsFor(tx, u.role)) ?? []);
      await recordAudit(tx, null, now, { action: 'staff_user.created', entityType: 'staff_user', entityId: id, details: { username: u.username, role: u.role, demo: true } });
    });
    actors[u.role] = { type: 'staff', id, username: u.username, role: u.role };
    created = true;
  }
  return { created, actors };
}

/** `lang`: the language of the demo's free texts (own words, notes, referral and return texts); Danish unless asked. */
export async function seedDemo(ctx: ServiceContext, { baseUrl, lang = 'da' }: { baseUrl: string; lang?: DemoLang }): Promise<DemoSeedResult> {
  const { actors } = await ensureDemoUsers(ctx);
  const DEMO_ANSWERS = demoAnswers(lang);
  const text = DEMO_TEXT[lang];
  const nurse = actors.nurse;
  const team = actors.palliative_team;
  const start = ctx.now().getTime();
  /** The same services on a clock `days` days from now (negative: in the past), so ages and waiting days are exact. */
  const at = (days: number): ServiceContext => {
    const fixed = new Date(start + days * DAY_MS);
    return { ...ctx, now: () => fixed };
  };

  const already = (await findPatients(ctx, nurse, PATIENTS.karen.externalId)).find((p) => p.externalId === PATIENTS.karen.externalId);
  const ids: Partial<Record<keyof typeof PATIENTS, string>> = {};
  if (already) {
    const mette = (await findPatients(ctx, nurse, PATIENTS.mette.externalId)).find((p) => p.externalId === PATIENTS.mette.externalId);
    ids.mette = mette?.id ?? (await createPatient(ctx, nurse, PATIENTS.mette)).id;
  } else {
    for (const [key, p] of Object.entries(PATIENTS) as [keyof typeof PATIENTS, DemoPatient][]) {
      ids[key] = (await createPatient(at(-50), nurse, { externalId: p.externalId, name: p.name })).id;
    }

    /** Invites on day `invitedDay`, answers on day `answeredDay`; returns the flag the response raised. */
    const answer = async (who: keyof typeof PATIENTS, questionnaireId: string, trigger: Parameters<typeof createInvitation>[2]['trigger'], invitedDay: number, answeredDay: number, answers: Answers) => {
      const invitation = await createInvitation(at(invitedDay), nurse, { patientId: ids[who]!, questionnaireId, trigger }, baseUrl);
      const { responseId } = await submitResponse(at(answeredDay), invitation.token, { id: randomUUID(), answers, locale: lang });
      const { items } = await listFlags(ctx, nurse, { statuses: ['open'], limit: 1000 });
      const flag = items.find((f) => f.responseId === responseId);
      if (!flag) throw new Error(`No open flag for the demo response of ${PATIENTS[who].name}`);
      return flag.id;
    };

    // Karen: no need six weeks ago, a basic-level plan two weeks ago, now specialized.
    const k1 = await answer('karen', 'palliative-needs', 'first_conversation', -42, -41, DEMO_ANSWERS.palliativeNone);
    await decideFlag(at(-40), nurse, k1, { action: 'no_action', note: text.karenNoAction });
    const k2 = await answer('karen', 'palliative-needs', 'status_conversation', -15, -14, DEMO_ANSWERS.palliativeBasic);
    await decideFlag(at(-13), nurse, k2, {
      action: 'basic', note: text.karenPlan,
      responsible: text.karenResponsible, nextEvaluation: isoDay(start - 1 * DAY_MS),
    });
    await answer('karen', 'palliative-needs', 'deterioration', -3, -2, DEMO_ANSWERS.palliativeSpecialized);

    // Ole: the patient and his wife cannot cope; referred four days ago, waiting for the team.
    const o = await answer('ole', 'palliative-needs', 'admission', -6, -5, DEMO_ANSWERS.palliativeCannotCope);
    await decideFlag(at(-4), nurse, o, {
      action: 'refer', note: text.oleNote,
      referralText: text.oleReferral,
    });

    // Poul: a basic-level flag the nurse referred anyway; the team sent it back: these needs belong with the municipality.
    const p = await answer('poul', 'rehabilitation-needs', 'intervention_follow_up', -10, -9, DEMO_ANSWERS.rehabilitationBasicSeveral);
    await decideFlag(at(-8), nurse, p, { action: 'refer', note: '', referralText: text.poulReferral });
    const [poulReferral] = (await listReferrals(ctx, team, { status: 'pending' })).filter((r) => r.patient.externalId === PATIENTS.poul.externalId);
    if (poulReferral) {
      await decideReferral(at(-6), team, poulReferral.id, {
        action: 'return',
        reason: text.poulReturn,
      });
    }

    await answer('birgit', 'palliative-needs', 'status_conversation', -5, -4, DEMO_ANSWERS.palliativeBasic);
    await answer('jens', 'rehabilitation-needs', 'sector_transition', -2, -1, DEMO_ANSWERS.rehabilitationBasic);
    await answer('inge', 'palliative-needs', 'first_conversation', -2, -1, DEMO_ANSWERS.palliativeNone);
    await answer('hanne', 'palliative-needs', 'status_conversation', -2, -1, DEMO_ANSWERS.palliativeOwnWordsOnly);
    await answer('lars', 'palliative-needs', 'deterioration', -1, 0, DEMO_ANSWERS.palliativeUrgentBasic);
    await answer('erik', 'rehabilitation-needs', 'intervention_follow_up', -3, -1, DEMO_ANSWERS.rehabilitationDepressedOnly);

    // Programmes (issue 25), made by the scheduler on the backdated clock: Birgit in palliative
    // follow-up for 33 days (the first questionnaire missed, the second answered over the phone,
    // the third open), Jens in rehabilitation for 49 days (the start missed; the next at 3 months).
    await enrol(at(-33), nurse, ids.birgit!, { programmeId: 'palliative-follow-up', startDate: isoDay(start - 33 * DAY_MS) });
    await enrol(at(-49), nurse, ids.jens!, { programmeId: 'rehabilitation', startDate: isoDay(start - 49 * DAY_MS) });
    await makeDueOccurrences(at(-19));
    const phone = await recordStaffResponse(at(-18), nurse, ids.birgit!, staffResponseSchema.parse({
      id: randomUUID(), questionnaireId: 'palliative-needs', mode: 'assisted', answers: DEMO_ANSWERS.palliativeNone, trigger: 'status_conversation', locale: lang,
    }));
    if (phone.flagId) await decideFlag(at(-17), nurse, phone.flagId, { action: 'no_action', note: text.birgitPhone });
    await makeDueOccurrences(at(-5));

    // Non-responders: one open for five days, one expired.
    await createInvitation(at(-5), nurse, { patientId: ids.peter!, questionnaireId: 'palliative-needs', trigger: 'sector_transition' }, baseUrl);
    await createInvitation(at(-20), nurse, { patientId: ids.anna!, questionnaireId: 'palliative-needs', trigger: 'diagnosis' }, baseUrl);
  }

  const walk = await createInvitation(ctx, nurse, { patientId: ids.mette!, questionnaireId: 'palliative-needs', trigger: 'status_conversation' }, baseUrl);
  return {
    users: DEMO_USERS,
    created: !already,
    patients: Object.values(PATIENTS),
    walkthrough: { patientName: PATIENTS.mette.name, url: walk.url, expiresAt: walk.expiresAt },
  };
}

function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

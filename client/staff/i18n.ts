/** Danish and English UI text. Pure: no React, no DOM. The Danish table must have every English key (the type checks it). */
import {
  LOCALES, type DecisionAction, type FlagOutcome, type FlagStatus, type Level, type Locale, type Localized, type ReferralStatus, type Role, type ScaleKind, type Trigger,
} from '../../server/contract/codes.js';
import type { SurveyText } from '../../server/contract/responses.js';

/** The staff app speaks the contract's locales. */
export type Lang = Locale;
export const LANGS: readonly Lang[] = LOCALES;

const en = {
  appName: 'Lindring',
  staffSubtitle: 'staff',
  skipToContent: 'Skip to content',
  language: 'Language',
  switchLanguage: 'Dansk',
  switchLanguageLabel: 'Skift til dansk',
  loading: 'Loading…',
  updatedAt: 'Updated {time}',
  refresh: 'Refresh',
  error: 'Something went wrong: {message}',
  notAllowed: 'You do not have access to this page.',
  notFound: 'Page not found.',
  back: 'Back',
  save: 'Save',
  cancel: 'Cancel',
  days: '{n} days',
  day: '1 day',
  today: 'today',
  daysAgo: '{n} days ago',
  dayAgo: '1 day ago',
  none: 'none',

  // login
  loginTitle: 'Log in',
  username: 'User name',
  password: 'Password',
  loginButton: 'Log in',
  loginFailed: 'Wrong user name or password.',
  loginRateLimited: 'Too many attempts. Wait a moment and try again.',
  sessionExpired: 'Your session has expired. Please log in again.',
  loggedInAs: 'Logged in as {name} ({role})',
  logout: 'Log out',

  // navigation
  navMain: 'Main menu',
  navWorklist: 'Worklist',
  navPatients: 'Patients and invitations',
  navInvitations: 'Invitations',
  navReferrals: 'Referrals',
  navAdmin: 'Audit log',
  navSettings: 'Settings',

  // decision support disclaimer
  decisionSupport: "The proposed level is Lindring's decision support, built on the Danish definition of specialized palliation. It is not a national algorithm: you decide.",
  eortcStyle: 'Scores are EORTC-style scores (0-100) from our own wording, not validated QLQ-C30/C15-PAL scores.',

  // worklist
  worklistTitle: 'Worklist',
  worklistIntro: 'Flagged responses, specialized level first, then the oldest.',
  filterLevel: 'Level',
  filterStatus: 'Status',
  filterAll: 'All',
  filterDefault: 'To handle (open and returned)',
  worklistEmpty: 'No flagged responses match the filter.',
  colLevel: 'Proposed level',
  colPatient: 'Patient',
  colQuestionnaire: 'Questionnaire',
  colTrigger: 'Trigger',
  colAge: 'Age',
  colReasons: 'Top reasons',
  colStatus: 'Status',
  moreReasons: '+{n} more',
  worklistShowing: 'Showing {from}–{to} of {total}.',
  worklistPages: 'Pages of the worklist',
  worklistNarrow: 'Filter by level or status to narrow the list.',
  previousPage: 'Previous {n}',
  nextPage: 'Next {n}',
  returnedWithReason: 'Returned by the palliative team: {reason}',
  openResponse: 'Open response from {name}',

  // detail
  detailTitle: 'Response from {name}',
  submitted: 'Submitted {date}',
  proposedLevel: 'Proposed level',
  agendaTitle: 'What matters most to talk about',
  agendaEmpty: 'The patient did not choose a topic.',
  freeTextTitle: "The patient's own words",
  contactWish: 'Wants to be contacted: {who}',
  openFullResponse: 'Open the full response',
  reasonsTitle: 'Why this level was proposed',
  noReasons: 'No rule fired: no need was found.',
  becauseAnswer: '“{question}”: {answer}',
  becauseScale: '{scale}: {score} ({comparison} the threshold {threshold})',
  below: 'below',
  atOrAbove: 'at or above',
  scalesTitle: 'Scores (0-100)',
  scaleWorseLeft: 'lower is worse',
  scaleWorseRight: 'higher is worse',
  scaleNoAnswers: 'not enough answers',
  scaleNeed: 'need',
  scaleNoNeed: 'no need',
  scaleNoThreshold: 'no threshold',
  threshold: 'threshold {value}',
  thresholdSource: 'Threshold source: {source}',
  scaleBarLabel: '{scale}: {score} of 100, {worse}. {thresholdText}. {need}.',
  historyTitle: 'Scores over time',
  historyEmpty: 'No earlier responses from this patient yet.',
  historyChartLabel: '{scale} over time: {points}',
  allAnswersTitle: 'All answers',
  noAnswer: 'no answer',
  returnedTitle: 'Returned by the palliative team',
  referralTitle: 'Referral',
  referralStatus: 'Referral status: {status}',

  // decision
  decisionTitle: 'Your decision',
  decisionDone: 'Decided {date}: {action}',
  actionBasic: 'Handle at the basic level (plan)',
  actionRefer: 'Refer to the specialized level',
  actionNoAction: 'No action',
  responsible: 'Responsible',
  responsibleHelp: 'Who follows up, e.g. "Home nurse Anna Jensen, Aarhus Kommune".',
  nextEvaluation: 'Next evaluation',
  notePlan: 'Plan: what happens and when',
  noteRefer: 'Note for the record',
  noteNoAction: 'Why no action is needed',
  referralText: 'Referral text (pre-filled from the PRO summary, edit as needed)',
  submitDecision: 'Save decision',
  decisionSaved: 'Decision saved.',
  needNote: 'Write a note.',
  needResponsible: 'Name who is responsible.',
  needNextEvaluation: 'Choose the date of the next evaluation.',
  needReferralText: 'Write the referral text.',
  printPlan: 'Individual plan (print)',
  decisionNote: 'Note',

  // referral text
  referralHeading: 'Referral to specialized palliative care',
  referralPatient: 'Patient: {name} ({externalId})',
  referralQuestionnaire: 'PRO: {questionnaire}, answered {date} (trigger: {trigger})',
  referralProposed: "Proposed level (Lindring's decision support): {level}",
  referralReasons: 'Reasons:',
  referralNeeds: 'Scores at or past the threshold:',
  referralAgenda: 'What matters most to the patient:',
  referralOwnWords: "In the patient's own words:",

  // team queue
  referralsTitle: 'Referrals to the palliative team',
  referralsIntro: 'Pending referrals, the longest waiting first.',
  referralsEmpty: 'No pending referrals.',
  waiting: 'Waiting {days}',
  referredAt: 'Referred {date}',
  proSummary: 'PRO summary',
  accept: 'Accept',
  returnToBasic: 'Return to the basic level',
  returnReason: 'Reason (required when returning to the basic level)',
  acceptNote: 'Note (optional)',
  needReturnReason: 'Write why the referral goes back to the basic level.',
  referralAccepted: 'Referral from {name} accepted.',
  referralReturned: 'Referral from {name} returned to the basic level.',

  // patients and invitations
  patientsTitle: 'Patients and invitations',
  findPatient: 'Find a patient',
  searchLabel: 'Name or patient ID',
  search: 'Search',
  noPatients: 'No patient found.',
  newPatient: 'New patient',
  externalId: 'Patient ID (e.g. CPR or record number)',
  name: 'Name',
  createPatient: 'Create patient',
  patientCreated: 'Patient {name} created.',
  email: 'E-mail (optional, for reminders)',
  mobile: 'Mobile number (optional, for reminders)',
  mobileHelp: 'E.g. +4520304050, or eight digits for a Danish number.',
  duplicatePatient: 'A patient with this ID already exists.',
  choose: 'Choose',
  chosen: 'Chosen',
  inviteTitle: 'Invite {name} to answer',
  questionnaire: 'Questionnaire',
  trigger: 'Why now (trigger)',
  createInvitation: 'Create invitation',
  invitationLink: 'Link for the patient',
  copyLink: 'Copy link',
  copied: 'Copied',
  copyFailed: 'Could not copy: select the link and copy it by hand.',
  qrHelp: "Scan the code with the patient's tablet to open the questionnaire.",
  qrAlt: 'QR code for the invitation link',
  expires: 'Expires {date}',

  invitationsTitle: 'Invitations',
  invitationsIntro: 'Patients who have not answered yet are the ones who most need a call.',
  tabOpen: 'Not answered yet',
  tabExpired: 'Expired without an answer',
  tabAnswered: 'Answered',
  invitationsEmpty: 'No invitations here.',
  colSent: 'Sent',
  colExpires: 'Expires',
  colAnswered: 'Answered',
  callPatient: 'Call the patient',
  colReminders: 'Reminders',
  remindersSent: '{n} sent',
  lastReminder: 'last {date}',
  channelSmtp: 'e-mail',
  channelWebhook: 'text message',
  noChannel: 'no reminders (no channel)',

  // plan
  planTitle: 'Individual plan',
  planFor: 'For {name} ({externalId})',
  planPurpose: 'Purpose',
  planPurposeText: 'To help with what matters most to you now, based on the questionnaire you answered on {date}.',
  planNeeds: 'What you told us',
  planResponsible: 'Who is responsible',
  planWhat: 'What happens and when',
  planNextEvaluation: 'Next evaluation',
  planContact: 'How you get in touch',
  planContactPhone: 'If it is urgent, call {site} on {phone}{hours}. In an emergency, call 112.',
  planContactNoPhone: 'If it is urgent, call the person responsible for your plan. In an emergency, call 112.',
  planContactHelp: 'The phone number and hours come from the settings.',
  planNotDecided: 'There is no decision for this response yet.',
  planNotBasic: 'This response was not handled with a basic-level plan.',
  planReferred: 'You have been referred to the palliative team. They will contact you.',
  planNoAction: 'No further action was decided.',
  print: 'Print',
  notSet: 'not set',

  // admin
  auditTitle: 'Audit log',
  auditEmpty: 'No entries.',
  colWhen: 'When',
  colWho: 'Who',
  colAction: 'Action',
  colEntity: 'Entity',
  usersTitle: 'Staff users',
  newUser: 'New staff user',
  role: 'Role',
  createUser: 'Create user',
  userCreated: 'User {name} created.',
  passwordHelp: 'At least 12 characters.',
  colCreated: 'Created',

  // settings (site settings, admin)
  settingsTitle: 'Settings',
  settingsIntro: 'What patients see on their page and on the printed plan, and how long a response may wait. Every change is written to the audit log.',
  settingsSite: 'The site',
  settingsSiteName: 'Name of the site',
  settingsPhone: 'Phone number patients call when it is urgent',
  settingsPhoneHelp: 'Shown on the first page of the questionnaire, beside free-text questions, after sending and on the printed plan.',
  settingsHoursDa: 'When the phone is answered (Danish)',
  settingsHoursEn: 'When the phone is answered (English)',
  settingsHoursHelp: 'E.g. "hverdage kl. 8-15" and "weekdays 8 am to 3 pm".',
  settingsDeadlines: 'Deadlines for handling a response',
  settingsDeadlineUrgent: 'Urgent review',
  settingsDeadlineSpecialized: 'Specialized level',
  settingsDeadlineBasic: 'Basic level',
  settingsDeadlineNone: 'No need found',
  settingsDurationHelp: 'ISO 8601 durations: PT30M is 30 minutes, PT24H 24 hours, P2D 2 days, P1W 1 week.',
  settingsFollowUp: 'Reminders and escalation',
  settingsReminders: 'Reminders to patients who have not answered',
  settingsRemindersHelp: 'Durations after the invitation, separated by commas, earliest first, e.g. P3D, P7D. Empty: no reminders.',
  settingsEscalation: 'Who is told of overdue responses',
  settingsEscalationHelp: 'An e-mail address, or what the notification gateway expects. Empty: nobody.',
  settingsSaved: 'The settings are saved.',
  settingsInvalid: 'The settings were not saved. See the marked fields.',
  problemPhone: 'Write a phone number: 3 to 20 characters of digits, spaces and hyphens, with an optional + first.',
  problemDuration: 'Write a duration such as PT24H, P2D or P1W (from PT1M to P366D).',
  problemReminders: 'Write durations such as P3D, P7D, separated by commas, earliest first.',
  problemRequired: 'Fill in this field.',
  problemInvalid: 'Check this field ({message}).',
  phoneMissing: 'No phone number for urgent calls has been set. Until it is, patients are told to call their contact person or 112.',
  phoneMissingAdmin: 'Set it in the settings',
  // the closed loop: owner, deadline, Overview (issue 11)
  navOverview: 'Overview',
  colOwner: 'Owner and deadline',
  ownerMine: 'Mine',
  ownerNone: 'unowned',
  overdueFor: 'Overdue {duration}',
  dueAt: 'Due {date}',
  closedAt: 'Closed {date}: {outcome}',
  acknowledgedAt: 'Acknowledged {date}',
  durationMinutes: '{n} min',
  durationHours: '{n} h',
  durationDays: '{n} d',
  ownershipTitle: 'Owner and deadline',
  ownerLabel: 'Owner',
  takeFlag: "Take it (I'll handle it)",
  releaseFlag: 'Release',
  assignTo: 'Assign to…',
  assignButton: 'Assign',
  closeFlagTitle: 'Close with an outcome',
  outcomeLabel: 'Outcome',
  outcomeNoteLabel: 'Note',
  outcomeNoteRequired: 'Note (required: why no action)',
  closeFlagButton: 'Close',
  reopenReason: 'Reason for reopening',
  reopenFlagButton: 'Reopen',
  overviewTitle: 'Overview',
  overviewIntro: 'Are flags handled in time? Shares and medians cover flags created in the last 30 days.',
  ovOverdueNow: 'Overdue now',
  ovDueToday: 'Due today',
  ovUnowned: 'Without an owner',
  ovClosedWithinDeadline: 'Closed within the deadline',
  ovMedianFirstAction: 'Median time to first action',
  ovMedianClose: 'Median time to closing',
  ovFlagsPer100: 'Flags per 100 responses',
  ovFailedMessages: 'Messages that could not be sent',
  ovNoData: 'no data yet',
  hoursValue: '{n} h',
  percentValue: '{n} %',
};

export type MessageKey = keyof typeof en;
type Messages = Record<MessageKey, string>;

const da: Messages = {
  appName: 'Lindring',
  staffSubtitle: 'personale',
  skipToContent: 'Gå til indhold',
  language: 'Sprog',
  switchLanguage: 'English',
  switchLanguageLabel: 'Switch to English',
  loading: 'Henter…',
  updatedAt: 'Opdateret {time}',
  refresh: 'Opdatér',
  error: 'Noget gik galt: {message}',
  notAllowed: 'Du har ikke adgang til denne side.',
  notFound: 'Siden findes ikke.',
  back: 'Tilbage',
  save: 'Gem',
  cancel: 'Annullér',
  days: '{n} dage',
  day: '1 dag',
  today: 'i dag',
  daysAgo: 'for {n} dage siden',
  dayAgo: 'for 1 dag siden',
  none: 'ingen',

  loginTitle: 'Log ind',
  username: 'Brugernavn',
  password: 'Adgangskode',
  loginButton: 'Log ind',
  loginFailed: 'Forkert brugernavn eller adgangskode.',
  loginRateLimited: 'For mange forsøg. Vent lidt, og prøv igen.',
  sessionExpired: 'Din session er udløbet. Log ind igen.',
  loggedInAs: 'Logget ind som {name} ({role})',
  logout: 'Log ud',

  navMain: 'Hovedmenu',
  navWorklist: 'Arbejdsliste',
  navPatients: 'Patienter og invitationer',
  navInvitations: 'Invitationer',
  navReferrals: 'Henvisninger',
  navAdmin: 'Auditlog',
  navSettings: 'Indstillinger',

  decisionSupport: 'Det foreslåede niveau er Lindrings beslutningsstøtte, bygget på den danske definition af specialiseret palliation. Det er ikke en national algoritme: du træffer beslutningen.',
  eortcStyle: 'Scorerne er EORTC-lignende scorer (0-100) fra vores egen formulering, ikke validerede QLQ-C30/C15-PAL-scorer.',

  worklistTitle: 'Arbejdsliste',
  worklistIntro: 'Besvarelser med behov, specialiseret niveau først, derefter de ældste.',
  filterLevel: 'Niveau',
  filterStatus: 'Status',
  filterAll: 'Alle',
  filterDefault: 'Til behandling (åbne og returnerede)',
  worklistEmpty: 'Ingen besvarelser passer til filteret.',
  colLevel: 'Foreslået niveau',
  colPatient: 'Patient',
  colQuestionnaire: 'Spørgeskema',
  colTrigger: 'Anledning',
  colAge: 'Alder',
  colReasons: 'Vigtigste årsager',
  colStatus: 'Status',
  moreReasons: '+{n} flere',
  worklistShowing: 'Viser {from}–{to} af {total}.',
  worklistPages: 'Sider i arbejdslisten',
  worklistNarrow: 'Filtrér på niveau eller status for at afgrænse listen.',
  previousPage: 'Forrige {n}',
  nextPage: 'Næste {n}',
  returnedWithReason: 'Returneret af det palliative team: {reason}',
  openResponse: 'Åbn besvarelsen fra {name}',

  detailTitle: 'Besvarelse fra {name}',
  submitted: 'Indsendt {date}',
  proposedLevel: 'Foreslået niveau',
  agendaTitle: 'Det vigtigste at tale om',
  agendaEmpty: 'Patienten valgte ikke et emne.',
  freeTextTitle: 'Patientens egne ord',
  contactWish: 'Ønsker at blive kontaktet: {who}',
  openFullResponse: 'Åbn hele besvarelsen',
  reasonsTitle: 'Hvorfor dette niveau blev foreslået',
  noReasons: 'Ingen regel slog til: der blev ikke fundet behov.',
  becauseAnswer: '“{question}”: {answer}',
  becauseScale: '{scale}: {score} ({comparison} grænsen {threshold})',
  below: 'under',
  atOrAbove: 'på eller over',
  scalesTitle: 'Scorer (0-100)',
  scaleWorseLeft: 'lavere er værre',
  scaleWorseRight: 'højere er værre',
  scaleNoAnswers: 'for få svar',
  scaleNeed: 'behov',
  scaleNoNeed: 'intet behov',
  scaleNoThreshold: 'ingen grænse',
  threshold: 'grænse {value}',
  thresholdSource: 'Kilde til grænsen: {source}',
  scaleBarLabel: '{scale}: {score} af 100, {worse}. {thresholdText}. {need}.',
  historyTitle: 'Scorer over tid',
  historyEmpty: 'Endnu ingen tidligere besvarelser fra denne patient.',
  historyChartLabel: '{scale} over tid: {points}',
  allAnswersTitle: 'Alle svar',
  noAnswer: 'ikke besvaret',
  returnedTitle: 'Returneret af det palliative team',
  referralTitle: 'Henvisning',
  referralStatus: 'Henvisningens status: {status}',

  decisionTitle: 'Din beslutning',
  decisionDone: 'Besluttet {date}: {action}',
  actionBasic: 'Håndteres på basalt niveau (plan)',
  actionRefer: 'Henvis til specialiseret niveau',
  actionNoAction: 'Ingen handling',
  responsible: 'Ansvarlig',
  responsibleHelp: 'Hvem følger op, fx "Hjemmesygeplejerske Anna Jensen, Aarhus Kommune".',
  nextEvaluation: 'Næste evaluering',
  notePlan: 'Plan: hvad sker der og hvornår',
  noteRefer: 'Notat til journalen',
  noteNoAction: 'Hvorfor der ikke er brug for handling',
  referralText: 'Henvisningstekst (udfyldt fra PRO-resuméet, ret efter behov)',
  submitDecision: 'Gem beslutning',
  decisionSaved: 'Beslutningen er gemt.',
  needNote: 'Skriv et notat.',
  needResponsible: 'Angiv hvem der er ansvarlig.',
  needNextEvaluation: 'Vælg dato for næste evaluering.',
  needReferralText: 'Skriv henvisningsteksten.',
  printPlan: 'Individuel plan (udskriv)',
  decisionNote: 'Notat',

  referralHeading: 'Henvisning til specialiseret palliativ indsats',
  referralPatient: 'Patient: {name} ({externalId})',
  referralQuestionnaire: 'PRO: {questionnaire}, besvaret {date} (anledning: {trigger})',
  referralProposed: 'Foreslået niveau (Lindrings beslutningsstøtte): {level}',
  referralReasons: 'Årsager:',
  referralNeeds: 'Scorer på eller over grænsen:',
  referralAgenda: 'Det vigtigste for patienten:',
  referralOwnWords: 'Med patientens egne ord:',

  referralsTitle: 'Henvisninger til det palliative team',
  referralsIntro: 'Ventende henvisninger, længst ventende først.',
  referralsEmpty: 'Ingen ventende henvisninger.',
  waiting: 'Venter {days}',
  referredAt: 'Henvist {date}',
  proSummary: 'PRO-resumé',
  accept: 'Acceptér',
  returnToBasic: 'Returnér til basalt niveau',
  returnReason: 'Begrundelse (skal udfyldes ved returnering til basalt niveau)',
  acceptNote: 'Notat (valgfrit)',
  needReturnReason: 'Skriv hvorfor henvisningen går tilbage til basalt niveau.',
  referralAccepted: 'Henvisningen af {name} er accepteret.',
  referralReturned: 'Henvisningen af {name} er returneret til basalt niveau.',

  patientsTitle: 'Patienter og invitationer',
  findPatient: 'Find en patient',
  searchLabel: 'Navn eller patient-id',
  search: 'Søg',
  noPatients: 'Ingen patient fundet.',
  newPatient: 'Ny patient',
  externalId: 'Patient-id (fx CPR- eller journalnummer)',
  name: 'Navn',
  createPatient: 'Opret patient',
  patientCreated: 'Patienten {name} er oprettet.',
  email: 'E-mail (valgfri, til påmindelser)',
  mobile: 'Mobilnummer (valgfrit, til påmindelser)',
  mobileHelp: 'Fx +4520304050 eller otte cifre for et dansk nummer.',
  duplicatePatient: 'Der findes allerede en patient med dette id.',
  choose: 'Vælg',
  chosen: 'Valgt',
  inviteTitle: 'Invitér {name} til at svare',
  questionnaire: 'Spørgeskema',
  trigger: 'Hvorfor nu (anledning)',
  createInvitation: 'Opret invitation',
  invitationLink: 'Link til patienten',
  copyLink: 'Kopiér link',
  copied: 'Kopieret',
  copyFailed: 'Kunne ikke kopiere: markér linket, og kopiér det selv.',
  qrHelp: 'Scan koden med patientens tablet for at åbne spørgeskemaet.',
  qrAlt: 'QR-kode til invitationslinket',
  expires: 'Udløber {date}',

  invitationsTitle: 'Invitationer',
  invitationsIntro: 'Patienter, der endnu ikke har svaret, er dem, der har mest brug for et opkald.',
  tabOpen: 'Ikke besvaret endnu',
  tabExpired: 'Udløbet uden svar',
  tabAnswered: 'Besvaret',
  invitationsEmpty: 'Ingen invitationer her.',
  colSent: 'Sendt',
  colExpires: 'Udløber',
  colAnswered: 'Besvaret',
  callPatient: 'Ring til patienten',
  colReminders: 'Påmindelser',
  remindersSent: '{n} sendt',
  lastReminder: 'senest {date}',
  channelSmtp: 'e-mail',
  channelWebhook: 'sms',
  noChannel: 'ingen påmindelser (ingen kanal)',

  planTitle: 'Individuel plan',
  planFor: 'Til {name} ({externalId})',
  planPurpose: 'Formål',
  planPurposeText: 'At hjælpe med det, der betyder mest for dig nu, ud fra det spørgeskema, du besvarede {date}.',
  planNeeds: 'Det du fortalte os',
  planResponsible: 'Hvem er ansvarlig',
  planWhat: 'Hvad sker der og hvornår',
  planNextEvaluation: 'Næste evaluering',
  planContact: 'Sådan kontakter du os',
  planContactPhone: 'Hvis det haster, så ring til {site} på {phone}{hours}. Ved akut behov: ring 112.',
  planContactNoPhone: 'Hvis det haster, så ring til den ansvarlige for din plan. Ved akut behov: ring 112.',
  planContactHelp: 'Telefonnummer og tider kommer fra indstillingerne.',
  planNotDecided: 'Der er endnu ingen beslutning for denne besvarelse.',
  planNotBasic: 'Denne besvarelse blev ikke håndteret med en plan på basalt niveau.',
  planReferred: 'Du er henvist til det palliative team. De kontakter dig.',
  planNoAction: 'Der blev ikke besluttet yderligere handling.',
  print: 'Udskriv',
  notSet: 'ikke angivet',

  auditTitle: 'Auditlog',
  auditEmpty: 'Ingen poster.',
  colWhen: 'Hvornår',
  colWho: 'Hvem',
  colAction: 'Handling',
  colEntity: 'Objekt',
  usersTitle: 'Brugere',
  newUser: 'Ny bruger',
  role: 'Rolle',
  createUser: 'Opret bruger',
  userCreated: 'Brugeren {name} er oprettet.',
  passwordHelp: 'Mindst 12 tegn.',
  colCreated: 'Oprettet',

  settingsTitle: 'Indstillinger',
  settingsIntro: 'Det, patienterne ser på deres side og på den udskrevne plan, og hvor længe en besvarelse må vente. Alle ændringer skrives i auditloggen.',
  settingsSite: 'Stedet',
  settingsSiteName: 'Stedets navn',
  settingsPhone: 'Telefonnummer, som patienterne ringer til, når det haster',
  settingsPhoneHelp: 'Vises på spørgeskemaets første side, ved fritekstspørgsmål, efter afsendelse og på den udskrevne plan.',
  settingsHoursDa: 'Hvornår telefonen besvares (dansk)',
  settingsHoursEn: 'Hvornår telefonen besvares (engelsk)',
  settingsHoursHelp: 'F.eks. "hverdage kl. 8-15" og "weekdays 8 am to 3 pm".',
  settingsDeadlines: 'Frister for at behandle en besvarelse',
  settingsDeadlineUrgent: 'Hastende gennemsyn',
  settingsDeadlineSpecialized: 'Specialiseret niveau',
  settingsDeadlineBasic: 'Basalt niveau',
  settingsDeadlineNone: 'Intet behov fundet',
  settingsDurationHelp: 'ISO 8601-varigheder: PT30M er 30 minutter, PT24H 24 timer, P2D 2 dage, P1W 1 uge.',
  settingsFollowUp: 'Påmindelser og eskalering',
  settingsReminders: 'Påmindelser til patienter, der ikke har svaret',
  settingsRemindersHelp: 'Varigheder efter invitationen, adskilt med komma, den tidligste først, f.eks. P3D, P7D. Tomt: ingen påmindelser.',
  settingsEscalation: 'Hvem får besked om besvarelser over fristen',
  settingsEscalationHelp: 'En e-mailadresse, eller det, beskedgatewayen forventer. Tomt: ingen.',
  settingsSaved: 'Indstillingerne er gemt.',
  settingsInvalid: 'Indstillingerne blev ikke gemt. Se de markerede felter.',
  problemPhone: 'Skriv et telefonnummer: 3 til 20 tegn af cifre, mellemrum og bindestreger, evt. med + først.',
  problemDuration: 'Skriv en varighed som PT24H, P2D eller P1W (fra PT1M til P366D).',
  problemReminders: 'Skriv varigheder som P3D, P7D, adskilt med komma, den tidligste først.',
  problemRequired: 'Udfyld feltet.',
  problemInvalid: 'Tjek feltet ({message}).',
  phoneMissing: 'Der er ikke angivet et telefonnummer til opkald, når det haster. Indtil da får patienterne besked om at ringe til deres kontaktperson eller 112.',
  phoneMissingAdmin: 'Angiv det i indstillingerne',
  navOverview: 'Overblik',
  colOwner: 'Ejer og frist',
  ownerMine: 'Min',
  ownerNone: 'ingen ejer',
  overdueFor: 'Forsinket {duration}',
  dueAt: 'Frist {date}',
  closedAt: 'Lukket {date}: {outcome}',
  acknowledgedAt: 'Kvitteret {date}',
  durationMinutes: '{n} min',
  durationHours: '{n} t',
  durationDays: '{n} d',
  ownershipTitle: 'Ejer og frist',
  ownerLabel: 'Ejer',
  takeFlag: 'Tag den (jeg tager mig af den)',
  releaseFlag: 'Slip',
  assignTo: 'Giv til…',
  assignButton: 'Giv',
  closeFlagTitle: 'Luk med et udfald',
  outcomeLabel: 'Udfald',
  outcomeNoteLabel: 'Note',
  outcomeNoteRequired: 'Note (skal udfyldes: hvorfor ingen handling)',
  closeFlagButton: 'Luk',
  reopenReason: 'Begrundelse for genåbning',
  reopenFlagButton: 'Genåbn',
  overviewTitle: 'Overblik',
  overviewIntro: 'Bliver markeringerne håndteret i tide? Andele og medianer gælder markeringer oprettet de seneste 30 dage.',
  ovOverdueNow: 'Forsinkede nu',
  ovDueToday: 'Frist i dag',
  ovUnowned: 'Uden ejer',
  ovClosedWithinDeadline: 'Lukket inden for fristen',
  ovMedianFirstAction: 'Median tid til første handling',
  ovMedianClose: 'Median tid til lukning',
  ovFlagsPer100: 'Markeringer pr. 100 besvarelser',
  ovFailedMessages: 'Beskeder, der ikke kunne sendes',
  ovNoData: 'ingen data endnu',
  hoursValue: '{n} t',
  percentValue: '{n} %',
};

const MESSAGES: Record<Lang, Messages> = { en, da };

/** Every key of the English table, for the completeness test. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];
export function messages(lang: Lang): Messages {
  return MESSAGES[lang];
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A translate function for one language; `{name}` placeholders are filled from `vars`, unknown ones left as they are. */
export function translator(lang: Lang): Translate {
  const table = MESSAGES[lang];
  return (key, vars) => interpolate(table[key], vars);
}

export function interpolate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Our own `{da, en}` text in the chosen language, falling back to the other one. */
export function localized(text: Localized | string | null | undefined, lang: Lang): string {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return text[lang] || text[lang === 'da' ? 'en' : 'da'] || '';
}

/** A SurveyJS localizable string (`{default: English, da: Danish}`) in the chosen language. */
export function surveyText(text: SurveyText | SurveyText[] | null | undefined, lang: Lang): string {
  if (text == null) return '';
  if (Array.isArray(text)) return text.map((t) => surveyText(t, lang)).filter(Boolean).join(', ');
  if (typeof text === 'string') return text;
  return (lang === 'da' ? text.da : text.en ?? text.default) ?? text.default ?? text.da ?? '';
}

const LEVEL_TEXT: Record<Lang, Record<Level, string>> = {
  en: { specialized: 'Specialized', basic: 'Basic', none: 'None' },
  da: { specialized: 'Specialiseret', basic: 'Basalt', none: 'Intet' },
};
export const levelLabel = (level: Level, lang: Lang): string => LEVEL_TEXT[lang][level];

const STATUS_TEXT: Record<Lang, Record<FlagStatus, string>> = {
  en: { open: 'Open', planned_basic: 'Plan at the basic level', referred: 'Referred', no_action: 'No action', returned: 'Returned by the team' },
  da: { open: 'Åben', planned_basic: 'Plan på basalt niveau', referred: 'Henvist', no_action: 'Ingen handling', returned: 'Returneret af teamet' },
};
export const statusLabel = (status: FlagStatus, lang: Lang): string => STATUS_TEXT[lang][status] ?? status;

const REFERRAL_STATUS_TEXT: Record<Lang, Record<ReferralStatus, string>> = {
  en: { pending: 'waiting for the palliative team', accepted: 'accepted by the palliative team', returned: 'returned to the basic level' },
  da: { pending: 'venter på det palliative team', accepted: 'accepteret af det palliative team', returned: 'returneret til basalt niveau' },
};
export const referralStatusLabel = (status: ReferralStatus, lang: Lang): string => REFERRAL_STATUS_TEXT[lang][status] ?? status;

const TRIGGER_TEXT: Record<Lang, Record<Trigger, string>> = {
  en: {
    diagnosis: 'Diagnosis of life-threatening illness',
    sector_transition: 'Sector transition',
    deterioration: 'Marked deterioration',
    intervention_follow_up: 'Follow-up of an intervention',
    first_conversation: 'First conversation',
    status_conversation: 'Status conversation',
    admission: 'Admission',
    relative_concern: 'Relatives see a decline',
    other: 'Other',
  },
  da: {
    diagnosis: 'Diagnose af livstruende sygdom',
    sector_transition: 'Sektorovergang',
    deterioration: 'Markant forværring',
    intervention_follow_up: 'Opfølgning på en indsats',
    first_conversation: 'Første samtale',
    status_conversation: 'Statussamtale',
    admission: 'Indlæggelse',
    relative_concern: 'Pårørende ser en forværring',
    other: 'Andet',
  },
};
export const triggerLabel = (trigger: Trigger, lang: Lang): string => TRIGGER_TEXT[lang][trigger] ?? trigger;

const ROLE_TEXT: Record<Lang, Record<Role, string>> = {
  en: { nurse: 'nurse', palliative_team: 'palliative team', admin: 'administrator' },
  da: { nurse: 'sygeplejerske', palliative_team: 'palliativt team', admin: 'administrator' },
};
export const roleLabel = (role: Role, lang: Lang): string => ROLE_TEXT[lang][role] ?? role;

const ACTION_TEXT: Record<Lang, Record<DecisionAction, string>> = {
  en: { basic: 'handled at the basic level', refer: 'referred to the specialized level', no_action: 'no action' },
  da: { basic: 'håndteres på basalt niveau', refer: 'henvist til specialiseret niveau', no_action: 'ingen handling' },
};
export const actionLabel = (action: DecisionAction, lang: Lang): string => ACTION_TEXT[lang][action] ?? action;

const OUTCOME_TEXT: Record<Lang, Record<FlagOutcome, string>> = {
  en: {
    contacted_phone: 'contacted by phone', seen: 'seen', plan_basic: 'plan at the basic level', referred: 'referred', no_action: 'no action',
    patient_declined: 'the patient declined', patient_died: 'the patient died',
  },
  da: {
    contacted_phone: 'kontaktet telefonisk', seen: 'set', plan_basic: 'plan på basalt niveau', referred: 'henvist', no_action: 'ingen handling',
    patient_declined: 'patienten takkede nej', patient_died: 'patienten er død',
  },
};
export const outcomeLabel = (outcome: FlagOutcome, lang: Lang): string => OUTCOME_TEXT[lang][outcome] ?? outcome;

const KIND_TEXT: Record<Lang, Record<ScaleKind, string>> = {
  en: { functional: 'functioning', symptom: 'symptom', global: 'overall' },
  da: { functional: 'funktion', symptom: 'symptom', global: 'samlet' },
};
export const kindLabel = (kind: ScaleKind, lang: Lang): string => KIND_TEXT[lang][kind] ?? kind;

/** A date (ISO string or YYYY-MM-DD) as a short local date in the chosen language. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatTime(date: Date, lang: Lang): string {
  return date.toLocaleTimeString(lang === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** "today", "1 day ago", "5 days ago". */
export function ageLabel(days: number, t: Translate): string {
  const n = Math.max(0, Math.floor(days));
  if (n === 0) return t('today');
  return n === 1 ? t('dayAgo') : t('daysAgo', { n });
}

/** "1 day", "5 days" (0 days is "0 days"). */
export function daysLabel(days: number, t: Translate): string {
  const n = Math.max(0, Math.floor(days));
  return n === 1 ? t('day') : t('days', { n });
}

/** The patient app's own words (the questionnaire's words come from its file). Plain, short, kind. */
import type { Locale } from '../../server/contract/codes.js';
import type { LinkProblem } from './api.js';

const da = {
  appName: 'Lindring',
  languageLabel: 'Sprog',
  loading: 'Henter spørgeskemaet …',
  autosaveNote: 'Dine svar bliver gemt, mens du svarer. Du kan holde pause og fortsætte senere fra det samme link.',
  welcomeBack: 'Velkommen tilbage – dine svar er gemt',
  unreachableTitle: 'Vi kan ikke få forbindelse lige nu',
  unreachableBody: 'Tjek, at tabletten er på internettet. Vi prøver igen af os selv.',
  tryAgain: 'Prøv igen nu',
  sendingTitle: 'Sender dine svar …',
  notSentTitle: 'Ikke sendt endnu — vi prøver igen',
  notSentBody:
    'Dine svar er gemt på denne tablet. Vi sender dem, så snart der er forbindelse. Du kan lade siden stå åben, eller lukke den og åbne linket igen senere.',
  invalidTitle: 'Nogle svar mangler eller skal rettes',
  invalidBody: 'Gå tilbage gennem siderne og se de markerede spørgsmål. Dine svar er ikke sendt endnu.',
  completionTitle: 'Dine svar er sendt',
  closeNote: 'Du kan nu lukke siden.',
  problemTitle: {
    expired: 'Linket er udløbet',
    answered: 'Spørgeskemaet er allerede besvaret',
    withdrawn: 'Linket er ikke længere i brug',
    unknown: 'Vi kan ikke finde dette link',
  } satisfies Record<LinkProblem, string>,
  problemBody: {
    expired: 'Linket virker kun i en begrænset periode. Ring til din kontaktperson eller afdelingen, så sender de et nyt link, hvis der er brug for det.',
    answered: 'Tak, vi har allerede fået dine svar fra dette link. Du behøver ikke gøre mere. Har du brug for at fortælle os noget nyt, så ring til din kontaktperson.',
    // The patient died or left the service: calm, no reason given (a relative may be the one reading it).
    withdrawn: 'Linket er lukket, og der er ikke flere spørgsmål at svare på her. Du behøver ikke gøre noget. Har du spørgsmål, er du velkommen til at ringe til os.',
    unknown: 'Tjek, at hele linket er skrevet rigtigt, eller brug linket i din besked igen. Virker det stadig ikke, så ring til din kontaktperson.',
  } satisfies Record<LinkProblem, string>,
  blankTitle: 'Du har ikke svaret på:',
  blankBody: 'Du må gerne lade dem stå tomme, eller gå tilbage og svare.',
  blankContinue: 'Fortsæt uden at svare',
  blankAnswer: 'Svar på dem',
  /** A relative's link (issue 13; clinical rules v2, item 19): the questions are about the patient, named by first name only. */
  relativeIntro: (firstName: string) =>
    `Spørgsmålene handler om ${firstName}. Når der står »du«, menes ${firstName}. Svar ud fra, hvordan du tror, ${firstName} har haft det i den seneste uge.`,
  /** The same, shorter, under every page's title (logic/relative-line.ts). */
  relativePageLine: (firstName: string) => `Svar om ${firstName} – som du tror, ${firstName} har det.`,
};

type Texts = typeof da;

const en: Texts = {
  appName: 'Lindring',
  languageLabel: 'Language',
  loading: 'Loading the questionnaire …',
  autosaveNote: 'Your answers are saved as you go. You can take a break and continue later from the same link.',
  welcomeBack: 'Welcome back – your answers are saved',
  unreachableTitle: 'We cannot connect right now',
  unreachableBody: 'Check that the tablet is connected to the internet. We will try again by ourselves.',
  tryAgain: 'Try again now',
  sendingTitle: 'Sending your answers …',
  notSentTitle: 'Not sent yet — we will keep trying',
  notSentBody:
    'Your answers are saved on this tablet. We will send them as soon as there is a connection. You can leave this page open, or close it and open the link again later.',
  invalidTitle: 'Some answers are missing or need a change',
  invalidBody: 'Go back through the pages and look at the marked questions. Your answers have not been sent yet.',
  completionTitle: 'Your answers have been sent',
  closeNote: 'You can close this page now.',
  problemTitle: {
    expired: 'This link has expired',
    answered: 'This questionnaire has already been answered',
    withdrawn: 'This link is no longer in use',
    unknown: 'We cannot find this link',
  },
  problemBody: {
    expired: 'The link only works for a limited time. Call your contact person or the department, and they will send you a new link if needed.',
    answered: 'Thank you, we already have your answers from this link. You do not need to do anything more. If you need to tell us something new, call your contact person.',
    withdrawn: 'The link has been closed, and there are no more questions to answer here. You do not need to do anything. If you have any questions, you are welcome to call us.',
    unknown: 'Check that the whole link is typed correctly, or use the link in your message again. If it still does not work, call your contact person.',
  },
  blankTitle: 'You have not answered:',
  blankBody: 'You may leave them blank, or go back and answer.',
  blankContinue: 'Continue without answering',
  blankAnswer: 'Answer them',
  relativeIntro: (firstName: string) =>
    `The questions are about ${firstName}. Where a question says 'you', it means ${firstName}. Answer the way you think ${firstName} has been in the past week.`,
  relativePageLine: (firstName: string) => `Answer about ${firstName} – as you think ${firstName} feels.`,
};

export const texts: Record<Locale, Texts> = { da, en };

/** Each language's name in itself, for the switch. */
export const languageNames: Record<Locale, string> = { da: 'Dansk', en: 'English' };

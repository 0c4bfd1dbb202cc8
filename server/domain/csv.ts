/**
 * CSV cells a spreadsheet cannot run (OWASP, CSV Injection): Excel, LibreOffice and Google Sheets
 * read a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so an
 * external id, a decision note or a return reason typed as `=HYPERLINK(...)` would run on the
 * analyst's machine. Every text cell of every CSV the server writes goes through `csvText`; numbers
 * (scores) do not, so `-3.5` stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a CSV cell: with a leading `'` when a spreadsheet would read it as a formula. */
export function csvText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A number as a CSV cell, unrounded; empty when missing. Never neutralised: it is not text. */
export function csvNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(Number(value));
}

/**
 * "CSV til Excel (dansk)" (issue 23): what Excel with Danish regional settings opens by a double
 * click: semicolons between cells, a decimal comma, a byte-order mark (else Excel reads UTF-8 as
 * Windows-1252 and "Smerter" survives but "Åndenød" does not), scores to one decimal, Danish
 * headings and words, and times in the clinic's time zone. The machine CSV is unchanged.
 */
export const EXCEL_DA_DELIMITER = ';';

/** A score for Excel (Danish): one decimal, a decimal comma ("33,3"); empty when missing. */
export function excelDaNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return '';
  const rounded = Math.round(Number(value) * 10) / 10;
  return (Object.is(rounded, -0) ? 0 : rounded).toFixed(1).replace('.', ',');
}

/** An instant as Excel (Danish) reads a date and time: "2026-12-05 14:30" in the clinic's time zone; empty when missing. */
export function excelDaTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The machine CSV's columns under Danish headings; a score column is headed by its scale's Danish title. */
export const EXCEL_DA_HEADINGS: Readonly<Record<string, string>> = {
  response_id: 'Besvarelses-id',
  patient_external_id: 'Patient-id',
  questionnaire_id: 'Spørgeskema',
  questionnaire_version: 'Version',
  mode: 'Besvaret',
  trigger: 'Anledning',
  submitted_at: 'Indsendt',
  proposed_level: 'Foreslået niveau',
  urgent: 'Haster',
  decision: 'Beslutning',
  decision_note: 'Notat til beslutning',
  decided_at: 'Besluttet',
  referral_outcome: 'Henvisning',
  referral_reason: 'Teamets begrundelse',
  referral_decided_at: 'Henvisning besvaret',
};

/** Codes in a cell, in Danish words (a code not listed is left as it is). */
export const EXCEL_DA_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  mode: { self: 'selv (link)', assisted: 'med personale', proxy: 'pårørende', paper: 'papir' },
  proposed_level: { none: 'intet', basic: 'basalt', specialized: 'specialiseret' },
  urgent: { true: 'ja', false: 'nej' },
  decision: { basic: 'basalt niveau', refer: 'henvist', no_action: 'ingen handling' },
  referral_outcome: { pending: 'afventer', accepted: 'modtaget', returned: 'sendt retur' },
};

/** A text cell of the Excel (Danish) CSV: the code in Danish words where it has them, neutralised like every text cell. */
export function excelDaText(column: string, value: string): string {
  return csvText(EXCEL_DA_WORDS[column]?.[value] ?? value);
}

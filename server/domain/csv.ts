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

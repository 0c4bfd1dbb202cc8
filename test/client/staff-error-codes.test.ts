/** Every error code the API can send has a Danish and an English text in the staff app (issue 15). */
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../server/contract/errors.js';
import { ERROR_CODE_TEXT, errorCodeText, translator } from '../../client/staff/i18n.js';

const da = translator('da');
const en = translator('en');

describe('the API error codes in the staff app', () => {
  it('has a Danish and an English text for every code in the contract, and none for a code not in it', () => {
    for (const code of API_ERROR_CODES) {
      expect(errorCodeText(code, da).trim(), `da ${code}`).not.toBe('');
      expect(errorCodeText(code, en).trim(), `en ${code}`).not.toBe('');
      expect(errorCodeText(code, da), `da ${code} is translated`).not.toBe(errorCodeText(code, en));
      // A real text, not the fallback that names the code.
      expect(errorCodeText(code, en), code).not.toContain(code);
    }
    expect(Object.keys(ERROR_CODE_TEXT).sort()).toEqual([...API_ERROR_CODES].sort());
  });

  it('says something in the chosen language for a code it does not know', () => {
    expect(errorCodeText('http_502', da)).toBe('Der gik noget galt (http_502). Prøv igen.');
    expect(errorCodeText('http_502', en)).toBe('Something went wrong (http_502). Try again.');
  });

  it('writes the issue\'s example in Danish: no such flag', () => {
    expect(errorCodeText('flag_not_found', da)).toBe('Besvarelsen blev ikke fundet.');
  });
});

/** Issue 21: the second factor's pure rules, against RFC 6238's test vectors (SHA-1, truncated to six digits). */
import { describe, expect, it } from 'vitest';
import {
  acceptedTotpStep, isTotpCode, normaliseRecoveryCode, otpauthUri, RECOVERY_ALPHABET_SIZE, recoveryCodeOf, totpCode, totpSecretOf, totpStep,
} from '../../server/domain/second-factor.js';

// RFC 6238 appendix B: the ASCII secret "12345678901234567890".
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('gives the RFC test vector at %i s: %s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(code);
    expect(acceptedTotpStep(RFC_SECRET, code, seconds * 1000, null)).toBe(totpStep(seconds * 1000));
  });

  it('accepts the code of the step before or after (clock drift), not two steps away', () => {
    const now = 1234567890_000;
    expect(acceptedTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 30_000), now, null)).toBe(totpStep(now) - 1);
    expect(acceptedTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now + 30_000), now, null)).toBe(totpStep(now) + 1);
    expect(acceptedTotpStep(RFC_SECRET, totpCode(RFC_SECRET, now - 60_000), now, null)).toBeNull();
  });

  it('refuses a code at or before the last accepted step (no replay), and a wrong code', () => {
    const now = 1234567890_000;
    const code = totpCode(RFC_SECRET, now);
    expect(acceptedTotpStep(RFC_SECRET, code, now, totpStep(now))).toBeNull();
    expect(acceptedTotpStep(RFC_SECRET, code, now, totpStep(now) + 1)).toBeNull();
    expect(acceptedTotpStep(RFC_SECRET, code, now, totpStep(now) - 1)).toBe(totpStep(now));
    expect(acceptedTotpStep(RFC_SECRET, code === '000000' ? '111111' : '000000', now, null)).toBeNull();
  });

  it('takes a code with spaces as the apps show it', () => {
    expect(isTotpCode('287 082')).toBe(true);
    expect(isTotpCode('28708')).toBe(false);
    expect(isTotpCode('abcde-fghjk')).toBe(false);
    expect(acceptedTotpStep(RFC_SECRET, '287 082', 59_000, null)).toBe(1);
  });

  it('makes a 160-bit base32 secret and the otpauth URI apps read', () => {
    expect(totpSecretOf(new Uint8Array(20).fill(0))).toBe('A'.repeat(32));
    expect(otpauthUri(RFC_SECRET, 'nurse', 'Lindring')).toBe(`otpauth://totp/Lindring:nurse?issuer=Lindring&secret=${RFC_SECRET}&algorithm=SHA1&digits=6&period=30`);
  });
});

describe('recovery codes', () => {
  it('are ten characters without look-alikes, in two groups', () => {
    expect(recoveryCodeOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe('abcde-fghjk');
    expect(recoveryCodeOf(Array(10).fill(RECOVERY_ALPHABET_SIZE - 1))).toBe('99999-99999');
  });

  it('are read in any case, with spaces or hyphens anywhere; anything else is not one', () => {
    expect(normaliseRecoveryCode(' ABCDE FGHJK ')).toBe('abcde-fghjk');
    expect(normaliseRecoveryCode('ab-cde-fg-hjk')).toBe('abcde-fghjk');
    expect(normaliseRecoveryCode('abcde-fghj')).toBeNull();
    expect(normaliseRecoveryCode('abcde-fghj1')).toBeNull(); // 1 is a look-alike, never in a code
    expect(normaliseRecoveryCode('123456')).toBeNull();
  });
});

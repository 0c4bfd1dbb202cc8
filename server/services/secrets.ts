/** Random tokens and their hashes, and staff password hashing (scrypt: memory-hard, in Node's crypto). */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** 256 random bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A new row id: a UUIDv7 (RFC 9562), time-ordered so new rows append to the end of every index
 * that holds it rather than touching a random page; the rest is random.
 */
export function randomId(): string {
  const time = Date.now().toString(16).padStart(12, '0');
  // randomUUID() is xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: keep its random bits after the version digit.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}

/** Tokens are stored only as this hash: a database leak does not leak working links or sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** scrypt's cost parameters; they are stored in each hash, so a hash made with older ones stays verifiable. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB and a few tenths of a
 * second per hash). Node's thread pool runs at most four hashes at once, so at most 512 MiB.
 */
export const OWASP_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

// scrypt needs 128*N*r bytes; Node refuses above `maxmem` (32 MiB by default): allow twice that.
const maxmem = ({ N, r }: ScryptParams) => 256 * N * r;

/** `scrypt$N$r$p$salt$hash`, salt and hash base64. */
export async function hashPassword(password: string, params: ScryptParams = OWASP_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = params;
  const key = await scryptAsync(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: maxmem(params) });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** The parameters a stored hash was made with, or null for a malformed hash. */
export function hashParams(stored: string): ScryptParams | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !hash || ![params.N, params.r, params.p].every((x) => Number.isSafeInteger(x) && x > 0)) return null;
  return params;
}

/** True when the stored hash was made with other parameters than these: re-hash it at the next sign-in. */
export function needsRehash(stored: string, params: ScryptParams): boolean {
  const used = hashParams(stored);
  return !used || used.N !== params.N || used.r !== params.r || used.p !== params.p;
}

/** Constant-time comparison against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = hashParams(stored);
  if (!params) return false;
  const [, , , , salt, hash] = stored.split('$');
  const expected = Buffer.from(hash!, 'base64');
  const key = await scryptAsync(password.normalize('NFC'), Buffer.from(salt!, 'base64'), expected.length, { ...params, maxmem: maxmem(params) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password an admin hands over once: 20 characters without look-alikes (about 100 bits), grouped for reading aloud. */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/** A hash of no one's password: checked against when the username is unknown, so timing does not reveal which usernames exist. */
const decoys = new Map<string, Promise<string>>();
export function decoyPasswordHash(params: ScryptParams = OWASP_SCRYPT): Promise<string> {
  const key = `${params.N}$${params.r}$${params.p}`;
  let decoy = decoys.get(key);
  if (!decoy) decoys.set(key, (decoy = hashPassword(randomToken(), params)));
  return decoy;
}

/**
 * A secret the server must read back (a TOTP secret, issue 21), sealed with AES-256-GCM under
 * LINDRING_TOTP_KEY when one is configured: `aes256gcm$iv$tag$ciphertext` (base64url), so a copy of
 * the database without the key holds no usable secret. Without a key it is stored as is.
 */
const SEALED = 'aes256gcm';
export function sealSecret(plain: string, key: Buffer | undefined): string {
  if (!key) return plain;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [SEALED, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('$');
}

/** The secret behind a stored value: sealed ones need the key they were sealed with (an Error names LINDRING_TOTP_KEY otherwise). */
export function openSecret(stored: string, key: Buffer | undefined): string {
  if (!stored.startsWith(`${SEALED}$`)) return stored;
  if (!key) throw new Error('A TOTP secret is sealed but LINDRING_TOTP_KEY is not set');
  const [, iv, tag, body] = stored.split('$');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body!, 'base64url')), decipher.final()]).toString('utf8');
}

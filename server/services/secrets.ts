/** Random tokens and their hashes, and staff password hashing (scrypt: memory-hard, in Node's crypto). */
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

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

// N=2^15, r=8: 32 MiB and tens of milliseconds per hash (OWASP's scrypt minimum is N=2^17 with r=8,p=1,
// or equivalent memory/time trade-offs; N=2^15 keeps logins quick on small servers).
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

const maxmem = (N: number, r: number) => 256 * N * r;

/** `scrypt$N$r$p$salt$hash`, salt and hash base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const key = await scryptAsync(password.normalize('NFC'), salt, keyLength, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison against a stored hash; false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: maxmem(Number(n), Number(r)) };
  const key = await scryptAsync(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, options);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of no one's password: checked against when the username is unknown, so timing does not reveal which usernames exist. */
let decoy: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomToken());
  return decoy;
}

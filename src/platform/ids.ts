/** Random, unguessable ids: 128 bits from the platform's CSPRNG, base64url (22 characters). */
import { randomBytes } from 'node:crypto';

/**
 * Random bytes are drawn from the CSPRNG a few kilobytes at a time and each
 * byte is used once: one call per id cost more than the id's other work.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

function random(bytes: number): Buffer {
  if (used + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  used += bytes;
  return pool.subarray(used - bytes, used);
}

/**
 * base64url, except that a leading "-" becomes "A": an id that starts like a
 * spreadsheet formula would be altered by the CSV exports' formula guard, and
 * would not survive a round trip through a spreadsheet. (It costs a fraction of a bit.)
 */
const toBase64Url = (bytes: Buffer): string => {
  const text = bytes.toString('base64url');
  return text.startsWith('-') ? `A${text.slice(1)}` : text;
};

export function newId(): string {
  return toBase64Url(random(16));
}

/** Share-link tokens: 256 bits, base64url (43 characters). */
export function newToken(): string {
  return toBase64Url(random(32));
}

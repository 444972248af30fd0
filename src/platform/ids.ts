/** Random, unguessable ids: 128 bits from the platform's CSPRNG, base64url (22 characters). */
/**
 * base64url, except that a leading "-" becomes "A": an id that starts like a
 * spreadsheet formula would be altered by the CSV exports' formula guard, and
 * would not survive a round trip through a spreadsheet. (It costs a fraction of a bit.)
 */
const toBase64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').replace(/^-/, 'A');

export function newId(): string {
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

/** Share-link tokens: 256 bits, base64url (43 characters). */
export function newToken(): string {
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

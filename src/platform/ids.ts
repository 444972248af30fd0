/** Random, unguessable ids: 128 bits from the platform's CSPRNG, base64url (22 characters). */
const toBase64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function newId(): string {
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

/** Share-link tokens: 256 bits, base64url (43 characters). */
export function newToken(): string {
  return toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

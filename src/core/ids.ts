/** The shapes of ids and tokens, in one place: routes, imports and stored data check against these. */

/** What `newId` makes: 128 bits, base64url, 22 characters. The routes and imports accept no other id. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** Ids as stored: wider than ID_PATTERN so that records written by earlier versions still load. */
export const STORED_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Share-link and invitation tokens: 256 bits, base64url (43 characters), with room either side. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,64}$/;

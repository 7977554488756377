import * as v from 'valibot';

// Response schemas of the sign-in and extension pairing routes (session.ts, extension-pairing.ts), for the API
// document; the end-to-end test checks real answers against them.

const Role = v.picklist(['staff', 'reader']);

/** `POST /session` body. */
export const SignInBody = v.object({ key: v.pipe(v.string(), v.description('The read key or a staff token.')) });

/** `POST /session`. */
export const SignedInAnswer = v.strictObject({ role: Role, expiresAt: v.number() });

/** `GET /session`: who the cookie signs in, or `{ signedIn: false }`. */
export const SessionAnswer = v.union([
  v.strictObject({ signedIn: v.literal(true), role: Role, expiresAt: v.number() }),
  v.strictObject({ signedIn: v.literal(false) }),
]);

/** `DELETE /session`. */
export const SignedOutAnswer = v.strictObject({ signedOut: v.literal(true) });

/** `POST /extension/pairing`: a single-use code for the extension. */
export const PairingCodeAnswer = v.strictObject({ code: v.string(), expiresAt: v.number() });

/** `POST /extension/pair` body. */
export const PairBody = v.object({ code: v.pipe(v.string(), v.description('The code the dashboard shows.')) });

/** `POST /extension/pair`: a staff session token for the extension, and the API's endpoint. */
export const PairedAnswer = v.strictObject({
  endpoint: v.string(),
  token: v.string(),
  role: v.literal('staff'),
  expiresAt: v.number(),
});

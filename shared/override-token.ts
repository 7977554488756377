/**
 * The short-lived signed override token. In production mode the widget honours QA overrides only when the
 * extension also hands it a token the API signed for a signed-in staff member. ECDSA P-256 (WebCrypto, in every
 * browser and in Node) lets the widget verify with the public key alone, which the flags config carries; the
 * private key never leaves the server. Pure functions; WebCrypto is injectable.
 *
 * Format: `ot1.<base64url(JSON claims)>.<base64url(signature)>`, the signature over `ot1.<claims part>`.
 */

/** What a token asserts. */
export interface OverrideTokenClaims {
  /** The staff member it was issued to. */
  sub: string;
  /** Issued at, epoch ms. */
  iat: number;
  /** Expires at, epoch ms. */
  exp: number;
  /** The only origin the token is valid on (required: a token without one is never issued nor accepted). */
  origin: string;
  /**
   * The anonymous id of the one browser the token is for. The token reaches the widget through the page (a
   * MessagePort handed over by `window.postMessage`, which page scripts can see), so it must be worthless
   * anywhere else: on another visitor's page the widget's anonymous id differs and the token is refused.
   */
  aid: string;
}

/** Why a token was refused, or the claims it carries. */
export type OverrideTokenCheck = { ok: true; claims: OverrideTokenClaims } | { ok: false; reason: string };

/** A signing key pair as JWKs (storable as JSON). */
export interface OverrideKeyPair {
  publicKey: JsonWebKey;
  privateKey: JsonWebKey;
}

const PREFIX = 'ot1';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;
/**
 * Longest lifetime a verifier accepts, whatever the token says. Short, because a leaked token stays usable in its
 * own browser until it expires; the extension asks for a fresh one whenever the page reports it expired.
 */
export const OVERRIDE_TOKEN_MAX_LIFETIME_MS = 60 * 60 * 1000;
/** Longest token accepted, so a page cannot make the widget parse something huge. */
const MAX_TOKEN_LENGTH = 2048;

function defaultSubtle(): SubtleCrypto {
  return globalThis.crypto.subtle;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Makes a new P-256 signing key pair, exported as JWKs. */
export async function createOverrideKeyPair(subtle: SubtleCrypto = defaultSubtle()): Promise<OverrideKeyPair> {
  const pair = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  return {
    publicKey: await subtle.exportKey('jwk', pair.publicKey),
    privateKey: await subtle.exportKey('jwk', pair.privateKey),
  };
}

/** Signs claims with the private key (server side); refuses claims without an origin or an anonymous id. */
export async function signOverrideToken(
  claims: OverrideTokenClaims,
  privateKey: JsonWebKey,
  subtle: SubtleCrypto = defaultSubtle(),
): Promise<string> {
  if (!claims.origin || !claims.aid) throw new Error('an override token needs an origin and an anonymous id');
  const key = await subtle.importKey('jwk', privateKey, ALGORITHM, false, ['sign']);
  const body = `${PREFIX}.${toBase64Url(new TextEncoder().encode(JSON.stringify(claims)))}`;
  const signature = await subtle.sign(SIGNATURE, key, new TextEncoder().encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * Verifies a token with the public key: well-formed, signature valid, not expired, not issued in the future (1
 * minute of clock skew allowed), lifetime within the maximum, for this origin and this browser's anonymous id
 * (both required on each side). Never throws.
 */
export async function verifyOverrideToken(
  token: unknown,
  publicKey: JsonWebKey,
  options: { now?: number; origin: string | undefined; anonymousId: string | undefined; subtle?: SubtleCrypto },
): Promise<OverrideTokenCheck> {
  const { now = Date.now(), origin, anonymousId, subtle = defaultSubtle() } = options;
  if (!origin || !anonymousId) return { ok: false, reason: 'the verifier needs the page origin and anonymous id' };
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)
    return { ok: false, reason: 'token is not a string of at most 2048 characters' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX)
    return { ok: false, reason: `token is not of the form ${PREFIX}.<claims>.<signature>` };
  let claims: OverrideTokenClaims;
  try {
    const key = await subtle.importKey('jwk', publicKey, ALGORITHM, false, ['verify']);
    const valid = await subtle.verify(
      SIGNATURE,
      key,
      fromBase64Url(parts[2]!),
      new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    );
    if (!valid) return { ok: false, reason: 'signature does not verify' };
    claims = JSON.parse(new TextDecoder().decode(fromBase64Url(parts[1]!))) as OverrideTokenClaims;
  } catch (error) {
    return { ok: false, reason: `token cannot be read: ${(error as Error).message}` };
  }
  if (
    typeof claims !== 'object' ||
    claims === null ||
    typeof claims.sub !== 'string' ||
    typeof claims.exp !== 'number' ||
    typeof claims.iat !== 'number'
  ) {
    return { ok: false, reason: 'claims need sub, iat and exp' };
  }
  if (claims.exp <= now) return { ok: false, reason: 'token has expired' };
  if (claims.iat > now + 60_000) return { ok: false, reason: 'token is issued in the future' };
  if (claims.exp - claims.iat > OVERRIDE_TOKEN_MAX_LIFETIME_MS)
    return { ok: false, reason: 'token lives longer than 1 hour' };
  if (claims.origin !== origin)
    return { ok: false, reason: `token is for ${String(claims.origin ?? 'no origin')}, not ${origin}` };
  if (claims.aid !== anonymousId) return { ok: false, reason: 'token is for another browser (anonymous id)' };
  return { ok: true, claims };
}

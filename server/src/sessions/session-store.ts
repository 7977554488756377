import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** Who a session signs in: staff may change things, a reader (signed in with the read key) only looks. */
export type SessionRole = 'staff' | 'reader';

/** A live session as `verifySession` answers it. */
export interface SessionInfo {
  role: SessionRole;
  expiresAt: number;
  /** A fingerprint of the token (never the token), which change histories record as "who". */
  actor: string;
}

/** Sessions and pairing codes over the shared SQL seam (the same queries on SQLite and PostgreSQL). */
export interface SessionStore {
  /** Starts a session; the token is returned once and only its hash is stored. */
  createSession(role: SessionRole, ttlMs: number): Promise<{ token: string; expiresAt: number }>;
  /** The session a token opens, or undefined when unknown or expired. */
  verifySession(token: string): Promise<SessionInfo | undefined>;
  /** Ends a session (sign-out); unknown tokens are ignored. */
  deleteSession(token: string): Promise<void>;
  /** A single-use pairing code for the extension, valid for `ttlMs`. */
  createPairingCode(ttlMs: number): Promise<{ code: string; expiresAt: number }>;
  /** Uses up a pairing code; true only the first time, before it expires. */
  redeemPairingCode(code: string): Promise<boolean>;
}

// No 0/O, 1/I/L: a code is read off one screen and typed into another.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;

/** The SHA-256 hex of a secret, the only form in which tokens and codes are stored. */
function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A pairing code as typed: upper case, spaces and dashes dropped. */
function normalizePairingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Creates the session store; expired rows are swept when new sessions start. */
export function createSessionStore(db: SqlDatabase, now: () => number = Date.now): SessionStore {
  return {
    async createSession(role, ttlMs) {
      const token = randomBytes(32).toString('base64url');
      const createdAt = now();
      const expiresAt = createdAt + ttlMs;
      await db.run('DELETE FROM sessions WHERE expires_at <= ?', [createdAt]);
      await db.run('INSERT INTO sessions (token_hash, role, created_at, expires_at) VALUES (?, ?, ?, ?)', [
        hashSecret(token),
        role,
        createdAt,
        expiresAt,
      ]);
      return { token, expiresAt };
    },
    async verifySession(token) {
      const hash = hashSecret(token);
      const row = await db.get<{ role: string; expires_at: number }>(
        'SELECT role, expires_at FROM sessions WHERE token_hash = ?',
        [hash],
      );
      if (!row || row.expires_at <= now() || (row.role !== 'staff' && row.role !== 'reader')) return undefined;
      return { role: row.role, expiresAt: row.expires_at, actor: `session:${hash.slice(0, 12)}` };
    },
    async deleteSession(token) {
      await db.run('DELETE FROM sessions WHERE token_hash = ?', [hashSecret(token)]);
    },
    async createPairingCode(ttlMs) {
      const code = Array.from(
        { length: PAIRING_CODE_LENGTH },
        () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
      ).join('');
      const createdAt = now();
      await db.run('DELETE FROM extension_pairing_codes WHERE expires_at <= ?', [createdAt]);
      await db.run('INSERT INTO extension_pairing_codes (code_hash, created_at, expires_at) VALUES (?, ?, ?)', [
        hashSecret(code),
        createdAt,
        createdAt + ttlMs,
      ]);
      return { code, expiresAt: createdAt + ttlMs };
    },
    async redeemPairingCode(code) {
      // One conditional UPDATE: of two racing redemptions only one changes the row.
      const { changes } = await db.run(
        'UPDATE extension_pairing_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?',
        [now(), hashSecret(normalizePairingCode(code)), now()],
      );
      return changes === 1;
    },
  };
}

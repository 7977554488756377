import type { Migration } from '../storage/migrations.ts';

/**
 * Dashboard sign-in sessions and extension pairing codes. Only a SHA-256 of each token or code is stored, so a
 * copy of the database signs nobody in; rows live in the database (not in memory) so every API process behind
 * one PostgreSQL accepts the same cookie.
 */
export const sessionMigrations: readonly Migration[] = [
  {
    id: 'sessions-001-create',
    sql: `CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE INDEX sessions_expires_at ON sessions (expires_at);
    CREATE TABLE extension_pairing_codes (
      code_hash TEXT PRIMARY KEY,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      used_at BIGINT
    );`,
  },
];

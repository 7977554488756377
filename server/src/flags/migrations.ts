import type { Migration } from '../storage/migrations.ts';

/**
 * Flags and experiments: every config version ever served (a change appends a row, never updates one, so the
 * history is the table), and the key pair that signs override tokens (kept in the database so every server on
 * one PostgreSQL signs with the same key and restarts keep tokens valid).
 */
export const flagsMigrations: Migration[] = [
  {
    id: 'flags-001-config-versions',
    sql: `CREATE TABLE flag_config_versions (
      version BIGINT PRIMARY KEY,
      config TEXT NOT NULL,
      actor TEXT NOT NULL,
      author TEXT,
      note TEXT,
      change TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );
    CREATE TABLE flag_signing_keys (
      id TEXT PRIMARY KEY,
      public_jwk TEXT NOT NULL,
      private_jwk TEXT NOT NULL,
      created_at BIGINT NOT NULL
    );`,
  },
];

import type { Migration } from '../storage/migrations.ts';

/** Uploaded source maps: one per release and minified file name (`app-3f9a.js`), replaced on re-upload. */
export const sourceMapMigrations: Migration[] = [
  {
    id: 'sourcemaps-001-create',
    sql: `CREATE TABLE source_maps (
      release TEXT NOT NULL,
      name TEXT NOT NULL,
      map TEXT NOT NULL,
      bytes BIGINT NOT NULL,
      uploaded_at BIGINT NOT NULL,
      PRIMARY KEY (release, name)
    )`,
  },
];

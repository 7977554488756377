import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchSchema } from './bench-schema.ts';
import { keptSchema } from './scale-schema.ts';
import type { ScaleSchema } from './scale-schema.ts';
import type { ScaleSettings } from './scale-settings.ts';
import { openKeptStore, SQLITE_RECORD } from './scale-store.ts';
import type { KeptRecord, ScaleStoreManifest, StoreKey } from './scale-store.ts';

/**
 * The store a run uses: SQLite in a fresh folder or the kept `SCALE_DATA_DIR`; PostgreSQL in a fresh schema, or the
 * kept `SCALE_PG_SCHEMA` with its folder. Both kept stores go through the same manifest checks.
 */
export async function openScaleStore(
  settings: ScaleSettings,
  key: StoreKey,
  databaseUrl?: string,
): Promise<{ schema?: ScaleSchema; keepIn?: string; kept?: ScaleStoreManifest; record: KeptRecord }> {
  if (!databaseUrl) {
    const keepIn = settings.dataDir;
    return { keepIn, kept: keepIn ? openKeptStore(keepIn, key) : undefined, record: SQLITE_RECORD };
  }
  if (!settings.pgSchema) return { schema: await benchSchema(databaseUrl), record: { name: 'postgres, fresh schema' } };
  const keepIn = settings.pgDataDir ?? join(tmpdir(), `crm-insights-scale-${settings.pgSchema}`);
  const schema = await keptSchema(databaseUrl, settings.pgSchema);
  return { schema, keepIn, kept: openKeptStore(keepIn, key, schema.record), record: schema.record };
}

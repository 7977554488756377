import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { progressLine } from './analytics/engine/progress-line.ts';
import { exportNdjson } from './storage/export-ndjson.ts';
import { purgeExpired } from './storage/retention.ts';
import { openStorage } from './storage/storage.ts';
import type { Settings } from './settings.ts';
import type { ProjectionProgress } from './analytics/engine/protocol.ts';
import type { Storage } from './storage/types.ts';

/** The maintenance commands `npm run db:migrate`, `db:purge`, `db:export` and `db:rebuild-analytics` run, by name. */
export const COMMANDS = ['migrate', 'purge', 'export', 'rebuild-analytics'] as const;

/** Progress lines of a rebuild come at most this often. */
const PROGRESS_EVERY_MS = 1000;

/**
 * Runs one maintenance command against the configured database (DATABASE_URL, else DATA_DIR's SQLite file).
 * Opening storage applies pending migrations, so `migrate` is just an open and close that says what it did.
 * `export [file] [--since=ISO] [--until=ISO]` writes NDJSON to the file, or to stdout. `rebuild-analytics`
 * drops the analytics projection and builds it again from the record, with progress lines (stop the server
 * first: it holds the projection file).
 */
export async function runCommand(name: string, settings: Settings, args: readonly string[], log: (line: string) => void = (line) => console.error(line)): Promise<void> {
  if (!(COMMANDS as readonly string[]).includes(name)) throw new Error(`unknown command "${name}"; choose from ${COMMANDS.join(', ')}`);
  const rebuild = name === 'rebuild-analytics';
  const storage = await openStorage(rebuild ? { ...settings, analytics: { ...settings.analytics, rebuild: true } } : settings);
  try {
    if (rebuild) {
      await rebuildAnalytics(storage, log);
    } else if (name === 'migrate') {
      const row = await storage.db.get<{ count: number }>('SELECT COUNT(*) AS count FROM schema_migrations');
      log(`${storage.kind}: schema up to date (${row?.count ?? 0} migrations applied)`);
    } else if (name === 'purge') {
      const days = settings.retentionDays ?? 0;
      if (!days) return log('RETENTION_DAYS is 0: keeping everything, nothing purged');
      const result = await purgeExpired(storage.db, days);
      log(`purged ${result.events} events older than ${new Date(result.cutoff).toISOString()} (${days} days)`);
    } else {
      const option = (flag: string) => {
        const value = args.find((arg) => arg.startsWith(`--${flag}=`))?.slice(flag.length + 3);
        if (value === undefined) return undefined;
        const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
        if (!Number.isFinite(time)) throw new Error(`--${flag} must be epoch milliseconds or an ISO date, got "${value}"`);
        return time;
      };
      const file = args.find((arg) => !arg.startsWith('--'));
      const out = file ? createWriteStream(file) : process.stdout;
      const count = await exportNdjson(storage, async (chunk) => {
        if (!out.write(chunk)) await once(out, 'drain');
      }, { since: option('since'), until: option('until') });
      if (file) await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((error?: Error | null) => (error ? reject(error) : resolve())));
      log(`exported ${count} events${file ? ` to ${file}` : ''}`);
    }
  } finally {
    await storage.close();
  }
}

async function rebuildAnalytics(storage: Storage, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  let logged = 0;
  let last: ProjectionProgress | undefined;
  await storage.analytics.catchUp((progress) => {
    last = progress;
    if (Date.now() - logged < PROGRESS_EVERY_MS) return;
    logged = Date.now();
    log(progressLine(progress));
  });
  const { rows, bytes } = await storage.analytics.status();
  if (last) log(progressLine(last));
  log(`analytics projection rebuilt: ${rows} events (${(bytes / 1_048_576).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { progressLine } from './analytics/engine/progress-line.ts';
import { parseTime, TIME_FORMAT_MESSAGE } from './query-params.ts';
import { exportNdjson } from './storage/export-ndjson.ts';
import { purgeExpired } from './storage/retention.ts';
import { openStorage } from './storage/storage.ts';
import type { Settings } from './settings.ts';
import { uploadSourceMaps } from './sourcemaps/upload-source-maps.ts';
import type { ProjectionProgress } from './analytics/engine/protocol.ts';
import type { Storage } from './storage/types.ts';

/** The maintenance commands `npm run db:migrate`, `db:purge`, `db:export` and `db:rebuild-analytics` run, by name, and `sourcemaps upload`. */
export const COMMANDS = ['migrate', 'purge', 'export', 'rebuild-analytics', 'sourcemaps'] as const;

/** Progress lines of a rebuild come at most this often. */
const PROGRESS_EVERY_MS = 1000;

/**
 * Runs one maintenance command against the configured database (DATABASE_URL, else DATA_DIR's SQLite file).
 * Opening storage applies pending migrations, so `migrate` is just an open and close that says what it did.
 * `export [file] [--since=ISO] [--until=ISO]` writes NDJSON to the file, or to stdout. `rebuild-analytics`
 * drops the analytics projection and builds it again from the record, with progress lines (stop the server
 * first: it holds the projection file).
 */
export async function runCommand(
  name: string,
  settings: Settings,
  args: readonly string[],
  log: (line: string) => void = (line) => console.error(line),
): Promise<void> {
  if (!(COMMANDS as readonly string[]).includes(name))
    throw new Error(`unknown command "${name}"; choose from ${COMMANDS.join(', ')}`);
  if (name === 'sourcemaps') return sourceMapsCommand(settings, args, log);
  const rebuild = name === 'rebuild-analytics';
  const storage = await openStorage(
    rebuild ? { ...settings, analytics: { ...settings.analytics, rebuild: true } } : settings,
  );
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
      log(await purgeProjection(storage, result.cutoff));
    } else {
      const option = (flag: string) => {
        const value = args.find((arg) => arg.startsWith(`--${flag}=`))?.slice(flag.length + 3);
        if (value === undefined) return undefined;
        const time = parseTime(value);
        if (time === undefined) throw new Error(`--${flag} ${TIME_FORMAT_MESSAGE}, got "${value}"`);
        return time;
      };
      const file = args.find((arg) => !arg.startsWith('--'));
      const out = file ? createWriteStream(file) : process.stdout;
      const count = await exportNdjson(storage, chunkWriter(out), { since: option('since'), until: option('until') });
      if (file)
        await new Promise<void>((resolve, reject) =>
          (out as ReturnType<typeof createWriteStream>).end((error?: Error | null) =>
            error ? reject(error) : resolve(),
          ),
        );
      log(`exported ${count} events${file ? ` to ${file}` : ''}`);
    }
  } finally {
    await storage.close();
  }
}

/**
 * The analytics projection's part of a purge, said in a line: without it the dashboard would keep showing purged
 * events until the server's next start. A running server holds the projection file, so there the purge is left to
 * the server's own retention run (at start and daily), and the line says so.
 */
async function purgeProjection(storage: Storage, cutoff: number): Promise<string> {
  try {
    return `purged ${await storage.analytics.purge(cutoff)} events from the analytics projection`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `the analytics projection was not purged (${reason}); a running server purges it at its start and daily`;
  }
}

/** Writes each chunk to `out`, waiting while it is full; once `out` has failed, every write throws its error. */
function chunkWriter(out: NodeJS.WritableStream): (chunk: string) => Promise<void> {
  // A file that cannot be created or written to (or a closed pipe) emits 'error', which without a listener would
  // end the process before storage is closed: it fails the export instead.
  let failed: Error | undefined;
  out.on('error', (error) => {
    failed = error;
  });
  return async (chunk) => {
    if (failed) throw failed;
    if (!out.write(chunk)) await once(out, 'drain');
  };
}

/**
 * `sourcemaps upload --release R DIR [--endpoint URL]`: sends a build's maps to a running server, as a staff
 * token (`INSIGHTS_STAFF_TOKEN`, or the first of `INSIGHTS_STAFF_TOKENS`). The endpoint defaults to this
 * machine's server.
 */
async function sourceMapsCommand(
  settings: Settings,
  args: readonly string[],
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const flag = (name: string) =>
    args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? args[args.indexOf(`--${name}`) + 1];
  const dir = args
    .filter((arg, index) => index > 0 && !arg.startsWith('--') && !args[index - 1]!.startsWith('--'))
    .at(-1);
  const release = flag('release');
  const token = env.INSIGHTS_STAFF_TOKEN || settings.staffTokens?.[0];
  if (args[0] !== 'upload' || !release || !dir)
    throw new Error('usage: sourcemaps upload --release <release> <build folder> [--endpoint https://host/api]');
  if (!token) throw new Error('set INSIGHTS_STAFF_TOKEN to a staff token of the server you upload to');
  const endpoint = flag('endpoint') ?? `http://${settings.host}:${settings.port}/api`;
  const stored = await uploadSourceMaps({ endpoint, token, release, dir, log });
  log(`stored ${stored} source maps for release ${release} at ${endpoint}`);
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
  log(
    `analytics projection rebuilt: ${rows} events (${(bytes / 1_048_576).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

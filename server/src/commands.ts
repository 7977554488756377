import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseTime, TIME_FORMAT_MESSAGE } from './query-params.ts';
import { exportNdjson } from './storage/export-ndjson.ts';
import { purgeExpired } from './storage/retention.ts';
import { openStorage } from './storage/storage.ts';
import type { Settings } from './settings.ts';
import { uploadSourceMaps } from './sourcemaps/upload-source-maps.ts';

/** The maintenance commands `npm run db:migrate`, `db:purge` and `db:export` run, by name, and `sourcemaps upload`. */
export const COMMANDS = ['migrate', 'purge', 'export', 'sourcemaps'] as const;

/**
 * Runs one maintenance command against the configured database (DATABASE_URL, else DATA_DIR's SQLite file).
 * Opening storage applies pending migrations, so `migrate` is just an open and close that says what it did.
 * `export [file] [--since=ISO] [--until=ISO]` writes NDJSON to the file, or to stdout.
 */
export async function runCommand(name: string, settings: Settings, args: readonly string[], log: (line: string) => void = (line) => console.error(line)): Promise<void> {
  if (!(COMMANDS as readonly string[]).includes(name)) throw new Error(`unknown command "${name}"; choose from ${COMMANDS.join(', ')}`);
  if (name === 'sourcemaps') return sourceMapsCommand(settings, args, log);
  const storage = await openStorage(settings);
  try {
    if (name === 'migrate') {
      const row = await storage.db.get<{ count: number }>('SELECT COUNT(*) AS count FROM schema_migrations');
      log(`${storage.kind}: schema up to date (${row?.count ?? 0} migrations applied)`);
    } else if (name === 'purge') {
      const days = settings.retentionDays ?? 0;
      if (!days) return log('RETENTION_DAYS is 0: keeping everything, nothing purged');
      const result = await purgeExpired(storage.db, days);
      log(`purged ${result.events} events and ${result.vitals} vitals older than ${new Date(result.cutoff).toISOString()} (${days} days)`);
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

/**
 * `sourcemaps upload --release R DIR [--endpoint URL]`: sends a build's maps to a running server, as a staff
 * token (`INSIGHTS_STAFF_TOKEN`, or the first of `INSIGHTS_STAFF_TOKENS`). The endpoint defaults to this
 * machine's server.
 */
async function sourceMapsCommand(settings: Settings, args: readonly string[], log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? args[args.indexOf(`--${name}`) + 1];
  const dir = args.filter((arg, index) => index > 0 && !arg.startsWith('--') && !args[index - 1]!.startsWith('--')).at(-1);
  const release = flag('release');
  const token = env.INSIGHTS_STAFF_TOKEN || settings.staffTokens?.[0];
  if (args[0] !== 'upload' || !release || !dir) throw new Error('usage: sourcemaps upload --release <release> <build folder> [--endpoint https://host/api]');
  if (!token) throw new Error('set INSIGHTS_STAFF_TOKEN to a staff token of the server you upload to');
  const endpoint = flag('endpoint') ?? `http://${settings.host}:${settings.port}/api`;
  const stored = await uploadSourceMaps({ endpoint, token, release, dir, log });
  log(`stored ${stored} source maps for release ${release} at ${endpoint}`);
}

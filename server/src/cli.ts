import { COMMANDS } from './commands.ts';

/** Set by the build (scripts/build.mjs); `dev` when run from source. */
declare const __INSIGHTS_VERSION__: string | undefined;
/** The version `crm-insights-server --version` prints. */
export const SERVER_VERSION: string = typeof __INSIGHTS_VERSION__ === 'string' ? __INSIGHTS_VERSION__ : 'dev';

/** Options every subcommand takes, each the flag form of an environment variable (the flag wins). */
const CLI_OPTIONS = {
  '--port': 'PORT',
  '--host': 'HOST',
  '--data-dir': 'DATA_DIR',
  '--database-url': 'DATABASE_URL',
  '--public-dir': 'PUBLIC_DIR',
  '--log-level': 'LOG_LEVEL',
} as const;

/** What the command line asked for: a command with its own arguments and the settings it overrides, or help. */
export type CliRequest =
  | { kind: 'run'; command: 'serve' | (typeof COMMANDS)[number]; args: string[]; env: Record<string, string> }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

/** `crm-insights-server help`: the subcommands and options. */
export const USAGE = `Usage: crm-insights-server [command] [options]

Commands:
  serve                     serve the API, the dashboard and insights.js (the default)
  migrate                   bring the database schema up to date, then exit
  purge                     delete events older than RETENTION_DAYS (default 90; 0 keeps everything)
  export [file] [--since=ISO] [--until=ISO]
                            write events as NDJSON to file, or to stdout
  rebuild                   rebuild the analytics projection from the record (stop the server first)
  sourcemaps upload --release R DIR [--endpoint URL]
                            send a build's source maps to a running server (INSIGHTS_STAFF_TOKEN)
  help                      print this text

Options (each also an environment variable; the option wins):
  --port N                  PORT: where serve listens (default 8787; 0 picks a free port)
  --host H                  HOST: the address serve binds (default 127.0.0.1)
  --data-dir D              DATA_DIR: keys.json, the SQLite file and the analytics projection (default ./.data)
  --database-url URL        DATABASE_URL: use PostgreSQL instead of SQLite
  --public-dir D            PUBLIC_DIR: the built widget and dashboard (default: the ones in this package)
  --log-level L             LOG_LEVEL: trace, debug, info, warn, error, fatal or silent
  --version                 print the version

Every other setting (keys, staff tokens, retention, rate limits, alerts) is an environment variable: see
docs/install.md and docs/operations.md.`;

/** The names the CLI accepts: the maintenance commands, `serve`, and `rebuild` for `rebuild-analytics`. */
const ALIASES: Record<string, 'serve' | (typeof COMMANDS)[number]> = {
  serve: 'serve',
  rebuild: 'rebuild-analytics',
  ...Object.fromEntries(COMMANDS.map((name) => [name, name])),
};

/**
 * Reads `crm-insights-server`'s arguments: the global options (anywhere, `--port 0` or `--port=0`) become
 * environment overrides; the first other word is the command (default `serve`); the rest are the command's own.
 */
export function parseCli(argv: readonly string[]): CliRequest {
  const env: Record<string, string> = {};
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--help' || arg === '-h' || (arg === 'help' && rest.length === 0)) return { kind: 'help' };
    if (arg === '--version' || arg === '-v') return { kind: 'version' };
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const variable = CLI_OPTIONS[flag as keyof typeof CLI_OPTIONS];
    if (!variable) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') return { kind: 'error', message: `${flag} needs a value` };
    env[variable] = value;
  }
  const [word = 'serve', ...args] = rest;
  const command = ALIASES[word];
  if (!command) {
    const known = ['serve', 'migrate', 'purge', 'export', 'rebuild', 'sourcemaps', 'help'].join(', ');
    return {
      kind: 'error',
      message: word.startsWith('-')
        ? `unknown option "${word}" (run crm-insights-server help)`
        : `unknown command "${word}"; choose from ${known}`,
    };
  }
  const problem = argumentProblem(command, args);
  if (problem) return { kind: 'error', message: `${word}: ${problem}` };
  return { kind: 'run', command, args, env };
}

/** Arguments a command does not take, said plainly, rather than silently ignored. */
function argumentProblem(command: string, args: readonly string[]): string | undefined {
  if (command === 'sourcemaps') return undefined;
  if (command !== 'export') return args.length ? `takes no arguments, got "${args.join(' ')}"` : undefined;
  const unknown = args.find((arg) => arg.startsWith('-') && !/^--(since|until)=/.test(arg));
  if (unknown) return `unknown option "${unknown}" (export takes [file] [--since=ISO] [--until=ISO])`;
  const files = args.filter((arg) => !arg.startsWith('-'));
  return files.length > 1 ? `one file at most, got ${files.join(', ')}` : undefined;
}

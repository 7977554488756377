import { describe, expect, it } from 'vitest';
import { parseCli } from './cli.ts';

describe('parseCli', () => {
  it.each([
    [[], { kind: 'run', command: 'serve', args: [], env: {} }],
    [['serve', '--port', '0'], { kind: 'run', command: 'serve', args: [], env: { PORT: '0' } }],
    [
      ['--data-dir=/tmp/x', 'migrate', '--database-url', 'postgres://h/db'],
      { kind: 'run', command: 'migrate', args: [], env: { DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://h/db' } },
    ],
    [['rebuild'], { kind: 'run', command: 'rebuild-analytics', args: [], env: {} }],
    [['rebuild-analytics'], { kind: 'run', command: 'rebuild-analytics', args: [], env: {} }],
    [
      ['export', 'out.ndjson', '--since=2026-01-01', '--host', '0.0.0.0'],
      { kind: 'run', command: 'export', args: ['out.ndjson', '--since=2026-01-01'], env: { HOST: '0.0.0.0' } },
    ],
    [
      ['sourcemaps', 'upload', '--release', 'r1', 'build'],
      { kind: 'run', command: 'sourcemaps', args: ['upload', '--release', 'r1', 'build'], env: {} },
    ],
    [
      ['purge', '--public-dir=pub', '--log-level', 'warn'],
      { kind: 'run', command: 'purge', args: [], env: { PUBLIC_DIR: 'pub', LOG_LEVEL: 'warn' } },
    ],
    [['help'], { kind: 'help' }],
    [['serve', '--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
    [['--version'], { kind: 'version' }],
  ])('reads %j', (argv, expected) => {
    expect(parseCli(argv)).toEqual(expected);
  });

  it.each([
    [['start'], 'unknown command "start"; choose from serve, migrate, purge, export, rebuild, sourcemaps, help'],
    [['--prot', '1'], 'unknown option "--prot" (run crm-insights-server help)'],
    [['serve', '--port'], '--port needs a value'],
    [['--port='], '--port needs a value'],
    [['migrate', 'now'], 'migrate: takes no arguments, got "now"'],
    [['serve', 'extra'], 'serve: takes no arguments, got "extra"'],
    [
      ['export', '--from=2026-01-01'],
      'export: unknown option "--from=2026-01-01" (export takes [file] [--since=ISO] [--until=ISO])',
    ],
    [['export', 'a.ndjson', 'b.ndjson'], 'export: one file at most, got a.ndjson, b.ndjson'],
  ])('refuses %j with a message that says what is wrong', (argv, message) => {
    expect(parseCli(argv)).toEqual({ kind: 'error', message });
  });
});

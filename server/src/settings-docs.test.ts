import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeSpans, DOCS_DIR, markdownTables } from '../../tests/support/markdown-tables.ts';
import { USAGE } from './cli.ts';
import { flagsFilePath } from './flags/load-flags-file.ts';
import { readSettings } from './settings.ts';

// A user configures the server from the docs alone: every variable it reads is in a settings table with its default
// (docs/operations.md "Settings", the engine's `ANALYTICS_*` in docs/analytics.md), and every documented default is
// what the server does without the variable.

/** Defaults the server applies after reading its settings, so setting them changes `Settings` although not behaviour. */
const APPLIED_LATER: Record<string, string> = {
  ALERT_EMAIL_FROM: 'the mailer fills in its From when SMTP_URL is set (node-app-options.ts)',
};

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'crm-insights-settings-docs-'));
  // The flags file the default names, present as it is in the repository.
  mkdirSync(join(cwd, 'server'));
  writeFileSync(join(cwd, 'server/flags.example.json'), '{}');
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

/** Everything the server's settings come to for `env`: the settings and the flags file. */
function configured(env: NodeJS.ProcessEnv) {
  return { settings: readSettings(env, cwd), flagsFile: flagsFilePath(env, cwd) };
}

/** The names of the variables the server reads, recorded as it reads an empty environment. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy({} as NodeJS.ProcessEnv, {
    get(_target, name) {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  configured(env);
  return [...read];
}

/** The rows (variable, default) of docs/operations.md's settings table. */
function settingsRows(): { variable: string; default: string }[] {
  const table = markdownTables('operations.md').find(([header]) => header?.[0] === 'variable');
  if (!table) throw new Error('docs/operations.md has no settings table (a table whose first column is "variable")');
  return table.slice(1).map(([variable = '', fallback = '']) => ({ variable, default: fallback }));
}

describe('the server settings in the docs', () => {
  it('lists every variable the server reads in a settings table', () => {
    const documented = new Set(
      ['operations.md', 'analytics.md'].flatMap((file) =>
        markdownTables(file).flatMap((table) => table.slice(1).flatMap(([first = '']) => codeSpans(first))),
      ),
    );
    const read = variablesRead();
    expect(read.length).toBeGreaterThan(40);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('gives each default that the server uses when the variable is unset', () => {
    const unset = configured({});
    const checked = settingsRows().flatMap((row) => {
      // A default given as one value, perhaps with a remark in brackets: `8787`, `dist/public` (…).
      const value = /^`([^`]+)`(?:\s+\(.*\))?$/.exec(row.default)?.[1];
      const name = /^`([A-Z][A-Z0-9_]+)`$/.exec(row.variable)?.[1];
      if (value === undefined || name === undefined || name in APPLIED_LATER) return [];
      expect({ [name]: configured({ [name]: value }) }).toEqual({ [name]: unset });
      return [name];
    });
    expect(checked).toEqual(expect.arrayContaining(['PORT', 'RETENTION_DAYS', 'RATE_LIMIT_PER_MINUTE', 'FLAGS_FILE']));
  });
});

describe('the command line in docs/install.md', () => {
  const install = readFileSync(new URL('install.md', DOCS_DIR), 'utf8');

  it('names every command and option of `crm-insights-server help`', () => {
    const [, commands = '', options = ''] = USAGE.split(/\n(?:Commands|Options)[^\n]*:\n/);
    const names = [
      ...[...commands.matchAll(/^ {2}([a-z]+)/gm)].map((match) => match[1]!),
      ...[...options.matchAll(/^ {2}(--[a-z-]+)/gm)].map((match) => match[1]!),
    ];
    expect(names).toEqual(expect.arrayContaining(['serve', 'export', 'sourcemaps', '--port', '--log-level']));
    expect(names.filter((name) => !install.includes(`\`${name}`))).toEqual([]);
  });
});

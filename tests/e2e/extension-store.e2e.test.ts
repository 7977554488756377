import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const DIST = 'dist/extension';
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const manifest = (browser: string) =>
  JSON.parse(readFileSync(join(DIST, `${browser}-mv3/manifest.json`), 'utf8')) as Record<string, any>;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The file names inside a zip, from its central directory (APPNOTE 4.3.12 and 4.3.16; no zip64, no comment). */
function zipEntries(path: string): string[] {
  const bytes = readFileSync(path);
  const end = bytes.length - 22;
  expect(bytes.readUInt32LE(end)).toBe(0x06054b50);
  const names: string[] = [];
  let offset = bytes.readUInt32LE(end + 16);
  for (let index = bytes.readUInt16LE(end + 10); index > 0; index--) {
    expect(bytes.readUInt32LE(offset)).toBe(0x02014b50);
    const [nameLength, extraLength, commentLength] = [
      bytes.readUInt16LE(offset + 28),
      bytes.readUInt16LE(offset + 30),
      bytes.readUInt16LE(offset + 32),
    ];
    names.push(bytes.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('the extension as the stores receive it (built by npm run build)', () => {
  it('asks for only the permissions docs/extension.md justifies; host access is optional, granted per CRM site', () => {
    const chrome = manifest('chrome');
    expect(chrome.permissions.sort()).toEqual(['activeTab', 'scripting', 'sidePanel', 'storage']);
    const firefox = manifest('firefox');
    expect(firefox.permissions.sort()).toEqual(['activeTab', 'scripting', 'storage']);
    for (const built of [chrome, firefox]) {
      expect(built.host_permissions ?? []).toEqual([]);
      expect(built.optional_host_permissions).toEqual(['<all_urls>']);
      expect(built.content_scripts).toBeUndefined();
    }
    const docs = readFileSync('docs/extension.md', 'utf8');
    for (const permission of ['storage', 'scripting', 'activeTab', 'sidePanel', '<all_urls>'])
      expect(docs).toContain(`\`${permission}\``);
    // Firefox opens the panel as its sidebar.
    expect(firefox.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
  });

  it.each(['chrome', 'firefox'])('%s: icons of 16, 32, 48 and 128 px, real PNGs of those sizes', (browser) => {
    const icons = manifest(browser).icons as Record<string, string>;
    expect(Object.keys(icons).sort()).toEqual(['128', '16', '32', '48']);
    for (const [size, file] of Object.entries(icons))
      expect(pngSize(join(DIST, `${browser}-mv3`, file))).toEqual([Number(size), Number(size)]);
  });

  it('packs a zip per store, each with its manifest, scripts and icons, and the sources for Firefox review', () => {
    for (const browser of ['chrome', 'firefox']) {
      const entries = zipEntries(join(DIST, `crm-insights-${VERSION}-${browser}.zip`));
      expect(entries).toEqual(
        expect.arrayContaining([
          'manifest.json',
          'background.js',
          'content-scripts/content.js',
          'sidepanel.html',
          'icon/128.png',
        ]),
      );
    }
    const sources = zipEntries(join(DIST, `crm-insights-${VERSION}-sources.zip`));
    expect(sources).toEqual(
      expect.arrayContaining([
        'wxt.config.ts',
        'package.json',
        'extension/entrypoints/background.ts',
        'shared/bridge.ts',
      ]),
    );
    // `npm ci` in the unpacked sources needs every workspace's package.json (the lock names them), not their code.
    const { workspaces } = JSON.parse(readFileSync('package.json', 'utf8')) as { workspaces: string[] };
    expect(workspaces.length).toBeGreaterThan(0);
    expect(sources).toEqual(
      expect.arrayContaining(['package-lock.json', ...workspaces.map((workspace) => `${workspace}/package.json`)]),
    );
    const workspaceCode = sources.filter((entry) =>
      workspaces.some((workspace) => entry.startsWith(`${workspace}/`) && entry !== `${workspace}/package.json`),
    );
    expect(workspaceCode).toEqual([]);
    expect(sources.some((entry) => entry.startsWith('node_modules/'))).toBe(false);
  });

  it('passes web-ext lint on the Firefox build with no error, warning or notice', async () => {
    const { stdout } = await run(
      'node_modules/.bin/web-ext',
      ['lint', '--source-dir', join(DIST, 'firefox-mv3'), '--output', 'json', '--no-input'],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '{}' }));
    const report = JSON.parse(stdout) as {
      summary: Record<string, number>;
      errors: unknown[];
      warnings: unknown[];
      notices: unknown[];
    };
    expect([...report.errors, ...report.warnings, ...report.notices]).toEqual([]);
    expect(report.summary).toEqual({ errors: 0, notices: 0, warnings: 0 });
  }, 120_000);
});

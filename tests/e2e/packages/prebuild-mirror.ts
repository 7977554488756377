import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A local prebuilt-binary mirror for better-sqlite3, and the install environment that points at it. */
export interface PrebuildMirror {
  env: Record<string, string>;
  /** The paths asked for, to tell whether the install used the mirror. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves the repository's own better-sqlite3 build the way prebuild-install downloads a prebuilt binary from a
 * mirror (`npm_config_better_sqlite3_binary_host`, https://github.com/prebuild/prebuild-install, "mirror" in its README).
 * Without a network the consumer's install would otherwise compile SQLite from source, minutes on this machine;
 * it is the same binary for the same Node ABI, so nothing about the packages under test changes.
 */
export async function startPrebuildMirror(moduleDir = resolve('node_modules/better-sqlite3')): Promise<PrebuildMirror> {
  const { version } = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const dir = mkdtempSync(join(tmpdir(), 'crm-insights-prebuild-'));
  execFileSync('tar', ['-czf', join(dir, name), '-C', moduleDir, 'build/Release/better_sqlite3.node']);
  const tarball = readFileSync(join(dir, name));
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const found = request.url === `/v${version}/${name}`;
    response.writeHead(found ? 200 : 404, { 'Content-Type': 'application/gzip' });
    response.end(found ? tarball : undefined);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    env: { npm_config_better_sqlite3_binary_host: `http://127.0.0.1:${port}` },
    requests,
    close: async () => {
      await new Promise((closed) => server.close(closed));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validateFlagsConfig } from '../../../shared/flags/validate-config.ts';
import type { FlagsConfig } from '../../../shared/flags/types.ts';

/** A flags file as loaded: the validated config, where it came from, and a hash of its content. */
export interface FlagsFile {
  path: string;
  config: FlagsConfig;
  sha256: string;
}

/** The file used when `FLAGS_FILE` is not set: the demo's flags, when the server runs from the repository. */
const DEFAULT_FLAGS_FILE = 'server/flags.example.json';

/**
 * Finds the flags file: `FLAGS_FILE` (must exist), else `server/flags.example.json` under `cwd` when present,
 * else none (the server starts with no flags and admin routes add them).
 */
export function flagsFilePath(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  if (env.FLAGS_FILE) return resolve(cwd, env.FLAGS_FILE);
  const fallback = resolve(cwd, DEFAULT_FLAGS_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * Reads and validates a flags file. Throws an error that names the file and every bad field by path (e.g.
 * `flags.pipeline-layout.rules[0].weights: must add up to 1`), so the server refuses to start on a bad file
 * instead of serving something half right. The `version` in the file is ignored: the server numbers versions.
 */
export function loadFlagsFile(path: string): FlagsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`FLAGS_FILE ${path} cannot be read: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`FLAGS_FILE ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const check = validateFlagsConfig(parsed);
  if (!check.ok) {
    const lines = check.problems.map((problem) => `  ${problem.path}: ${problem.message}`);
    throw new Error(`FLAGS_FILE ${path} is invalid:\n${lines.join('\n')}`);
  }
  const { version: _ignored, overrideTokenPublicKey: _alsoIgnored, ...config } = check.config;
  return { path, config, sha256: createHash('sha256').update(text).digest('hex') };
}

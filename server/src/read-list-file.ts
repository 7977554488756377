import { readFileSync } from 'node:fs';

/**
 * Reads a JSON settings file holding a list, either bare (`[...]`) or under `key` (`{ "rules": [...] }`); any
 * problem is an Error naming the setting and the path, so the server's start says what to fix.
 */
export function readListFile(path: string, setting: string, key: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${setting} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new Error(`${setting} ${path}: expected an array or { "${key}": [...] }`);
  return list;
}

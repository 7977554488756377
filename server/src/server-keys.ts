import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { list } from './env-values.ts';

interface Keys {
  writeKey: string;
  readKey: string;
}

/** The API keys, and which of them were generated here rather than given. */
export interface ServerKeys extends Keys {
  generatedKeys: (keyof Keys)[];
}

/**
 * The write and read keys from the environment; those not given are generated once and kept in
 * `dataDir/keys.json`, so a restart keeps the same keys and nothing ever runs with a guessable default.
 */
export function serverKeys(env: NodeJS.ProcessEnv, dataDir: string): ServerKeys {
  const stored = loadOrCreateKeys(join(dataDir, 'keys.json'));
  const generatedKeys: ServerKeys['generatedKeys'] = [];
  if (!env.INSIGHTS_WRITE_KEY) generatedKeys.push('writeKey');
  if (!env.INSIGHTS_READ_KEY) generatedKeys.push('readKey');
  const writeKey = env.INSIGHTS_WRITE_KEY || stored.writeKey;
  const readKey = env.INSIGHTS_READ_KEY || stored.readKey;
  if (writeKey === readKey)
    throw new Error('INSIGHTS_WRITE_KEY and INSIGHTS_READ_KEY must differ: the write key is public');
  if (list(env.INSIGHTS_STAFF_TOKENS).some((token) => token === writeKey || token === readKey)) {
    throw new Error('INSIGHTS_STAFF_TOKENS must differ from the write and read keys');
  }
  return { writeKey, readKey, generatedKeys };
}

function loadOrCreateKeys(file: string): Keys {
  if (existsSync(file)) {
    const keys = JSON.parse(readFileSync(file, 'utf8')) as Partial<Keys>;
    if (typeof keys.writeKey === 'string' && typeof keys.readKey === 'string') return keys as Keys;
  }
  const keys: Keys = {
    writeKey: `pk_${randomBytes(12).toString('hex')}`,
    readKey: `sk_${randomBytes(24).toString('hex')}`,
  };
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

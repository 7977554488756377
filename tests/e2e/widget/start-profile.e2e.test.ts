import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CURRENT_PROFILE_SHARE } from '../../../scripts/eager-compile.mjs';
import { eagerFunctionNames } from '../../support/eager-functions.ts';

const root = join(import.meta.dirname, '../../..');
const profile = JSON.parse(readFileSync(join(root, 'widget/start-profile.json'), 'utf8')) as {
  scripts: Record<string, string[]>;
};
const built = (script: string) => join(root, 'dist/public', script === 'insights.js' ? script : `insights/${script}`);

// The build compiles the functions the start profile names as each script loads (scripts/eager-compile.mjs). When
// the code moves on, the names stop matching and those functions compile at their first call instead: slower, and
// only the bench would show it. This says so, and what to run.
describe('the start profile', () => {
  it.each(Object.keys(profile.scripts))('still names the functions %s runs at start', (script) => {
    const file = built(script);
    expect(existsSync(file), `${file} is not built: run npm run build`).toBe(true);
    const code = readFileSync(file, 'utf8');
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as object;
    const eager = eagerFunctionNames(code, map, { module: script !== 'insights.js' });
    const names = profile.scripts[script] ?? [];
    const found = names.filter((name) => eager.has(name));
    expect(names.length).toBeGreaterThan(10);
    expect(
      found.length / names.length,
      'run `npm run profile:start` and commit widget/start-profile.json',
    ).toBeGreaterThan(CURRENT_PROFILE_SHARE);
  });
});

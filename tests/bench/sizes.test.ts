import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compressedSizes, measureBundles } from './sizes.ts';

describe('measureBundles', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-sizes-'));
    dirs.push(dir);
    return dir;
  };

  it('measures the core and every built chunk, and names expected chunks that were not built', () => {
    const publicDir = folder();
    const sources = folder();
    mkdirSync(join(publicDir, 'insights'));
    writeFileSync(join(publicDir, 'insights.js'), 'console.log("core");'.repeat(50));
    writeFileSync(join(publicDir, 'insights', 'surveys.js'), 'export const s = 1;');
    writeFileSync(join(sources, 'nps.tsx'), '');
    writeFileSync(join(sources, 'nps.test.ts'), '');

    const sizes = measureBundles(publicDir, sources);
    expect(sizes.map(({ name, built }) => [name, built])).toEqual([
      ['core', true],
      ['feedback', false],
      ['nps', false],
      ['replay', false],
      ['send', false],
      ['surveys', true],
    ]);
    const core = sizes[0]!;
    expect(core.raw).toBe(1000);
    expect(core.brotli).toBeLessThan(core.gzip!);
    expect(core.gzip).toBeLessThan(core.raw!);
  });

  it('reports a missing core as not built instead of failing', () => {
    expect(measureBundles(folder(), folder())[0]).toEqual({ name: 'core', file: 'insights.js', built: false });
  });
});

describe('compressedSizes', () => {
  it('counts the raw bytes exactly', () => {
    expect(compressedSizes(Buffer.from('abc')).raw).toBe(3);
  });
});

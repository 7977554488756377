import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceLocator } from './source-locator.ts';

const origin = 'http://127.0.0.1:9';
const dir = mkdtempSync(join(tmpdir(), 'source-locator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sourceLocator', () => {
  it('maps a minified frame of an SDK script to its source file and line, from the map beside it', async () => {
    const source =
      'export function first() {\n  return 1;\n}\n\nexport function second(n: number) {\n  return n * 2;\n}\n';
    const built = await transform(source, {
      loader: 'ts',
      format: 'esm',
      minify: true,
      sourcemap: 'external',
      sourcefile: '../../../widget/src/example.ts',
    });
    mkdirSync(join(dir, 'insights/abc'), { recursive: true });
    writeFileSync(join(dir, 'insights/abc/vitals.js.map'), built.map);
    const column = built.code.indexOf('n*2');
    expect(column).toBeGreaterThan(0);
    const locate = sourceLocator(dir, origin);
    expect(locate({ url: `${origin}/sdk/insights/abc/vitals.js`, lineNumber: 0, columnNumber: column })).toBe(
      'widget/src/example.ts:6',
    );
  });

  it('gives nothing for a peer, a script without a map, or another origin', () => {
    const locate = sourceLocator(dir, origin);
    expect(locate({ url: `${origin}/sdk/peers/sentry-errors.js`, lineNumber: 0, columnNumber: 0 })).toBeUndefined();
    expect(locate({ url: `${origin}/sdk/insights.js`, lineNumber: 0, columnNumber: 0 })).toBeUndefined();
    expect(locate({ url: 'http://elsewhere/sdk/insights.js', lineNumber: 0, columnNumber: 0 })).toBeUndefined();
  });
});
